package dev.sockets.blocking;

import static dev.sockets.blocking.Fixtures.anyLocal;
import static dev.sockets.blocking.Fixtures.payload;
import static dev.sockets.blocking.Fixtures.readAll;
import static dev.sockets.blocking.Fixtures.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.ConnectionResetException;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.OutputShutdownException;
import dev.sockets.SocketClosedException;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Streams in every domain: the round trip, half-close, errors, and use after close. */
// Closing a resource of a try-with-resources early is what these tests are about.
@SuppressWarnings("try")
class StreamTest {

    private final BlockingSocketProvider provider = new BlockingSocketProvider();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void roundTripOfAFewMegabytesThenEndOfStream(Domain domain) throws Exception {
        byte[] request = payload(3 * 1024 * 1024 + 7);
        try (Listener listener = provider.listen(anyLocal(domain, dir));
             Connection client = provider.connect(listener.localAddress());
             Connection server = listener.accept()) {
            assertEquals(listener.localAddress(), client.remoteAddress());
            assertEquals(listener.localAddress(), server.localAddress());
            assertEquals(client.localAddress(), server.remoteAddress());
            // The server echoes while the client writes: both send buffers fill up (full duplex).
            // Threads of their own: the common pool may have a single worker on a small machine.
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(8191);
                    while (server.read(buffer.clear()) >= 0) {
                        server.write(buffer.flip());
                    }
                    server.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> {
                try {
                    return readAll(client);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            client.write(ByteBuffer.wrap(request));
            client.shutdownOutput();
            assertArrayEquals(request, reply.get());
            echo.get();
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "end of stream stays -1");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void halfCloseAndShutdownsAreIdempotent(Domain domain) throws IOException {
        try (Listener listener = provider.listen(anyLocal(domain, dir));
             Connection client = provider.connect(listener.localAddress());
             Connection server = listener.accept()) {
            assertEquals(0, client.read(ByteBuffer.allocate(0)), "a full buffer reads 0");
            client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            client.shutdownOutput();
            client.shutdownOutput();
            assertThrows(OutputShutdownException.class, () -> client.write(ByteBuffer.wrap(new byte[] {4})));
            assertArrayEquals(new byte[] {1, 2, 3}, readAll(server));
            server.write(ByteBuffer.wrap(new byte[] {9}));
            assertArrayEquals(new byte[] {9}, readExactly(client, 1));

            server.shutdownInput();
            server.shutdownInput();
            assertEquals(-1, server.read(ByteBuffer.allocate(1)));
            server.write(ByteBuffer.wrap(new byte[] {8}));
            assertArrayEquals(new byte[] {8}, readExactly(client, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void everyOperationAfterCloseThrowsSocketClosed(Domain domain) throws IOException {
        try (Listener listener = provider.listen(anyLocal(domain, dir));
             Connection client = provider.connect(listener.localAddress());
             Connection server = listener.accept()) {
            client.close();
            client.close();
            assertFalse(client.isOpen());
            assertThrows(SocketClosedException.class, () -> client.read(ByteBuffer.allocate(1)));
            assertThrows(SocketClosedException.class, () -> client.write(ByteBuffer.allocate(1)));
            assertThrows(SocketClosedException.class, client::shutdownInput);
            assertThrows(SocketClosedException.class, client::shutdownOutput);
            assertThrows(SocketClosedException.class, () -> client.option(StandardSocketOptions.SO_SNDBUF));
            assertThrows(SocketClosedException.class, () -> client.option(StandardSocketOptions.SO_SNDBUF, 4096));
            assertEquals(listener.localAddress(), client.remoteAddress(), "addresses stay readable");
            assertEquals(-1, server.read(ByteBuffer.allocate(1)), "the peer sees the close");
            listener.close();
            assertThrows(SocketClosedException.class, listener::accept);
        }
    }

    @Test
    void aResetPeerIsConnectionResetOnRead() throws IOException {
        try (Listener listener = provider.listen(anyLocal(Domain.INET, dir));
             Connection client = provider.connect(listener.localAddress());
             Connection server = listener.accept()) {
            server.option(StandardSocketOptions.SO_LINGER, 0);
            server.close();
            assertThrows(ConnectionResetException.class, () -> client.read(ByteBuffer.allocate(1)));
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void writingToAClosedPeerEventuallyIsConnectionReset(Domain domain) throws IOException {
        try (Listener listener = provider.listen(anyLocal(domain, dir));
             Connection client = provider.connect(listener.localAddress());
             Connection server = listener.accept()) {
            server.close();
            assertThrows(ConnectionResetException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    client.write(ByteBuffer.wrap(payload(1024)));
                }
            });
        }
    }

    @Test
    void refusedAndInUseReadTheSameInEveryDomain() throws IOException {
        InetSocketAddress nobody;
        try (Listener listener = provider.listen(anyLocal(Domain.INET, dir))) {
            nobody = (InetSocketAddress) listener.localAddress();
            BindException inUse = assertThrows(BindException.class, () -> provider.listen(nobody));
            assertEquals("Address already in use: 127.0.0.1:" + nobody.getPort(), inUse.getMessage());
        }
        ConnectException refused = assertThrows(ConnectException.class, () -> provider.connect(nobody));
        assertEquals("Connection refused: 127.0.0.1:" + nobody.getPort(), refused.getMessage());

        UnixDomainSocketAddress missing = UnixDomainSocketAddress.of(dir.resolve("missing.sock"));
        assertThrows(ConnectException.class, () -> provider.connect(missing));
        UnixDomainSocketAddress plainFile = UnixDomainSocketAddress.of(Files.createFile(dir.resolve("plain")));
        assertThrows(ConnectException.class, () -> provider.connect(plainFile));
        assertThrows(BindException.class, () -> provider.listen(plainFile));
        assertTrue(Files.exists(plainFile.getPath()), "a failed bind leaves someone else's file alone");
    }

    @Test
    void optionsAreSetBeforeConnectAndUnsupportedOnesRefused() throws IOException {
        try (Listener listener = provider.listen(anyLocal(Domain.INET, dir));
             Connection client = provider.connect(listener.localAddress(),
                     StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true));
             Connection server = listener.accept()) {
            assertTrue(client.option(StandardSocketOptions.TCP_NODELAY));
            client.option(StandardSocketOptions.SO_KEEPALIVE, true).option(StandardSocketOptions.SO_LINGER, 3);
            assertTrue(client.option(StandardSocketOptions.SO_KEEPALIVE));
            assertEquals(3, client.option(StandardSocketOptions.SO_LINGER));
            assertTrue(server.option(StandardSocketOptions.SO_RCVBUF) > 0);
            assertThrows(IllegalArgumentException.class, () -> client.option(StandardSocketOptions.SO_SNDBUF, 0));
        }
        UnixDomainSocketAddress path = (UnixDomainSocketAddress) anyLocal(Domain.UNIX, dir);
        StreamOptions noDelay = StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true);
        assertThrows(UnsupportedOperationException.class, () -> provider.connect(path, noDelay));
        assertThrows(UnsupportedOperationException.class,
                () -> provider.listen(path, ListenOptions.defaults().withConnectionOptions(noDelay)));
        assertFalse(Files.exists(path.getPath()), "refused before bind");
        try (Listener listener = provider.listen(path);
             Connection client = provider.connect(path)) {
            listener.accept().close();
            assertThrows(UnsupportedOperationException.class, () -> client.option(StandardSocketOptions.TCP_NODELAY, true));
            assertTrue(client.option(StandardSocketOptions.SO_SNDBUF) > 0);
        }
    }

    @Test
    void aUnixPathTooLongIsRefusedBeforeBind() {
        UnixDomainSocketAddress tooLong = UnixDomainSocketAddress.of(dir.resolve("x".repeat(120)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.listen(tooLong));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
    }
}
