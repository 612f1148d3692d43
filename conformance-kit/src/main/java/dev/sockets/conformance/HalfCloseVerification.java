package dev.sockets.conformance;

import static dev.sockets.conformance.Streams.ascii;
import static dev.sockets.conformance.Streams.bytes;
import static dev.sockets.conformance.Waits.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sockets.Connection;
import dev.sockets.ConnectionResetException;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.OutputShutdownException;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.conformance.Generators.Payload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §6, half-close: {@code shutdown(SHUT_WR)} ends one direction and keeps the other, as a request
 * ended by end of stream needs; {@code shutdown(SHUT_RD)} makes reads return −1 and keeps writes;
 * writing after {@code shutdownOutput} is {@link OutputShutdownException}; both directions end
 * cleanly. Each shutdown may be called again, with no effect, and succeeds (and counts) after the
 * peer reset the connection.
 *
 * <p>In every supported domain, for the connecting end and the accepted one, and as a property over
 * payloads in both directions at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class HalfCloseVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected HalfCloseVerification() {
    }

    /** How long a call that has what it needs may take: "at once", on a loaded machine. */
    private static final Duration PROMPTLY = BlockedCall.BOUND;

    /** How long one example of the property may take, both directions together. */
    private static final Duration EXAMPLE_BOUND = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_1_shutdownOutputSendsEndOfStreamAndKeepsInput(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.client().write(ascii("request"));
            pair.client().shutdownOutput();
            assertArrayEquals(bytes("request"), Streams.readToEnd(pair.server(), 100),
                    "§6.1: the peer reads the bytes written before shutdownOutput, then −1");

            pair.server().write(ascii("response"));
            pair.server().close();
            assertArrayEquals(bytes("response"), Streams.readToEnd(pair.client(), 100),
                    "§6.1: after shutdownOutput this side still reads");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_1_shutdownOutputOfTheAcceptedEnd(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.server().write(ascii("greeting"));
            pair.server().shutdownOutput();
            assertArrayEquals(bytes("greeting"), Streams.readToEnd(pair.client(), 100),
                    "§6.1: the connecting end reads the accepted end's bytes, then −1");

            pair.client().write(ascii("answer"));
            pair.client().shutdownOutput();
            assertArrayEquals(bytes("answer"), Streams.readToEnd(pair.server(), 100),
                    "§6.1: the accepted end still reads after its shutdownOutput");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_1_shutdownOutputAgainHasNoEffect(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.client().write(ascii("once"));
            pair.client().shutdownOutput();
            pair.client().shutdownOutput();
            assertTrue(pair.client().isOpen(), "§6.1: shutdownOutput does not close");
            assertArrayEquals(bytes("once"), Streams.readToEnd(pair.server(), 100), "§6.1: one end of stream");

            pair.server().write(ascii("still"));
            pair.server().shutdownOutput();
            pair.client().shutdownOutput();
            assertArrayEquals(bytes("still"), Streams.readToEnd(pair.client(), 100),
                    "§6.1: input is unaffected by shutdownOutput, however often");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_2_shutdownInputMakesReadsReturnMinusOneAtOnce(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Connection client = pair.client();
            client.shutdownInput();
            // Nothing was sent: without shutdownInput this read would wait for ever.
            assertEquals(-1, BlockedCall.start("read", () -> client.read(ByteBuffer.allocate(16))).awaitValue(PROMPTLY),
                    "§6.2: read after shutdownInput");
            assertEquals(-1, client.read(ByteBuffer.allocate(16)), "§6.2: and again");
            assertTrue(client.isOpen(), "§6.2: shutdownInput does not close");
        }
    }

    /** A reader blocked when another thread shuts input down, on each way a read waits (§7.3's): it returns −1. */
    @ParameterizedTest
    @EnumSource(BlockedCall.Wait.class)
    void required_s6_2_shutdownInputWakesABlockedReadWhateverTheWait(BlockedCall.Wait wait) throws IOException {
        assumeOwnKitRun();
        try (ConnectedPair pair = connectedPair(wait.domain(), StreamOptions.defaults().withReadTimeout(wait.timeout()),
                ListenOptions.defaults())) {
            Connection client = pair.client();
            BlockedCall<Integer> read = wait.start("read", () -> client.read(ByteBuffer.allocate(16))).awaitBlockedIn("read");
            client.shutdownInput();
            assertEquals(-1, read.awaitValue(PROMPTLY), () -> "§6.2: a read (" + wait + ") blocked when input was shut down");
            assertTrue(client.isOpen(), "§6.2: shutdownInput does not close");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_2_shutdownInputMakesReadsReturnMinusOneWithDataUnread(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.client().write(ascii("sent before"));
            pair.server().shutdownInput();
            assertEquals(-1, pair.server().read(ByteBuffer.allocate(64)), "§6.2: read after shutdownInput, with data unread");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_2_shutdownInputKeepsOutput(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.server().shutdownInput();
            pair.server().write(ascii("answer"));
            pair.server().shutdownOutput();
            assertArrayEquals(bytes("answer"), Streams.readToEnd(pair.client(), 100),
                    "§6.2: a write after shutdownInput reaches the peer");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_2_shutdownInputAgainHasNoEffect(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.client().shutdownInput();
            pair.client().shutdownInput();
            assertEquals(-1, pair.client().read(ByteBuffer.allocate(16)), "§6.2: read after shutdownInput twice");
            pair.client().write(ascii("x"));
            pair.client().shutdownInput();
            pair.client().shutdownOutput();
            assertArrayEquals(bytes("x"), Streams.readToEnd(pair.server(), 100), "§6.2: output is unaffected");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_3_writeAfterShutdownOutputThrows(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (Connection end : new Connection[] {pair.client(), pair.server()}) {
                end.shutdownOutput();
                assertThrows(OutputShutdownException.class, () -> end.write(ascii("late")),
                        "§6.3: write after shutdownOutput");
                assertThrows(OutputShutdownException.class, () -> end.write(ascii("again")),
                        "§6.3: write after shutdownOutput, again");
                assertTrue(end.isOpen(), "§6.3: the connection stays open");
            }
            assertEquals(-1, pair.client().read(ByteBuffer.allocate(8)), "§6.3: nothing of the refused write was sent");
            assertEquals(-1, pair.server().read(ByteBuffer.allocate(8)), "§6.3: nothing of the refused write was sent");
        }
    }

    /** A writer blocked on a full send buffer when another thread shuts output down (§6.3). */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_3_shutdownOutputWakesABlockedWrite(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            assertShutdownOutputWakesTheWriter(pair, BlockedCall::start, "on a platform thread, no timeout");
        }
    }

    /** As above, on each other way a write waits (§7.3's), the timed ones with a write timeout it never reaches. */
    @ParameterizedTest
    @EnumSource(BlockedCall.Wait.class)
    void required_s6_3_shutdownOutputWakesABlockedWriteWhateverTheWait(BlockedCall.Wait wait) throws IOException {
        assumeOwnKitRun();
        try (ConnectedPair pair = connectedPair(wait.domain(), StreamOptions.defaults().withWriteTimeout(wait.timeout()),
                ListenOptions.defaults())) {
            assertShutdownOutputWakesTheWriter(pair, wait::start, wait.toString());
        }
    }

    /**
     * The client writes to a server that does not read until the write blocks, then shuts its output down: the
     * write throws {@link OutputShutdownException} at once; the server reads a prefix of what was written, then
     * −1; the client still reads (§6.1).
     */
    private static void assertShutdownOutputWakesTheWriter(ConnectedPair pair,
            BiFunction<String, Callable<Void>, BlockedCall<Void>> starter, String how) throws IOException {
        Connection client = pair.client();
        AtomicLong completed = new AtomicLong();
        BlockedCall<Void> write = starter.apply("write", () -> writeUntilBlocked(client, completed)).awaitBlockedIn("write");
        // Blocked on a full buffer, not only between two chunks: no write has returned over two looks 50 ms apart.
        AtomicLong seen = new AtomicLong(-1);
        await("a write that stays blocked").atMost(PROMPTLY).pollInterval(Duration.ofMillis(50))
                .until(() -> seen.getAndSet(completed.get()) == completed.get());
        long handedOver = completed.get();
        client.shutdownOutput();
        assertInstanceOf(OutputShutdownException.class, write.awaitThrown(),
                () -> "§6.3: a write (" + how + ") blocked on a full send buffer when output was shut down");
        assertTrue(client.isOpen(), "§6.3: the connection stays open");

        byte[] received = Streams.readToEndOfStream(pair.server());
        assertTrue(received.length >= handedOver, () -> "§6.3: the peer read " + received.length + " B, less than the "
                + handedOver + " B of the writes that returned before shutdownOutput");
        for (int i = 0; i < received.length; i++) {
            if (received[i] != patternAt(i)) {
                int at = i;
                fail(() -> "§6.3: the peer read " + received.length + " B, not a prefix of what was written: byte " + at
                        + " differs (a write (" + how + ") woken by shutdownOutput)");
            }
        }
        pair.server().write(ascii("still"));
        pair.server().shutdownOutput();
        assertArrayEquals(bytes("still"), Streams.readToEnd(client, 100), "§6.1: input is kept after the woken write");
    }

    /**
     * Writes 1 MiB chunks of {@link #patternAt} to a peer that does not read until a write blocks, counting in
     * {@code completed} the bytes of the writes that returned; fails at 1 GiB.
     */
    private static Void writeUntilBlocked(Connection connection, AtomicLong completed) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1024 * 1024);
        for (long offset = 0; offset < 1L << 30; offset += chunk.capacity()) {
            chunk.clear();
            for (int i = 0; i < chunk.capacity(); i++) {
                chunk.put(i, patternAt(offset + i));
            }
            connection.write(chunk);
            completed.addAndGet(chunk.capacity());
        }
        throw new AssertionError("1 GiB written to a peer that does not read: no write blocked");
    }

    /** The byte at {@code offset} of the stream {@link #writeUntilBlocked} writes: where a byte comes from, told by its value. */
    private static byte patternAt(long offset) {
        return (byte) (offset % 251);
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_4_halfCloseInBothDirectionsEndsTheStreamBothWays(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.client().write(ascii("from the client"));
            pair.server().write(ascii("from the server"));
            pair.client().shutdownOutput();
            pair.server().shutdownOutput();
            assertArrayEquals(bytes("from the server"), Streams.readToEnd(pair.client(), 100), "§6.4: the client reads");
            assertArrayEquals(bytes("from the client"), Streams.readToEnd(pair.server(), 100), "§6.4: the server reads");
            pair.client().close();
            pair.server().close();
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_5_shutdownAfterAResetWasReadSucceedsAndCounts(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Connection client = pair.client();
            Streams.reset(pair.server(), client);
            // The reset has arrived: read saw it. shutdown(2) now fails with ENOTCONN (TCP), which is no error.
            assertInstanceOf(ConnectionResetException.class,
                    BlockedCall.start("read", () -> client.read(ByteBuffer.allocate(8))).awaitThrown(),
                    "§5.5: read after the peer reset the connection");
            assertShutdownsSucceedAndCount(client);
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_5_shutdownAfterAResetNotYetReadSucceedsAndCounts(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Connection client = pair.client();
            Streams.reset(pair.server(), client);
            // Input first this time: after shutdownInput, read is −1 even with a reset pending.
            client.shutdownInput();
            assertEquals(-1, BlockedCall.start("read", () -> client.read(ByteBuffer.allocate(8))).awaitValue(PROMPTLY),
                    "§6.5: read after shutdownInput, the peer having reset the connection");
            assertShutdownsSucceedAndCount(client);
        }
    }

    /** Both shutdowns succeed (again), and the connection is shut down both ways: write refused, read −1 (§6.5). */
    private static void assertShutdownsSucceedAndCount(Connection end) throws IOException {
        end.shutdownOutput();
        OutputShutdownException refused = assertThrows(OutputShutdownException.class, () -> end.write(ascii("late")),
                "§6.5: write after a shutdownOutput that followed the peer's reset");
        assertEquals("Socket output is shutdown", refused.getMessage(), "§2.6: the message");
        end.shutdownInput();
        for (int i = 0; i < 2; i++) {
            assertEquals(-1, BlockedCall.start("read", () -> end.read(ByteBuffer.allocate(8))).awaitValue(PROMPTLY),
                    "§6.5: read after a shutdownInput that followed the peer's reset");
        }
        end.shutdownOutput();
        end.shutdownInput();
        assertTrue(end.isOpen(), "§6.5: the connection stays open");
        assertThrows(OutputShutdownException.class, () -> end.write(ascii("again")), "§6.5: write, again");
    }

    /**
     * The property: for any payloads, each end writes its own and shuts its output down while it reads
     * the other's, at the same time; each reads exactly the other's payload, then −1.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s6_4_halfCloseDeliversEveryByteBothWays(Domain domain) {
        assumeSupported(domain, SocketType.STREAM);
        Patience patience = new Patience(EXAMPLE_BOUND, Duration.ofMillis(500));
        Theories.qt("§6.4 in " + domain.posixName(), 8, 20)
                .forAll(Generators.payloads(1024 * 1024), Generators.payloads(1024 * 1024))
                .checkAssert(Theories.unchecked((fromClient, fromServer) -> exchange(domain, fromClient, fromServer, patience)));
    }

    private void exchange(Domain domain, Payload fromClient, Payload fromServer, Patience patience) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            BlockedCall<Void> clientWrites = writeThenShutdown("client-writer", pair.client(), fromClient);
            BlockedCall<Void> serverWrites = writeThenShutdown("server-writer", pair.server(), fromServer);
            BlockedCall<byte[]> clientReads = BlockedCall.start("client-reader",
                    () -> Streams.readToEnd(pair.client(), fromServer.size()));
            BlockedCall<byte[]> serverReads = BlockedCall.start("server-reader",
                    () -> Streams.readToEnd(pair.server(), fromClient.size()));

            Streams.assertReceived(fromClient, patience.await(serverReads), "§6.4: the server reads");
            Streams.assertReceived(fromServer, patience.await(clientReads), "§6.4: the client reads");
            patience.await(clientWrites);
            patience.await(serverWrites);
        }
    }

    private static BlockedCall<Void> writeThenShutdown(String name, Connection connection, Payload payload) {
        return BlockedCall.start(name, () -> {
            connection.write(ByteBuffer.wrap(payload.bytes()));
            connection.shutdownOutput();
            return null;
        });
    }
}
