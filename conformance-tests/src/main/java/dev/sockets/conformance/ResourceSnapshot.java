package dev.sockets.conformance;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What a test may leave behind, counted before it and checked after it (§13): socket descriptors
 * of this process, live threads of the providers under test, platform and virtual
 * ({@link LiveThreads}), and files in the test's socket folder.
 */
record ResourceSnapshot(long openSockets, Set<String> liveThreads) {

    /** How long the check waits for resources to go: closes may finish on another thread. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private static final Path FD_DIR = Path.of("/proc/self/fd");

    static {
        // The JDK keeps one socket for the life of the process from its first NIO socket on (the
        // "pre-close" descriptor of sun.nio.ch.UnixDispatcher, half of a socketpair). Open that first
        // socket here, so that whichever test runs first does not see it as a leak.
        try {
            java.nio.channels.DatagramChannel.open().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResourceSnapshot take(Path socketDir, String... threadPrefixes) {
        return new ResourceSnapshot(socketDescriptors(), threads(threadPrefixes));
    }

    /**
     * Waits until no more socket descriptors are open than {@code before}, no thread of the providers
     * started since is alive, and {@code socketDir} is empty; else fails the test, naming what leaked.
     */
    static void awaitNoLeak(ResourceSnapshot before, Path socketDir, String... threadPrefixes) {
        try {
            await("resources released").atMost(GRACE).pollInterval(Duration.ofMillis(20))
                    .until(() -> leaks(before, socketDir, threadPrefixes).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("§13: left behind after the test: " + leaks(before, socketDir, threadPrefixes), e);
        }
    }

    static List<String> leaks(ResourceSnapshot before, Path socketDir, String... threadPrefixes) {
        List<String> leaks = new ArrayList<>();
        long sockets = socketDescriptors();
        if (sockets > before.openSockets()) {
            leaks.add("§13.1: " + (sockets - before.openSockets()) + " socket descriptor(s)");
        }
        Set<String> threads = threads(threadPrefixes);
        threads.removeAll(before.liveThreads());
        if (!threads.isEmpty()) {
            leaks.add("§13.2: thread(s) " + threads);
        }
        List<String> files = files(socketDir);
        if (!files.isEmpty()) {
            leaks.add("§13.3: file(s) " + files);
        }
        return leaks;
    }

    /** Counts this process's descriptors that are sockets, from /proc/self/fd; -1 where there is none. */
    static long socketDescriptors() {
        if (!Files.isDirectory(FD_DIR)) {
            return -1;
        }
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            return fds.filter(ResourceSnapshot::isSocket).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (NoSuchFileException closedMeanwhile) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Names of live threads, platform and virtual, with one of the prefixes, except the provider's
     * shared ones (§13.2). A new, modifiable set.
     */
    static Set<String> threads(String... prefixes) {
        Set<String> names = new TreeSet<>();
        for (String name : LiveThreads.names()) {
            for (String prefix : prefixes) {
                if (name.startsWith(prefix) && !name.startsWith(prefix + "shared-")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
