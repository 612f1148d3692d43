package dev.sockets.nio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.Domain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What the tests of this module share: addresses in each domain, payloads, reading to the end, the handler
 * threads of a server, and the platform threads of the model.
 */
final class NioTesting {

    /** The names of the event loops' threads. */
    static final String LOOP_THREADS = "sockets-nio-shared-loop-";

    private static final AtomicInteger NEXT_PATH = new AtomicInteger();
    private static final boolean IPV6 = probeIpv6();

    private NioTesting() {
    }

    /** The loopback of {@code domain} with port 0, or a fresh socket path in {@code dir}; skips without IPv6. */
    static SocketAddress anyLocal(Domain domain, Path dir) {
        try {
            return switch (domain) {
                case INET -> new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
                case INET6 -> {
                    assumeTrue(IPV6, "this machine has no IPv6 loopback");
                    yield new InetSocketAddress(InetAddress.getByName("::1"), 0);
                }
                case UNIX -> UnixDomainSocketAddress.of(dir.resolve("n" + NEXT_PATH.incrementAndGet() + ".sock"));
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] payload(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Reads until end of stream, at most {@code limit} bytes. */
    static byte[] readToEnd(Connection c, int limit) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(limit);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (;;) {
            chunk.clear();
            int n = c.read(chunk);
            if (n < 0) {
                break;
            }
            chunk.flip();
            all.put(chunk);
        }
        all.flip();
        byte[] bytes = new byte[all.remaining()];
        all.get(bytes);
        return bytes;
    }

    /** Returns {@code handler}, which first adds the thread it runs on to {@code threads}. */
    static ConnectionHandler recording(Set<Thread> threads, ConnectionHandler handler) {
        return c -> {
            threads.add(Thread.currentThread());
            handler.handle(c);
        };
    }

    /**
     * Whether {@code t} is a platform thread of the model: an event loop, or a carrier of the virtual threads
     * that run the handlers (the only platform threads a server of this provider uses).
     */
    static boolean isModelThread(Thread t) {
        return t.getName().startsWith(LOOP_THREADS) || t.getClass().getName().equals("jdk.internal.misc.CarrierThread");
    }

    /** CPU time, in nanoseconds, of each live platform thread of the model, by thread id. */
    static Map<Long, Long> modelCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long nanos = isModelThread(t) ? mx.getThreadCpuTime(t.threadId()) : -1;
            if (nanos >= 0) {
                cpu.put(t.threadId(), nanos);
            }
        }
        return cpu;
    }

    /** The socket descriptors this process has open now, from /proc/self/fd; skips where there is none. */
    static long socketDescriptors() {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "no /proc/self/fd to count descriptors");
        try (Stream<Path> all = Files.list(fds)) {
            return all.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false; // closed meanwhile, or the directory's own descriptor
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code t} is parked in {@link Readiness#await}: waiting for its loop, not spinning. */
    static boolean parkedInReadiness(Thread t) {
        Thread.State state = t.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(Readiness.class.getName()) && e.getMethodName().equals("await")) {
                return true;
            }
        }
        return false;
    }

    private static boolean probeIpv6() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
