package dev.sockets.conformance;

import static dev.sockets.conformance.Waits.await;

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
 * ({@link LiveThreads}), and files in the test's socket folder. Every area of the kit takes one before
 * each test and checks after it ({@link ProviderVerification}); a test of one's own that opens more than
 * its area knows of may check itself:
 * {@snippet :
 * ResourceSnapshot before = ResourceSnapshot.take(socketDir(), "sockets-mine-");
 * // ... open and close what the test needs
 * ResourceSnapshot.awaitNoLeak(before, socketDir(), "sockets-mine-");
 * }
 * The descriptors are counted from {@code /proc/self/fd} (Linux); where there is none, the count is -1
 * and only threads and files are checked.
 *
 * @param openSockets the socket descriptors open, -1 where the system does not tell
 * @param liveThreads the names of the live threads with one of the prefixes, shared ones left out
 */
public record ResourceSnapshot(long openSockets, Set<String> liveThreads) {

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

    /**
     * Copies the thread names.
     *
     * @param openSockets the socket descriptors open, -1 where the system does not tell
     * @param liveThreads the names of the live threads
     */
    public ResourceSnapshot {
        liveThreads = Set.copyOf(liveThreads);
    }

    /**
     * Counts what is open now.
     *
     * @param socketDir the folder whose files are checked afterwards (not read now)
     * @param threadPrefixes the names of the threads to count begin with one of these ({@code "sockets-nio-"})
     * @return what is open now
     */
    public static ResourceSnapshot take(Path socketDir, String... threadPrefixes) {
        return new ResourceSnapshot(socketDescriptors(), threads(threadPrefixes));
    }

    /**
     * Waits until no more socket descriptors are open than {@code before}, no thread of the providers
     * started since is alive, and {@code socketDir} is empty; else fails the test, naming what leaked.
     *
     * @param before what was open before the test
     * @param socketDir the folder that must be empty
     * @param threadPrefixes the prefixes of the threads that must be gone
     * @throws AssertionError if something is still open after a grace of ten seconds, naming it
     */
    public static void awaitNoLeak(ResourceSnapshot before, Path socketDir, String... threadPrefixes) {
        try {
            // The thread dump only once the descriptors and files are released: each dump walks every thread, and
            // the JDK 25 one has crashed the VM (ShouldNotReachHere in map_state_to_thread_status) on a virtual
            // thread caught between states, so the fewer dumps the better.
            await("resources released").atMost(GRACE).pollInterval(Duration.ofMillis(50))
                    .until(() -> socketsAndFilesReleased(before, socketDir) && leaks(before, socketDir, threadPrefixes).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("§13: left behind after the test: " + leaks(before, socketDir, threadPrefixes), e);
        }
    }

    /** Whether no more socket descriptors are open than {@code before} and {@code socketDir} is empty: no dump needed. */
    private static boolean socketsAndFilesReleased(ResourceSnapshot before, Path socketDir) {
        return socketDescriptors() <= before.openSockets() && files(socketDir).isEmpty();
    }

    /**
     * Returns what is open now that was not in {@code before}, each as "§13.1: 2 socket descriptor(s)".
     *
     * @param before what was open before
     * @param socketDir the folder that must be empty
     * @param threadPrefixes the prefixes of the threads that must be gone
     * @return the leaks, none if nothing leaked
     */
    public static List<String> leaks(ResourceSnapshot before, Path socketDir, String... threadPrefixes) {
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

    /**
     * Counts this process's descriptors that are sockets, from /proc/self/fd.
     *
     * @return the count; -1 where there is no /proc/self/fd
     */
    public static long socketDescriptors() {
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
     *
     * @param prefixes the prefixes, as {@code "sockets-nio-"}
     * @return the names, sorted
     */
    public static Set<String> threads(String... prefixes) {
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

    /**
     * Deletes {@code dir} and everything in it, if it exists.
     *
     * @param dir the folder
     * @throws IOException if a file cannot be deleted
     */
    public static void deleteRecursively(Path dir) throws IOException {
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
