package dev.sockets.nio;

import static dev.sockets.nio.NioTesting.anyLocal;
import static dev.sockets.nio.NioTesting.payload;
import static dev.sockets.nio.NioTesting.readToEnd;
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
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bytes and datagrams go through NIO sockets intact, in every domain. */
class RoundTripTest {

    private final SocketProvider nio = NioSocketProvider.builder().loops(2).build();

    @TempDir
    Path dir;

    @Test
    void isFoundByName() {
        assertEquals("nio", Sockets.provider("nio").name());
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void streamRoundTripInBothDirectionsThenEndOfStream(Domain domain) throws Exception {
        byte[] request = payload(3 * 1024 * 1024 + 7, 1);
        byte[] response = payload(1024 * 1024 + 1, 2);
        try (Listener listener = nio.listen(anyLocal(domain, dir));
                Connection client = nio.connect(listener.localAddress());
                Connection server = listener.accept()) {
            assertEquals(listener.localAddress(), client.remoteAddress());
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] got = readToEnd(server, request.length + 1);
                    server.write(ByteBuffer.wrap(response));
                    server.shutdownOutput();
                    return got;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            client.write(ByteBuffer.wrap(request));
            client.shutdownOutput();
            assertThrows(OutputShutdownException.class, () -> client.write(ByteBuffer.wrap(new byte[1])));
            assertArrayEquals(response, readToEnd(client, response.length + 1));
            assertArrayEquals(request, received.get(30, TimeUnit.SECONDS));
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "end of stream stays -1");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void everyOperationAfterCloseThrowsClosed(Domain domain) throws Exception {
        Listener listener = nio.listen(anyLocal(domain, dir));
        Connection client = nio.connect(listener.localAddress());
        Connection server = listener.accept();
        SocketAddress remote = client.remoteAddress();
        client.close();
        client.close();
        assertFalse(client.isOpen());
        assertThrows(SocketClosedException.class, () -> client.read(ByteBuffer.allocate(1)));
        assertThrows(SocketClosedException.class, () -> client.write(ByteBuffer.allocate(1)));
        assertThrows(SocketClosedException.class, client::shutdownInput);
        assertThrows(SocketClosedException.class, client::shutdownOutput);
        assertThrows(SocketClosedException.class, () -> client.option(StandardSocketOptions.SO_RCVBUF));
        assertEquals(remote, client.remoteAddress(), "§3.5");
        assertEquals(-1, server.read(ByteBuffer.allocate(1)), "the peer sees the close");
        server.close();
        listener.close();
        assertThrows(SocketClosedException.class, listener::accept);
        if (domain == Domain.UNIX) {
            assertFalse(Files.exists(dir.resolve(listener.localAddress().toString())), "§4.5");
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "§4.5: the socket file is removed");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void connectToNothingIsRefused(Domain domain) throws Exception {
        SocketAddress nobody;
        try (Listener listener = nio.listen(anyLocal(domain, dir))) {
            nobody = listener.localAddress();
        }
        ConnectException e = assertThrows(ConnectException.class, () -> nio.connect(nobody));
        assertTrue(e.getMessage().startsWith("Connection refused: "), e.getMessage());
    }

    @Test
    void unsupportedOptionIsRefusedBeforeConnecting() throws Exception {
        try (Listener listener = nio.listen(anyLocal(Domain.UNIX, dir))) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> nio.connect(listener.localAddress(), StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true)));
            assertTrue(e.getMessage().contains("TCP_NODELAY"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void datagramsKeepTheirBoundariesAndTruncate(Domain domain) throws Exception {
        try (DatagramEndpoint a = nio.openDatagram(anyLocal(domain, dir));
                DatagramEndpoint b = nio.openDatagram(anyLocal(domain, dir))) {
            int max = domain == Domain.INET ? DatagramEndpoint.MAX_IPV4_PAYLOAD : DatagramEndpoint.MAX_IPV6_PAYLOAD;
            byte[] big = payload(max, 3);
            a.send(ByteBuffer.wrap(big), b.localAddress());
            a.send(ByteBuffer.allocate(0), b.localAddress());
            a.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), b.localAddress());
            ByteBuffer whole = ByteBuffer.allocate(max + 10);
            assertEquals(a.localAddress(), b.receive(whole));
            assertArrayEquals(big, java.util.Arrays.copyOf(whole.array(), whole.position()));
            ByteBuffer empty = ByteBuffer.allocate(10);
            b.receive(empty);
            assertEquals(0, empty.position());
            ByteBuffer small = ByteBuffer.allocate(2);
            b.receive(small);
            assertArrayEquals(new byte[] {1, 2}, small.array(), "§11.5: truncated");
            assertThrows(IllegalArgumentException.class, () -> a.send(ByteBuffer.allocate(max + 1), b.localAddress()));
            assertThrows(IllegalStateException.class, () -> a.send(ByteBuffer.allocate(1)));
            a.connect(b.localAddress());
            assertThrows(IllegalStateException.class, () -> a.connect(b.localAddress()));
            a.send(ByteBuffer.wrap(new byte[] {9}));
            ByteBuffer one = ByteBuffer.allocate(1);
            assertEquals(a.localAddress(), b.receive(one));
            assertEquals(9, one.get(0));
        }
    }
}
