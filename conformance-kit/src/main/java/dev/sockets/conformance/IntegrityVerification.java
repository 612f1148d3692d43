package dev.sockets.conformance;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.conformance.Generators.ClientPayloads;
import dev.sockets.conformance.Generators.Payload;
import dev.sockets.conformance.Generators.Transfer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.generators.Generate;

/**
 * §8, data integrity, as properties (QuickTheories): any payload, chunking and read buffer arrives
 * exactly (§8.1); concurrent clients of an echo server get exactly their own bytes back (§8.2); both
 * directions at once with full buffers (§8.3); and any sequence of writes, reads, shutdowns and closes
 * on either end of a pair does what a small pure model of the pair says ({@link PairModel}, §8.4).
 *
 * <p>In every supported domain. Each property prints its seed before it runs and when it fails;
 * replay a failure with {@code -DQT_SEED=<seed>} (see {@link Theories}). Example counts are small, and
 * most payloads are too, so that each property runs in a second or two; {@code -DQT_EXAMPLES=n} runs
 * more. Every wait is bounded: an example that hangs fails, naming what it waited for.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class IntegrityVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected IntegrityVerification() {
    }

    /** How long one example may take: generous, for 4 MiB on a loaded machine. */
    private static final Duration EXAMPLE_BOUND = Duration.ofSeconds(20);

    /** How long a wait of a property may take once one has run out (see {@link Patience}). */
    private static final Duration AFTER_A_HANG = Duration.ofMillis(500);

    /** How long one operation of the model-based test may block before the kit closes the pair to wake it. */
    private static final Duration OPERATION_BOUND = Duration.ofSeconds(5);

    /** The longest sequence of operations of the model-based test. */
    private static final int MAX_OPERATIONS = 30;

    // ---- §8.1 ----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s8_1_theStreamDeliversExactlyTheBytesWritten(Domain domain) {
        assumeSupported(domain, SocketType.STREAM);
        Patience patience = new Patience(EXAMPLE_BOUND, AFTER_A_HANG);
        Theories.qt("§8.1 in " + domain.posixName(), 20, 30)
                .forAll(Generators.transfers())
                .checkAssert(Theories.unchecked(transfer -> transfer(domain, transfer, patience)));
    }

    private void transfer(Domain domain, Transfer transfer, Patience patience) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Payload payload = transfer.payload();
            byte[] bytes = payload.bytes();
            BlockedCall<Void> writer = BlockedCall.start("writer", () -> {
                Streams.write(pair.client(), bytes, transfer.chunking().cover(bytes.length), transfer.directBuffers());
                pair.client().shutdownOutput();
                return null;
            });
            BlockedCall<byte[]> reader = BlockedCall.start("reader",
                    () -> Streams.readToEnd(pair.server(), transfer.readBufferSize(), transfer.directBuffers(), bytes.length));
            Streams.assertReceived(payload, patience.await(reader), "§8.1");
            patience.await(writer);
        }
    }

    /** The buffers a caller reads into: a heap buffer, a slice of a larger one (its array offset not 0), a direct one. */
    enum ReadBuffer {
        HEAP, HEAP_SLICE, DIRECT;

        /** A buffer of this kind with {@code room} bytes remaining from position {@code at}, the bytes before it set to 0x5A. */
        ByteBuffer allocate(int at, int room) {
            ByteBuffer b = switch (this) {
                case HEAP -> ByteBuffer.allocate(at + room);
                case HEAP_SLICE -> ByteBuffer.allocate(7 + at + room).position(7).slice();
                case DIRECT -> ByteBuffer.allocateDirect(at + room);
            };
            for (int i = 0; i < at; i++) {
                b.put((byte) 0x5A);
            }
            return b;
        }
    }

    /** A timeout no example reaches: it changes how a provider waits (a timed read), not what it reads. */
    private static final Duration UNREACHED_TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s8_1_readsLandAtTheBuffersPositionInAnyBufferWithATimeoutOrNone(Domain domain) {
        assumeSupported(domain, SocketType.STREAM);
        Patience patience = new Patience(EXAMPLE_BOUND, AFTER_A_HANG);
        Theories.qt("§8.1 buffers in " + domain.posixName(), 20, 30)
                .forAll(Generators.payloads(64 * 1024), integers().between(1, 8192), integers().between(0, 15),
                        Generate.enumValues(ReadBuffer.class))
                .checkAssert((payload, room, at, kind) -> {
                    for (Duration timeout : List.of(Duration.ZERO, UNREACHED_TIMEOUT)) {
                        try {
                            readsAt(domain, payload, room, at, kind, timeout, patience);
                        } catch (IOException e) {
                            throw new AssertionFailedError("§8.1: " + e, e);
                        }
                    }
                });
    }

    /**
     * Sends {@code payload} and reads it on the client, each read into a buffer of {@code kind} at position
     * {@code at} with {@code room} bytes left, with a read timeout of {@code timeout}: each read's bytes are
     * at the position, and the bytes before it are as they were.
     */
    private void readsAt(Domain domain, Payload payload, int room, int at, ReadBuffer kind, Duration timeout, Patience patience)
            throws IOException {
        String example = payload.size() + " B read into " + kind + " buffers of " + room + " B at position " + at
                + (timeout.isZero() ? "" : ", with a read timeout of " + timeout);
        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withReadTimeout(timeout), ListenOptions.defaults())) {
            BlockedCall<Void> writer = BlockedCall.start("writer", () -> {
                pair.server().write(ByteBuffer.wrap(payload.bytes()));
                pair.server().shutdownOutput();
                return null;
            });
            BlockedCall<byte[]> reader = BlockedCall.start("reader", () -> {
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                ByteBuffer dst = kind.allocate(at, room);
                while (received.size() <= payload.size()) {
                    dst.limit(at + room).position(at);
                    int n = pair.client().read(dst);
                    if (n == -1) {
                        return received.toByteArray();
                    }
                    if (n < 1 || n > room || dst.position() != at + n) {
                        throw new AssertionFailedError("§8.1, §5.1: " + example + ": read returned " + n
                                + " and left the position at " + dst.position());
                    }
                    for (int i = 0; i < at; i++) {
                        if (dst.get(i) != 0x5A) {
                            throw new AssertionFailedError("§8.1: " + example + ": a read wrote byte " + i + ", before the position");
                        }
                    }
                    byte[] got = new byte[n];
                    dst.get(at, got);
                    received.write(got);
                }
                return received.toByteArray();
            });
            Streams.assertReceived(payload, patience.await(reader), "§8.1: " + example);
            patience.await(writer);
        }
    }

    // ---- §8.2 ----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s8_2_concurrentClientsOfAnEchoServerGetTheirOwnBytes(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        ServerOptions options = ServerOptions.defaults()
                .withListenOptions(ListenOptions.defaults().withBacklog(2 * Generators.MAX_CLIENTS));
        try (Server echo = serverProvider().serve(anyLocal(domain), Streams::echo, options)) {
            Patience patience = new Patience(EXAMPLE_BOUND, AFTER_A_HANG);
            Theories.qt("§8.2 in " + domain.posixName(), 5, 10)
                    .forAll(Generators.clientPayloads(32 * 1024))
                    .checkAssert(Theories.unchecked(clients -> clients(echo.localAddress(), clients, patience)));
        }
    }

    private void clients(SocketAddress server, ClientPayloads clients, Patience patience) {
        List<BlockedCall<byte[]>> calls = new ArrayList<>();
        for (int i = 0; i < clients.count(); i++) {
            Payload payload = clients.payload(i);
            calls.add(BlockedCall.start("client", () -> echoed(server, payload)));
        }
        for (int i = 0; i < clients.count(); i++) {
            Streams.assertReceived(clients.payload(i), patience.await(calls.get(i)),
                    "§8.2: client " + i + " of " + clients.count());
        }
    }

    /** Connects, sends {@code payload} while reading the echo, and returns what came back. */
    private byte[] echoed(SocketAddress server, Payload payload) throws IOException {
        try (Connection connection = clientProvider().connect(server)) {
            BlockedCall<Void> writer = BlockedCall.start("client-writer", () -> {
                connection.write(ByteBuffer.wrap(payload.bytes()));
                connection.shutdownOutput();
                return null;
            });
            byte[] received = Streams.readToEnd(connection, payload.size());
            writer.awaitValue(EXAMPLE_BOUND);
            return received;
        }
    }

    // ---- §8.3 ----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s8_3_bothDirectionsAtOnceWithFullBuffers(Domain domain) {
        assumeSupported(domain, SocketType.STREAM);
        Patience patience = new Patience(EXAMPLE_BOUND, AFTER_A_HANG);
        Theories.qt("§8.3 in " + domain.posixName(), 2, 5)
                .forAll(Generators.largePayloads(), Generators.largePayloads())
                .checkAssert(Theories.unchecked((fromClient, fromServer) -> bothWays(domain, fromClient, fromServer, patience)));
    }

    private void bothWays(Domain domain, Payload fromClient, Payload fromServer, Patience patience) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            // Each end writes and reads at once, on threads of its own: the writes fill the buffers both ways.
            BlockedCall<Void> clientWrites = BlockedCall.start("client-writer", () -> {
                pair.client().write(ByteBuffer.wrap(fromClient.bytes()));
                pair.client().shutdownOutput();
                return null;
            });
            BlockedCall<Void> serverWrites = BlockedCall.start("server-writer", () -> {
                pair.server().write(ByteBuffer.wrap(fromServer.bytes()));
                pair.server().shutdownOutput();
                return null;
            });
            BlockedCall<byte[]> clientReads = BlockedCall.start("client-reader",
                    () -> Streams.readToEnd(pair.client(), 65536, false, fromServer.size()));
            BlockedCall<byte[]> serverReads = BlockedCall.start("server-reader",
                    () -> Streams.readToEnd(pair.server(), 65536, false, fromClient.size()));

            Streams.assertReceived(fromClient, patience.await(serverReads), "§8.3: the server reads");
            Streams.assertReceived(fromServer, patience.await(clientReads), "§8.3: the client reads");
            patience.await(clientWrites);
            patience.await(serverWrites);
        }
    }

    // ---- §8.4 ----------------------------------------------------------------------------------

    /**
     * The model-based test: random sequences of operations on both ends of a fresh pair, each outcome
     * checked against {@link PairModel}. An operation the model cannot predict from SPEC.md, or that
     * would wait for ever, is not run (the transcript says why). A call that blocks anyway is woken
     * after {@link #OPERATION_BOUND} by closing the pair, and fails the example (and, once one has
     * blocked, the examples tried while shrinking are woken sooner: {@link Patience}). QuickTheories shrinks a
     * failure to the shortest sequence it finds; the failure shows the sequence, what each step did,
     * and the model's state.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s8_4_operationsFollowTheModelOfAConnectedPair(Domain domain) {
        assumeSupported(domain, SocketType.STREAM);
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kit-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        Patience patience = new Patience(OPERATION_BOUND, AFTER_A_HANG);
        try {
            Theories.qt("§8.4 in " + domain.posixName(), 40, 100)
                    .forAll(Generators.operationSequences(MAX_OPERATIONS))
                    .checkAssert(Theories.unchecked(operations -> runAgainstModel(domain, operations, watchdog, patience)));
        } finally {
            watchdog.shutdownNow();
        }
    }

    private void runAgainstModel(Domain domain, List<PairOperation> operations, ScheduledExecutorService watchdog,
            Patience patience) throws IOException {
        PairModel model = new PairModel();
        List<String> transcript = new ArrayList<>();
        try (ConnectedPair pair = connectedPair(domain)) {
            for (int step = 0; step < operations.size(); step++) {
                PairOperation operation = operations.get(step);
                Expectation expected = model.expect(operation);
                if (expected.skipped()) {
                    transcript.add(String.format("%2d %-26s not run: %s", step + 1, operation, expected.skipReason()));
                    continue;
                }
                AtomicBoolean woken = new AtomicBoolean();
                Duration bound = patience.bound();
                ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                    woken.set(true);
                    closeQuietly(pair);
                }, bound.toMillis(), TimeUnit.MILLISECONDS);
                Outcome actual = operation.run(pair, model);
                alarm.cancel(false);
                if (woken.get()) {
                    patience.ranOut();
                    actual = new Outcome.Blocked(bound);
                }
                transcript.add(String.format("%2d %-26s %s", step + 1, operation, actual));
                if (!expected.allows(actual)) {
                    throw new AssertionFailedError("§8.4: step " + (step + 1) + ", " + operation + " " + actual
                            + "; the model expects " + expected + "\nmodel before the step: " + model
                            + "\ntranscript:\n" + String.join("\n", transcript), actualCause(actual));
                }
                model.advance(operation, actual);
            }
        }
    }

    private static Throwable actualCause(Outcome outcome) {
        return outcome instanceof Outcome.Threw threw ? threw.exception() : null;
    }

    private static void closeQuietly(ConnectedPair pair) {
        try {
            pair.close();
        } catch (IOException | RuntimeException e) {
            // the blocked call is reported; how the close went does not matter
        }
    }
}
