package dev.sockets.virtualthreads;

import dev.sockets.Connection;
import dev.sockets.Domain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Addresses and small helpers for the tests of this module: loopback only, UNIX paths in a test's folder. */
final class Loopback {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Loopback() {
    }

    /**
     * An address to bind in {@code domain}: the loopback with port 0, or a fresh path in {@code dir}. The tests of
     * this module take AF_INET and AF_UNIX, whose waits differ; AF_INET6 waits as AF_INET does, and is the kit's.
     */
    static SocketAddress any(Domain domain, Path dir) {
        try {
            return switch (domain) {
                case INET -> new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
                case INET6 -> new InetSocketAddress(InetAddress.getByName("::1"), 0);
                case UNIX -> UnixDomainSocketAddress.of(dir.resolve("s" + NEXT.incrementAndGet() + ".sock"));
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads exactly {@code n} bytes, or fails at end of stream. */
    static String readExactly(Connection c, int n) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(n);
        while (dst.hasRemaining()) {
            if (c.read(dst) < 0) {
                throw new IOException("end of stream after " + dst.position() + " of " + n + " bytes");
            }
        }
        return new String(dst.array(), StandardCharsets.US_ASCII);
    }

    /** The handler of an echo server: writes back what it reads until end of stream. */
    static void echo(Connection c) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (c.read(buffer.clear()) >= 0) {
            c.write(buffer.flip());
        }
    }
}
