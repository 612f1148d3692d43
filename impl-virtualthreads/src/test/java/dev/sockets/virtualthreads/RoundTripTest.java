package dev.sockets.virtualthreads;

import static dev.sockets.virtualthreads.Loopback.ascii;
import static dev.sockets.virtualthreads.Loopback.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.Domain;
import dev.sockets.Listener;
import dev.sockets.OutputShutdownException;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Addresses;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Connect, accept, read, write, half-close and close in every domain, on virtual threads and on platform ones. */
class RoundTripTest {

    private final SocketProvider provider = new VirtualThreadSocketProvider();

    @TempDir
    Path dir;

    @Test
    void isFoundByName() {
        assertEquals("virtualthreads", Sockets.provider("virtualthreads").name());
        assertTrue(Sockets.provider("virtualthreads") instanceof VirtualThreadSocketProvider);
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "UNIX"})
    void streamRoundTripBothWaysThenEndOfStream(Domain domain) throws Exception {
        try (Listener listener = provider.listen(Loopback.any(domain, dir));
                ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Connection> accepted = virtual.submit(listener::accept);
            try (Connection client = provider.connect(listener.localAddress());
                    Connection server = accepted.get()) {
                assertEquals(listener.localAddress(), client.remoteAddress());
                assertEquals(listener.localAddress(), server.localAddress());
                client.write(ascii("ping"));
                assertEquals("ping", readExactly(server, 4));
                server.write(ascii("pong"));
                server.shutdownOutput();
                server.shutdownOutput();
                assertThrows(OutputShutdownException.class, () -> server.write(ascii("x")));
                assertEquals("pong", readExactly(client, 4));
                assertEquals(-1, client.read(ByteBuffer.allocate(1)));
                assertEquals(-1, client.read(ByteBuffer.allocate(1)));
                assertEquals(0, client.read(ByteBuffer.allocate(0)));
            }
        }
        if (domain == Domain.UNIX) {
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "§4.5: the socket file is removed on close");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "UNIX"})
    void largePayloadsBothWaysAtOnceFromVirtualThreads(Domain domain) throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024 + 1];
        new Random(42).nextBytes(payload);
        try (Listener listener = provider.listen(Loopback.any(domain, dir));
                ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Connection> accepted = virtual.submit(listener::accept);
            try (Connection client = provider.connect(listener.localAddress());
                    Connection server = accepted.get()) {
                // Direct buffers on one side, heap buffers on the other: both paths of the socket.
                Future<byte[]> clientGot = virtual.submit(exchange(client, ByteBuffer.allocateDirect(payload.length).put(payload).flip(), payload.length, true));
                Future<byte[]> serverGot = virtual.submit(exchange(server, ByteBuffer.wrap(payload), payload.length, false));
                assertArrayEquals(payload, clientGot.get());
                assertArrayEquals(payload, serverGot.get());
            }
        }
    }

    /** Writes {@code src} on a virtual thread of its own while it reads {@code expected} bytes. */
    private static Callable<byte[]> exchange(Connection c, ByteBuffer src, int expected, boolean direct) {
        return () -> {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.write(src);
                    c.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ByteBuffer all = ByteBuffer.allocate(expected);
            ByteBuffer chunk = direct ? ByteBuffer.allocateDirect(7001) : ByteBuffer.allocate(7001);
            int n;
            while ((n = c.read(chunk.clear())) >= 0) {
                assertTrue(n > 0);
                all.put(chunk.flip());
            }
            writer.join();
            assertFalse(src.hasRemaining());
            return all.array();
        };
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "UNIX"})
    void readAfterShutdownInputIsEndOfStreamAndWritesStillGo(Domain domain) throws Exception {
        try (Listener listener = provider.listen(Loopback.any(domain, dir));
                Connection client = provider.connect(listener.localAddress());
                Connection server = listener.accept()) {
            server.shutdownInput();
            server.shutdownInput();
            assertEquals(-1, server.read(ByteBuffer.allocate(8)));
            server.write(ascii("still"));
            assertEquals("still", readExactly(client, 5));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "UNIX"})
    @SuppressWarnings("try") // closes its resources itself, twice: close is idempotent
    void everyOperationAfterCloseThrowsClosed(Domain domain) throws Exception {
        SocketAddress remote;
        Connection client;
        try (Listener listener = provider.listen(Loopback.any(domain, dir))) {
            client = provider.connect(listener.localAddress());
            remote = client.remoteAddress();
            listener.accept().close();
            client.close();
            client.close();
            listener.close();
            assertFalse(listener.isOpen());
            assertThrows(SocketClosedException.class, listener::accept);
        }
        assertFalse(client.isOpen());
        assertEquals(remote, client.remoteAddress());
        assertThrows(SocketClosedException.class, () -> client.read(ByteBuffer.allocate(1)));
        assertThrows(SocketClosedException.class, () -> client.write(ascii("x")));
        assertThrows(SocketClosedException.class, client::shutdownInput);
        assertThrows(SocketClosedException.class, client::shutdownOutput);
        assertThrows(SocketClosedException.class, () -> client.option(StandardSocketOptions.SO_RCVBUF));
        assertThrows(SocketClosedException.class, () -> client.option(StandardSocketOptions.SO_RCVBUF, 4096));
    }

    @Test
    void unsupportedOptionIsRefusedNamingIt() throws Exception {
        SocketAddress unix = Loopback.any(Domain.UNIX, dir);
        try (Listener listener = provider.listen(unix)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> provider.connect(
                    unix, StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true)));
            assertTrue(e.getMessage().contains("TCP_NODELAY"), e.getMessage());
            try (Connection c = provider.connect(unix)) {
                assertThrows(UnsupportedOperationException.class, () -> c.option(StandardSocketOptions.TCP_NODELAY, true));
                listener.accept().close();
            }
        }
    }

    /** The limit the API checks (§2.3) is the JDK's: a path of exactly that many bytes binds and connects. */
    @Test
    void theLongestUnixPathTheApiAllowsWorks() throws Exception {
        String base = dir.toString() + "/";
        UnixDomainSocketAddress longest = UnixDomainSocketAddress.of(base + "p".repeat(Addresses.MAX_UNIX_PATH_BYTES - base.length()));
        UnixDomainSocketAddress tooLong = UnixDomainSocketAddress.of(base + "p".repeat(Addresses.MAX_UNIX_PATH_BYTES + 1 - base.length()));
        try (Listener listener = provider.listen(longest);
                Connection client = provider.connect(longest);
                Connection server = listener.accept()) {
            client.write(ascii("!"));
            assertEquals("!", readExactly(server, 1));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.listen(tooLong));
        assertTrue(e.getMessage().startsWith("§2.3: UNIX-domain socket path too long"), e.getMessage());
        assertFalse(Files.exists(tooLong.getPath()));
    }

    @Test
    void optionsAreSetBeforeConnectAndReadBack() throws Exception {
        try (Listener listener = provider.listen(Loopback.any(Domain.INET, dir));
                Connection c = provider.connect(listener.localAddress(), StreamOptions.defaults()
                        .with(StandardSocketOptions.TCP_NODELAY, true)
                        .with(StandardSocketOptions.SO_KEEPALIVE, true))) {
            assertTrue(c.option(StandardSocketOptions.TCP_NODELAY));
            assertTrue(c.option(StandardSocketOptions.SO_KEEPALIVE));
            c.option(StandardSocketOptions.SO_LINGER, 5);
            assertEquals(5, c.option(StandardSocketOptions.SO_LINGER));
            listener.accept().close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = "INET")
    void datagramsKeepBoundariesAndTruncate(Domain domain) throws Exception {
        try (DatagramEndpoint a = provider.openDatagram(Loopback.any(domain, dir));
                DatagramEndpoint b = provider.openDatagram(Loopback.any(domain, dir))) {
            a.send(ascii("hello world"), b.localAddress());
            a.send(ascii(""), b.localAddress());
            a.send(ascii("next"), b.localAddress());
            ByteBuffer small = ByteBuffer.allocate(5);
            assertEquals(a.localAddress(), b.receive(small));
            assertEquals("hello", new String(small.array(), 0, small.position()));
            ByteBuffer direct = ByteBuffer.allocateDirect(64);
            b.receive(direct);
            assertEquals(0, direct.position());
            b.receive(direct);
            assertEquals(4, direct.position());
            b.connect(a.localAddress());
            assertThrows(IllegalStateException.class, () -> b.connect(a.localAddress()));
            assertThrows(IllegalStateException.class, () -> b.send(ascii("x"), b.localAddress()));
            b.send(ascii("back"));
            ByteBuffer got = ByteBuffer.allocate(16);
            assertEquals(b.localAddress(), a.receive(got));
            assertEquals(4, got.position());
        }
    }

    @Test
    void readsTimeoutAndTheConnectionStaysUsable() throws Exception {
        // see TimeoutTest for every domain; here the write that ends the wait comes from a virtual thread
        try (Listener listener = provider.listen(Loopback.any(Domain.UNIX, dir));
                Connection client = provider.connect(listener.localAddress(),
                        StreamOptions.defaults().withReadTimeout(Duration.ofMillis(100)));
                Connection server = listener.accept()) {
            assertThrows(SocketTimeoutException.class, () -> client.read(ByteBuffer.allocate(4)));
            Thread.ofVirtual().start(() -> {
                try {
                    server.write(ascii("late"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).join();
            assertEquals("late", readExactly(client, 4));
        }
    }
}
