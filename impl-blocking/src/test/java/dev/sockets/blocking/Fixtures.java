package dev.sockets.blocking;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** Addresses, payloads and checks the tests of this module share. */
final class Fixtures {

    private static final AtomicInteger NEXT_PATH = new AtomicInteger();
    private static final boolean IPV6 = probeIpv6();

    private Fixtures() {
    }

    /** A loopback address with port 0, or a fresh path in {@code dir}; skips IPv6 where the machine has none. */
    static SocketAddress anyLocal(Domain domain, Path dir) throws IOException {
        return switch (domain) {
            case INET -> new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
            case INET6 -> {
                assumeTrue(IPV6, "no IPv6 loopback on this machine");
                yield new InetSocketAddress(InetAddress.getByName("::1"), 0);
            }
            case UNIX -> UnixDomainSocketAddress.of(dir.resolve("s" + NEXT_PATH.incrementAndGet() + ".sock"));
        };
    }

    /** {@code size} bytes of a pattern that shows misordered or lost bytes. */
    static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        return bytes;
    }

    /** Reads until end of stream, returning every byte read. */
    static byte[] readAll(Connection connection) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(1024);
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        while (connection.read(chunk.clear()) >= 0) {
            chunk.flip();
            if (all.remaining() < chunk.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(all.capacity() * 2, all.position() + chunk.remaining()));
                all.flip();
                bigger.put(all);
                all = bigger;
            }
            all.put(chunk);
        }
        byte[] bytes = new byte[all.position()];
        all.flip().get(bytes);
        return bytes;
    }

    /** Reads exactly {@code n} bytes. */
    static byte[] readExactly(Connection connection, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (connection.read(buffer) < 0) {
                throw new IOException("end of stream after " + buffer.position() + " of " + n + " bytes");
            }
        }
        return buffer.array();
    }

    /** The names of the live threads of this provider. */
    static Set<String> providerThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("sockets-blocking-")) {
                names.add(thread.getName());
            }
        }
        return names;
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
