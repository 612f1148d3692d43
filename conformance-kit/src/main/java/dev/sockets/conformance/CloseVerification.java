package dev.sockets.conformance;

import static dev.sockets.conformance.Streams.ascii;
import static dev.sockets.conformance.Streams.bytes;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.ConnectionResetException;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.conformance.BlockedCall.Wait;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

/**
 * §7, close: idempotent, final (every later operation throws {@link SocketClosedException}), able to
 * wake a thread blocked on the object from another thread, and seen by the peer as an orderly end
 * of stream.
 *
 * <p>The tests of §7.3 run the blocking call on a thread of the kit, wait until it is blocked in the
 * provider, close from the test's thread, and give the call {@link BlockedCall#BOUND} to end with
 * {@link SocketClosedException}: "promptly", with room for a loaded machine. Those of §7.5 do the
 * same with {@link Thread#interrupt()} instead of a close, and also interrupt the thread before the
 * call, which must then close its object at once.
 */
public abstract class CloseVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected CloseVerification() {
    }

    /** A bound on calls that must end by themselves; reached only by a provider that hangs. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    /** The payload of §7.4: more than 64 KiB, so that it spans many segments and more than one buffer. */
    private static final int PAYLOAD = 200 * 1024 + 7;

    /** How many request–reply exchanges §7.4 closes in an orderly way, at most ... */
    private static final int ORDERLY_CLOSES = 200;

    /** ... and at least, however long they take ... */
    private static final int MIN_ORDERLY_CLOSES = 20;

    /** How many orderly closes §7.4's test makes in a pair of two different providers. */
    private static final int ORDERLY_CLOSES_IN_A_PAIR = 50;

    /** ... and for how long beyond the least. */
    private static final Duration ORDERLY_CLOSES_WITHIN = Duration.ofSeconds(10);

    /**
     * The connect timeout of a connect that §7.5 interrupts while it waits: longer than the kit waits for
     * the interrupt to take effect ({@link BlockedCall#BOUND}), so that a provider that ignores the
     * interrupt fails with the timeout's exception rather than hanging, and leaves no descriptor behind.
     */
    private static final Duration INTERRUPTED_CONNECT_TIMEOUT = BlockedCall.BOUND.plusSeconds(2);

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

    /**
     * A second close does nothing, also to the next listener on a UNIX-domain listener's path: a close that ran its
     * clean-up again would remove the socket file of whoever listens there now (§4.5, §13.3).
     */
    @Test
    void required_s7_1_aSecondCloseOfAUnixListenerLeavesTheNextListenerOnItsPathAlone() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        SocketAddress path = anyLocal(Domain.UNIX);
        Listener first = serverProvider().listen(path);
        first.close();
        try (Listener next = serverProvider().listen(path)) {
            first.close();
            assertTrue(Files.exists(((UnixDomainSocketAddress) path).getPath()),
                    "§7.1: a second close of a UNIX-domain listener removed the socket file of the next listener on its path");
            try (Connection client = clientProvider().connect(path); Connection accepted = next.accept()) {
                client.write(ascii("!"));
                assertArrayEquals(bytes("!"), Streams.readExactly(accepted, 1), "§7.1: the next listener still accepts");
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
    void required_s7_1_closeDoesNotThrowAfterThePeerReset(Domain domain) throws IOException {
        for (boolean resetRead : new boolean[] {true, false}) {
            try (ConnectedPair pair = connectedPair(domain)) {
                Streams.reset(pair.server(), pair.client());
                if (resetRead) {
                    assertInstanceOf(ConnectionResetException.class,
                            BlockedCall.start("read", () -> pair.client().read(ByteBuffer.allocate(8))).awaitThrown(),
                            "§5.5: read after the peer reset the connection");
                }
                for (int i = 0; i < 2; i++) {
                    pair.client().close();
                    assertFalse(pair.client().isOpen(), "§7.1: isOpen() after close");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_1_closeDoesNotThrowWithTheInterruptStatusSet(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Server server = serverProvider().serve(anyLocal(domain), Streams::echo);
            DatagramEndpoint endpoint = provider().supports(domain, SocketType.DATAGRAM)
                    ? provider().openDatagram(anyLocal(domain))
                    : null;
            try (Connection served = clientProvider().connect(server.localAddress())) {
                served.write(ascii("x"));
                assertArrayEquals(bytes("x"), Streams.readExactly(served, 1), "the server echoes");
                // Every close on a thread whose interrupt status is set: none throws, each closes for good.
                AutoCloseable[] all = endpoint == null
                        ? new AutoCloseable[] {served, pair.client(), pair.server(), pair.listener(), server}
                        : new AutoCloseable[] {served, pair.client(), pair.server(), pair.listener(), server, endpoint};
                Boolean stillInterrupted = BlockedCall.start("close", () -> {
                    Thread.currentThread().interrupt();
                    for (AutoCloseable c : all) {
                        c.close();
                        c.close();
                    }
                    return Thread.currentThread().isInterrupted();
                }).awaitValue(BOUND.plus(ServerOptions.DEFAULT_SHUTDOWN_TIMEOUT));
                assertFalse(pair.client().isOpen() || pair.server().isOpen() || pair.listener().isOpen() || server.isOpen()
                        || (endpoint != null && endpoint.isOpen()), "§7.1: every object closed by a thread with its interrupt status set");
                assertTrue(stillInterrupted, "§7.1: close() leaves the caller's interrupt status as it was");
            } finally {
                server.close();
                if (endpoint != null) {
                    endpoint.close();
                }
            }
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
                byte[] received = assertTimeoutPreemptively(BOUND, () -> Streams.readToEndOfStream(reader),
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
            assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(pair.server(), 1));
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

    /**
     * Request and reply, many times over, with either end closing once it has read every byte of the
     * request: the peer reads the whole reply, then −1, and never a reset (a provider that aborts or
     * drains on close, or closes before its writes are done, fails here sooner or later).
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_4_aCloseWithAllInputReadIsNeverAReset(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        int[] sizes = {1, 1000, 64 * 1024 + 1, PAYLOAD};
        long deadline = System.nanoTime() + ORDERLY_CLOSES_WITHIN.toNanos();
        try (Listener listener = serverProvider().listen(anyLocal(domain))) {
            int i = 0;
            // A pair of two providers runs fewer: each provider's own kit has run all of them with itself at both ends.
            int closes = clientProvider().name().equals(serverProvider().name()) ? ORDERLY_CLOSES : ORDERLY_CLOSES_IN_A_PAIR;
            for (; i < closes && (i < MIN_ORDERLY_CLOSES || System.nanoTime() < deadline); i++) {
                boolean serverCloses = i % 2 == 0;
                byte[] request = new byte[sizes[i % sizes.length]];
                byte[] reply = new byte[sizes[(i / 2 + 1) % sizes.length]];
                Random random = new Random(i);
                random.nextBytes(request);
                random.nextBytes(reply);
                try (Connection client = clientProvider().connect(listener.localAddress());
                        Connection server = assertTimeoutPreemptively(BOUND, listener::accept, "accept")) {
                    Connection closer = serverCloses ? server : client;
                    Connection peer = serverCloses ? client : server;
                    String what = "§7.4: close number " + (i + 1) + " (by the " + (serverCloses ? "server" : "client") + ", after reading all "
                            + request.length + " B, with a reply of " + reply.length + " B)";
                    BlockedCall<Void> asks = BlockedCall.start("request", () -> {
                        peer.write(ByteBuffer.wrap(request));
                        return null;
                    });
                    BlockedCall<Void> answersThenCloses = BlockedCall.start("reply", () -> {
                        assertArrayEquals(request, Streams.readExactly(closer, request.length), "the request");
                        closer.write(ByteBuffer.wrap(reply));
                        closer.close();
                        return null;
                    });
                    byte[] received;
                    try {
                        received = BlockedCall.start("read", () -> Streams.readToEndOfStream(peer)).awaitValue(BOUND);
                    } catch (AssertionFailedError e) {
                        throw new AssertionFailedError(what + ": the peer's read to end of stream: " + e.getMessage(), e.getCause());
                    }
                    asks.awaitValue(BOUND);
                    answersThenCloses.awaitValue(BOUND);
                    assertArrayEquals(reply, received, () -> what + ": the peer reads every byte, then -1");
                }
            }
            assertTrue(i >= MIN_ORDERLY_CLOSES, "ran " + i + " closes");
        }
    }

    // ---- §7.5: an interrupt closes

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_5_anInterruptWakesABlockedReadAndCloses(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            assertAnInterruptCloses("read interrupted while blocked", "read", () -> pair.client().read(ByteBuffer.allocate(8)), false);
            assertFalse(pair.client().isOpen(), "§7.5: the interrupt closed the connection, as close() does");
            assertClosed(() -> pair.client().read(ByteBuffer.allocate(1)), "read after the interrupt");
            assertEquals(-1, BlockedCall.start("read", () -> pair.server().read(ByteBuffer.allocate(1))).awaitValue(BOUND),
                    "§7.5, §7.4: the peer sees the close");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_5_anInterruptWakesABlockedWriteAndCloses(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            ByteBuffer chunk = ByteBuffer.allocate(1024 * 1024);
            assertAnInterruptCloses("write interrupted while blocked on a full send buffer", "write", () -> {
                for (int i = 0; i < 1024; i++) {
                    pair.client().write(chunk.clear());
                }
                throw new AssertionError("1 GiB written to a peer that does not read: no write blocked");
            }, false);
            assertFalse(pair.client().isOpen(), "§7.5: the interrupt closed the connection, as close() does");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_5_anInterruptWakesABlockedAcceptAndCloses(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(domain))) {
            assertAnInterruptCloses("accept interrupted while blocked", "accept", () -> {
                listener.accept().close();
                return "a connection, with no client";
            }, false);
            assertFalse(listener.isOpen(), "§7.5: the interrupt closed the listener, as close() does");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_5_anInterruptWakesABlockedReceiveAndCloses(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain))) {
            assertAnInterruptCloses("receive interrupted while blocked", "receive", () -> endpoint.receive(ByteBuffer.allocate(8)), false);
            assertFalse(endpoint.isOpen(), "§7.5: the interrupt closed the endpoint, as close() does");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_5_anInterruptWakesAWaitingConnect(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        assumeOwnKitRun();
        StreamOptions options = StreamOptions.defaults().withConnectTimeout(INTERRUPTED_CONNECT_TIMEOUT);
        if (domain == Domain.UNIX) {
            try (Listener listener = serverProvider().listen(anyLocal(domain), ListenOptions.defaults().withBacklog(1))) {
                Optional<FullUnixBacklog> full = FullUnixBacklog.fill((UnixDomainSocketAddress) listener.localAddress());
                assumeTrue(full.isPresent(), "no UNIX-domain connect to a full backlog would block here");
                try (FullUnixBacklog queued = full.get()) {
                    assertAConnectInterruptedWhileWaitingCloses(listener.localAddress(), options);
                }
            }
        } else {
            Optional<UnresponsiveListener> made = UnresponsiveListener.open((InetSocketAddress) anyLocal(domain));
            assumeTrue(made.isPresent(), "this kernel answers every connect to a full backlog; no connect waits");
            try (UnresponsiveListener target = made.get()) {
                assertAConnectInterruptedWhileWaitingCloses(target.address(), options);
            }
        }
    }

    private void assertAConnectInterruptedWhileWaitingCloses(SocketAddress target, StreamOptions options) {
        long before = Descriptors.open();
        assertAnInterruptCloses("connect interrupted while it waits (its timeout is " + options.connectTimeout() + ")", "connect", () -> {
            clientProvider().connect(target, options).close();
            return "a connection";
        }, false);
        Descriptors.awaitNoMoreThan(before, "§7.5: an interrupted connect leaves no descriptor open");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s7_5_aCallMadeWithTheInterruptStatusSetClosesAtOnce(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        try (ConnectedPair reads = connectedPair(domain);
                ConnectedPair writes = connectedPair(domain);
                Listener listener = serverProvider().listen(anyLocal(domain));
                Listener target = serverProvider().listen(anyLocal(domain))) {
            DatagramEndpoint endpoint = provider().supports(domain, SocketType.DATAGRAM) ? provider().openDatagram(anyLocal(domain)) : null;
            try {
                long before = Descriptors.open();
                assertAll(
                        () -> {
                            assertAnInterruptCloses("read with the interrupt status set", "read",
                                    () -> reads.client().read(ByteBuffer.allocate(8)), true);
                            assertFalse(reads.client().isOpen(), "§7.5: read with the interrupt status set closed the connection");
                        },
                        () -> {
                            assertAnInterruptCloses("write (with room in the send buffer) with the interrupt status set", "write", () -> {
                                writes.client().write(ascii("x"));
                                return "returned";
                            }, true);
                            assertFalse(writes.client().isOpen(), "§7.5: write with the interrupt status set closed the connection");
                        },
                        () -> {
                            assertAnInterruptCloses("accept with the interrupt status set", "accept", () -> {
                                listener.accept().close();
                                return "a connection, with no client";
                            }, true);
                            assertFalse(listener.isOpen(), "§7.5: accept with the interrupt status set closed the listener");
                        },
                        () -> {
                            assertAnInterruptCloses("connect (to a listener) with the interrupt status set", "connect", () -> {
                                clientProvider().connect(target.localAddress()).close();
                                return "a connection";
                            }, true);
                            Descriptors.awaitNoMoreThan(before, "§7.5: connect with the interrupt status set leaves no descriptor open");
                        },
                        () -> {
                            if (endpoint != null) {
                                assertAnInterruptCloses("receive with the interrupt status set", "receive",
                                        () -> endpoint.receive(ByteBuffer.allocate(8)), true);
                                assertFalse(endpoint.isOpen(), "§7.5: receive with the interrupt status set closed the endpoint");
                            }
                        });
            } finally {
                if (endpoint != null) {
                    endpoint.close();
                }
            }
        }
    }

    // ---- §7.3 and §7.5 on every way a call waits: on a virtual thread, with a timeout

    @ParameterizedTest
    @EnumSource(Wait.class)
    void required_s7_3_closeFromAnotherThreadUnblocksReadWhateverTheWait(Wait wait) throws IOException {
        assumeOwnKitRun();
        try (ConnectedPair pair = connectedPair(wait.domain(), StreamOptions.defaults().withReadTimeout(wait.timeout()),
                ListenOptions.defaults())) {
            BlockedCall<Integer> read = wait.start("read", () -> pair.client().read(ByteBuffer.allocate(16))).awaitBlockedIn("read");
            pair.client().close();
            assertInstanceOf(SocketClosedException.class, read.awaitThrown(), () -> "§7.3: read (" + wait + ") woken by close");
        }
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void required_s7_3_closeFromAnotherThreadUnblocksAcceptWhateverTheWait(Wait wait) throws IOException {
        assumeSupported(wait.domain(), SocketType.STREAM);
        assumeOwnKitRun();
        try (Listener listener = provider().listen(anyLocal(wait.domain()), ListenOptions.defaults().withAcceptTimeout(wait.timeout()))) {
            BlockedCall<Connection> accept = wait.start("accept", listener::accept).awaitBlockedIn("accept");
            listener.close();
            assertInstanceOf(SocketClosedException.class, accept.awaitThrown(), () -> "§7.3: accept (" + wait + ") woken by close");
        }
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void required_s7_3_closeFromAnotherThreadUnblocksReceiveWhateverTheWait(Wait wait) throws IOException {
        assumeSupported(wait.domain(), SocketType.DATAGRAM);
        assumeOwnKitRun();
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(wait.domain()),
                DatagramOptions.defaults().withReceiveTimeout(wait.timeout()))) {
            BlockedCall<SocketAddress> receive = wait.start("receive", () -> endpoint.receive(ByteBuffer.allocate(16)))
                    .awaitBlockedIn("receive");
            endpoint.close();
            assertInstanceOf(SocketClosedException.class, receive.awaitThrown(), () -> "§7.3: receive (" + wait + ") woken by close");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Wait.class, names = {"INET_ON_A_VIRTUAL_THREAD", "UNIX_ON_A_VIRTUAL_THREAD"}) // write has no timeout
    void required_s7_3_closeFromAnotherThreadUnblocksWriteWhateverTheWait(Wait wait) throws IOException {
        assumeOwnKitRun();
        try (ConnectedPair pair = connectedPair(wait.domain())) {
            BlockedCall<Void> write = wait.<Void>start("write", () -> fillTheSendBuffers(pair.client())).awaitBlockedIn("write");
            pair.client().close();
            assertInstanceOf(SocketClosedException.class, write.awaitThrown(), () -> "§7.3: write (" + wait + ") woken by close");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Wait.class, names = {"INET_ON_A_VIRTUAL_THREAD", "UNIX_ON_A_VIRTUAL_THREAD"}) // write has no timeout
    void required_s7_5_anInterruptWakesABlockedWriteAndClosesWhateverTheWait(Wait wait) throws IOException {
        assumeOwnKitRun();
        try (ConnectedPair pair = connectedPair(wait.domain())) {
            assertAnInterruptCloses("write (" + wait + ") interrupted while blocked on a full send buffer", "write",
                    () -> fillTheSendBuffers(pair.client()), false, wait::start);
            assertFalse(pair.client().isOpen(), () -> "§7.5: the interrupt of a write (" + wait + ") closed the connection");
        }
    }

    /** Writes to a peer that does not read until a write blocks; fails if none does within 1 GiB. */
    private static Void fillTheSendBuffers(Connection connection) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1024 * 1024);
        for (int i = 0; i < 1024; i++) {
            connection.write(chunk.clear());
        }
        throw new AssertionError("1 GiB written to a peer that does not read: no write blocked");
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void required_s7_5_anInterruptWakesABlockedReadAndClosesWhateverTheWait(Wait wait) throws IOException {
        assumeOwnKitRun();
        try (ConnectedPair pair = connectedPair(wait.domain(), StreamOptions.defaults().withReadTimeout(wait.timeout()),
                ListenOptions.defaults())) {
            assertAnInterruptCloses("read (" + wait + ") interrupted while blocked", "read",
                    () -> pair.client().read(ByteBuffer.allocate(8)), false, wait::start);
            assertFalse(pair.client().isOpen(), () -> "§7.5: the interrupt of a read (" + wait + ") closed the connection");
        }
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void required_s7_5_anInterruptWakesABlockedAcceptAndClosesWhateverTheWait(Wait wait) throws IOException {
        assumeSupported(wait.domain(), SocketType.STREAM);
        assumeOwnKitRun();
        try (Listener listener = provider().listen(anyLocal(wait.domain()), ListenOptions.defaults().withAcceptTimeout(wait.timeout()))) {
            assertAnInterruptCloses("accept (" + wait + ") interrupted while blocked", "accept", () -> {
                listener.accept().close();
                return "a connection, with no client";
            }, false, wait::start);
            assertFalse(listener.isOpen(), () -> "§7.5: the interrupt of an accept (" + wait + ") closed the listener");
        }
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void required_s7_5_anInterruptWakesABlockedReceiveAndClosesWhateverTheWait(Wait wait) throws IOException {
        assumeSupported(wait.domain(), SocketType.DATAGRAM);
        assumeOwnKitRun();
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(wait.domain()),
                DatagramOptions.defaults().withReceiveTimeout(wait.timeout()))) {
            assertAnInterruptCloses("receive (" + wait + ") interrupted while blocked", "receive",
                    () -> endpoint.receive(ByteBuffer.allocate(8)), false, wait::start);
            assertFalse(endpoint.isOpen(), () -> "§7.5: the interrupt of a receive (" + wait + ") closed the endpoint");
        }
    }

    /**
     * Runs {@code call} on a kit thread and interrupts it: once it is blocked in the provider's
     * {@code method}, or, with {@code alreadyInterrupted}, before it starts. The call must throw
     * {@link SocketClosedException} "Closed by interrupt" promptly, and leave the thread's interrupt
     * status set (§7.5).
     */
    private static void assertAnInterruptCloses(String what, String method, Callable<?> call, boolean alreadyInterrupted) {
        assertAnInterruptCloses(what, method, call, alreadyInterrupted, BlockedCall::start);
    }

    /** As above, with the call started by {@code starter} (on a thread of a {@link Wait}'s kind). */
    private static void assertAnInterruptCloses(String what, String method, Callable<?> call, boolean alreadyInterrupted,
            BiFunction<String, Callable<Object>, BlockedCall<Object>> starter) {
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        BlockedCall<Object> blocked = starter.apply(method, () -> {
            if (alreadyInterrupted) {
                Thread.currentThread().interrupt();
            }
            try {
                return call.call();
            } finally {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        Throwable thrown;
        try {
            if (!alreadyInterrupted) {
                blocked.awaitBlockedIn(method);
                blocked.interrupt();
            }
            thrown = blocked.awaitThrown();
        } catch (AssertionFailedError | ConditionTimeoutException e) {
            throw new AssertionFailedError("§7.5: " + what + ": " + e.getMessage().replace("§7.3: ", ""));
        }
        assertInstanceOf(SocketClosedException.class, thrown, () -> "§7.5: " + what);
        assertEquals("Closed by interrupt", thrown.getMessage(), () -> "§7.5, §2.6: the message of " + what);
        assertTrue(stillInterrupted.get(), () -> "§7.5: " + what + ": the thread's interrupt status stays set");
    }

    private static void assertClosed(Executable call, String what) {
        assertThrows(SocketClosedException.class, call, () -> "§7.2: " + what + " after close");
    }
}
