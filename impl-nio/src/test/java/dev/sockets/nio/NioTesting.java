package dev.sockets.nio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** What the tests of this module share: addresses in each domain, payloads, and reading to the end. */
final class NioTesting {

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

    /** Total CPU time, in nanoseconds, of the live threads whose names start with {@code prefix}. */
    static long cpuNanos(String prefix) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                long cpu = mx.getThreadCpuTime(t.threadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
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
