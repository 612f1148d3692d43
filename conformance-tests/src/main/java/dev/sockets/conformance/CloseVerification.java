package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.ConnectionResetException;
import dev.sockets.DatagramEndpoint;
import dev.sockets.Domain;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §7, close: idempotent, final (every later operation throws {@link SocketClosedException}), able to
 * wake a thread blocked on the object from another thread, and seen by the peer as an orderly end
 * of stream.
 *
 * <p>The tests of §7.3 run the blocking call on a thread of the kit, wait until it is blocked in the
 * provider, close from the test's thread, and give the call {@link BlockedCall#BOUND} to end with
 * {@link SocketClosedException}: "promptly", with room for a loaded machine.
 */
public abstract class CloseVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected CloseVerification() {
    }

    /** A bound on calls that must end by themselves; reached only by a provider that hangs. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    /** The payload of §7.4: more than 64 KiB, so that it spans many segments and more than one buffer. */
    private static final int PAYLOAD = 200 * 1024 + 7;

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_1_closeIsIdempotentOnConnectionsAndListeners(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (Connection c : new Connection[] {pair.client(), pair.server()}) {
                for (int i = 0; i < 3; i++) {
                    c.close();
                    assertFalse(c.isOpen(), "§7.1: isOpen() after close");
                }
            }
            for (int i = 0; i < 3; i++) {
                pair.listener().close();
                assertFalse(pair.listener().isOpen(), "§7.1: isOpen() after close");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s7_1_closeIsIdempotentOnDatagramEndpoints(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain));
        for (int i = 0; i < 3; i++) {
            endpoint.close();
            assertFalse(endpoint.isOpen(), "§7.1: isOpen() after close");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_1_closeIsIdempotentOnServers(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        Server server = serverProvider().serve(anyLocal(domain), connection -> { });
        for (int i = 0; i < 3; i++) {
            assertTimeoutPreemptively(BOUND, server::close, "§12.6: close of an idle server");
            assertFalse(server.isOpen(), "§7.1: isOpen() after close");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_2_everyConnectionOperationAfterCloseThrowsTheClosedException(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (Connection c : new Connection[] {pair.client(), pair.server()}) {
                c.close();
                assertFalse(c.isOpen(), "§7.2: isOpen() after close");
                assertClosed(() -> c.read(ByteBuffer.allocate(1)), "read");
                assertClosed(() -> c.read(ByteBuffer.allocate(0)), "read into a full buffer");
                assertClosed(() -> c.write(ByteBuffer.wrap(new byte[] {1})), "write");
                assertClosed(() -> c.shutdownInput(), "shutdownInput");
                assertClosed(() -> c.shutdownOutput(), "shutdownOutput");
                assertClosed(() -> c.option(StandardSocketOptions.SO_RCVBUF), "option(SO_RCVBUF)");
                assertClosed(() -> c.option(StandardSocketOptions.SO_RCVBUF, 8192), "option(SO_RCVBUF, 8192)");
            }
            pair.listener().close();
            assertClosed(() -> pair.listener().accept().close(), "accept");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s7_2_everyDatagramOperationAfterCloseThrowsTheClosedException(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint peer = provider().openDatagram(anyLocal(domain))) {
            SocketAddress target = peer.localAddress();
            DatagramEndpoint connected = provider().openDatagram(anyLocal(domain));
            connected.connect(target);
            connected.close();
            DatagramEndpoint unconnected = provider().openDatagram(anyLocal(domain));
            unconnected.close();
            for (DatagramEndpoint e : new DatagramEndpoint[] {connected, unconnected}) {
                assertFalse(e.isOpen(), "§7.2: isOpen() after close");
                assertClosed(() -> e.send(ByteBuffer.wrap(new byte[] {1}), target), "send(src, target)");
                assertClosed(() -> e.receive(ByteBuffer.allocate(8)), "receive");
            }
            assertClosed(() -> connected.send(ByteBuffer.wrap(new byte[] {1})), "send(src) on a connected endpoint");
            assertClosed(() -> unconnected.connect(target), "connect");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_3_closeFromAnotherThreadUnblocksRead(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            BlockedCall<Integer> read = BlockedCall.start("read", () -> pair.client().read(ByteBuffer.allocate(16)))
                    .awaitBlockedIn("read");
            pair.client().close();
            assertInstanceOf(SocketClosedException.class, read.awaitThrown(), "§7.3: read woken by close");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_3_closeFromAnotherThreadUnblocksWrite(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            // The peer never reads: the writes fill both buffers, and one blocks.
            ByteBuffer chunk = ByteBuffer.allocate(1024 * 1024);
            BlockedCall<Void> write = BlockedCall.<Void>start("write", () -> {
                for (int i = 0; i < 1024; i++) {
                    pair.client().write(chunk.clear());
                }
                throw new AssertionError("1 GiB written to a peer that does not read: no write blocked");
            }).awaitBlockedIn("write");
            pair.client().close();
            assertInstanceOf(SocketClosedException.class, write.awaitThrown(), "§7.3: write woken by close");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_3_closeFromAnotherThreadUnblocksAccept(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        Listener listener = serverProvider().listen(anyLocal(domain));
        try {
            BlockedCall<Connection> accept = BlockedCall.start("accept", listener::accept).awaitBlockedIn("accept");
            listener.close();
            assertInstanceOf(SocketClosedException.class, accept.awaitThrown(), "§7.3: accept woken by close");
        } finally {
            listener.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s7_3_closeFromAnotherThreadUnblocksReceive(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain));
        try {
            BlockedCall<SocketAddress> receive = BlockedCall.start("receive", () -> endpoint.receive(ByteBuffer.allocate(16)))
                    .awaitBlockedIn("receive");
            endpoint.close();
            assertInstanceOf(SocketClosedException.class, receive.awaitThrown(), "§7.3: receive woken by close");
        } finally {
            endpoint.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_4_thePeerReadsEveryByteThenEndOfStream(Domain domain) throws IOException {
        byte[] payload = new byte[PAYLOAD];
        new Random(PAYLOAD).nextBytes(payload);
        for (boolean clientCloses : new boolean[] {true, false}) {
            try (ConnectedPair pair = connectedPair(domain)) {
                Connection closer = clientCloses ? pair.client() : pair.server();
                Connection reader = clientCloses ? pair.server() : pair.client();
                String who = clientCloses ? "the server, after the client closed" : "the client, after the server closed";
                // The write runs beside the reads: the payload is larger than what the buffers hold.
                BlockedCall<Void> writeThenClose = BlockedCall.start("write", () -> {
                    closer.write(ByteBuffer.wrap(payload));
                    closer.close();
                    return null;
                });
                byte[] received = assertTimeoutPreemptively(BOUND, () -> readToEndOfStream(reader),
                        "§7.4: " + who + " reads to end of stream");
                writeThenClose.awaitValue(BOUND);
                assertEquals(payload.length, received.length, "§7.4: " + who + " reads every byte written before close");
                assertArrayEquals(payload, received, "§7.4: " + who + " reads the bytes written before close, in order");
                assertEquals(-1, reader.read(ByteBuffer.allocate(1)), "§7.4: end of stream stays -1");
            }
        }
    }

    /**
     * Closing with unread input discards it; SPEC.md lets the peer see either an orderly end of stream or a
     * reset then (java.net's Socket shuts its output down before it closes, so its peer reads −1; a
     * SocketChannel's peer gets an RST). Either way the peer reads no byte, and a reset has the type of §2.5.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_4_closingWithUnreadDataEndsOrResetsThePeer(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.client().write(ByteBuffer.wrap(new byte[] {1, 2}));
            // Reading one byte waits for the write to arrive; the second byte came with it and stays unread.
            assertTimeoutPreemptively(BOUND, () -> ConnectVerification.readExactly(pair.server(), 1));
            pair.server().close();
            ByteBuffer dst = ByteBuffer.allocate(8);
            try {
                int n = assertTimeoutPreemptively(BOUND, () -> pair.client().read(dst), "§7.4: read after the peer closed");
                assertEquals(-1, n, "§7.4: the peer of a close reads end of stream (or a reset), no byte");
            } catch (Exception e) {
                // assertTimeoutPreemptively rethrows what read threw, unchecked; assertion failures are Errors and pass.
                assertInstanceOf(ConnectionResetException.class, e, "§7.4, §2.5: a reset is a ConnectionResetException");
            }
        }
    }

    /** Reads until end of stream; fails on a read of 0 into a buffer with space (a provider that reports end of stream as 0). */
    static byte[] readToEndOfStream(Connection connection) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(8192 + 3);
        while (true) {
            int n = connection.read(dst.clear());
            if (n == -1) {
                return all.toByteArray();
            }
            assertTrue(n > 0, () -> "§5.1, §5.3: read returned " + n + " into a buffer with " + dst.capacity()
                    + " bytes free, after " + all.size() + " bytes; end of stream is -1");
            all.write(dst.array(), 0, n);
        }
    }

    private static void assertClosed(Executable call, String what) {
        assertThrows(SocketClosedException.class, call, () -> "§7.2: " + what + " after close");
    }
}
