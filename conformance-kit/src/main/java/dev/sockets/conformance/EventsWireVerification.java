package dev.sockets.conformance;

import static dev.sockets.conformance.Waits.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.EventConnection;
import dev.sockets.EventHandler;
import dev.sockets.ListenOptions;
import dev.sockets.OutputShutdownException;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.WaterMarks;
import dev.sockets.conformance.Generators.Payload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §16 on the wire: what the peer of an event-driven connection sees, with the server (event-driven) from
 * {@link #serverProvider()} and the client from {@link #clientProvider()}, so that {@link InteropKit} runs it
 * for every pair: every byte written before a shutdown or close arrives (§16.3), a peer that never reads
 * holds the queue at the high mark (§16.4), an echo with random pauses returns every byte (§16.8), and a
 * client's connection runs event-driven against a blocking-style server (§16.9). Small counts: the whole
 * area runs in about a second.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class EventsWireVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected EventsWireVerification() {
    }

    /** How long something that has all it needs may take, on a loaded machine. */
    static final Duration PROMPTLY = BlockedCall.BOUND;

    /** Small marks, so that the queue passes them with little data. */
    static final WaterMarks MARKS = new WaterMarks(16 * 1024, 64 * 1024);

    static final ServerOptions OPTIONS = ServerOptions.defaults().withWaterMarks(MARKS).withShutdownTimeout(Duration.ZERO);

    // ---- §16.3 ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s16_3_everyByteWrittenBeforeACloseReachesThePeer(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        byte[] payload = new Payload(16, 300 * 1024).bytes(); // well above the high mark: most of it queued
        EventRecorder recorder = new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void open(EventConnection c) throws Exception {
                c.write(ByteBuffer.wrap(payload));
                c.close();
                assertFalse(c.isOpen(), "§16.3: closing, the connection is no longer open");
                assertThrows(SocketClosedException.class, () -> c.write(ByteBuffer.wrap(new byte[1])),
                        "§16.3: write after close throws the closed exception");
            }
        });
        try (Server server = serverProvider().serveEvents(anyLocal(domain), recorder, OPTIONS);
                Connection client = clientProvider().connect(server.localAddress())) {
            byte[] got = Streams.readToEnd(client, payload.length + 1);
            assertArrayEquals(payload, got, "§16.3: the peer reads every byte written before close(), then end of stream");
            await("§16.3: onClose after the flush").atMost(PROMPTLY).until(recorder::closed);
            assertEquals(Optional.empty(), recorder.cause(), "§16.3: a graceful close has no cause");
            assertEquals(List.of(), recorder.problems());
        }
    }

    @Test
    void required_s16_3_shutdownOutputSendsEveryQueuedByteThenEndOfStreamAndKeepsInput() throws Exception {
        byte[] payload = new Payload(17, 200 * 1024).bytes();
        EventRecorder recorder = new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void open(EventConnection c) throws Exception {
                c.write(ByteBuffer.wrap(payload));
                c.shutdownOutput();
                assertTrue(c.isOpen(), "§16.3: shutdownOutput keeps the connection open");
                assertThrows(OutputShutdownException.class, () -> c.write(ByteBuffer.wrap(new byte[1])),
                        "§16.3: write after shutdownOutput throws OutputShutdownException");
            }
        });
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), recorder, OPTIONS);
                Connection client = clientProvider().connect(server.localAddress())) {
            assertArrayEquals(payload, Streams.readToEnd(client, payload.length + 1),
                    "§16.3: the peer reads every byte written before shutdownOutput(), then end of stream");
            client.write(Streams.ascii("still listening?"));
            client.shutdownOutput();
            await("§16.3: the input stays open after shutdownOutput; both ends shut, the connection closes")
                    .atMost(PROMPTLY).until(recorder::closed);
            assertArrayEquals(Streams.bytes("still listening?"), recorder.received(), "§16.3: input kept");
            assertEquals(List.of("open", "peerShutdown", "close"), recorder.eventsButDataAndWritable());
            assertEquals(List.of(), recorder.problems());
        }
    }

    // ---- §16.4 ---------------------------------------------------------------------------------

    @Test
    void required_s16_4_aPeerThatNeverReadsHoldsTheQueueAtTheHighMarkAndWritableComesBelowTheLowMark() throws Exception {
        int chunk = 4096;
        long total = 4L * 1024 * 1024;
        AtomicLong produced = new AtomicLong();
        AtomicLong mostQueued = new AtomicLong();
        AtomicBoolean refused = new AtomicBoolean();
        EventRecorder[] self = new EventRecorder[1];
        EventRecorder recorder = new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void open(EventConnection c) throws Exception {
                produce(c);
            }

            @Override
            public void writable(EventConnection c) throws Exception {
                if (c.queuedBytes() > MARKS.low()) {
                    self[0].violation("§16.4: onWritable with " + c.queuedBytes() + " B queued, above the low mark " + MARKS.low());
                }
                produce(c);
            }

            /** Writes until write says the queue is above the high mark, or all is written; then closes. */
            private void produce(EventConnection c) throws IOException {
                while (produced.get() < total) {
                    byte[] bytes = new byte[chunk];
                    long offset = produced.getAndAdd(chunk);
                    for (int i = 0; i < chunk; i++) {
                        bytes[i] = (byte) ((offset + i) % 251);
                    }
                    boolean below = c.write(ByteBuffer.wrap(bytes));
                    mostQueued.accumulateAndGet(c.queuedBytes(), Math::max);
                    if (below != c.queuedBytes() <= MARKS.high()) {
                        self[0].violation("§16.4: write returned " + below + " with " + c.queuedBytes() + " B queued");
                    }
                    if (!below) {
                        refused.set(true);
                        return;
                    }
                }
                c.close();
            }
        });
        self[0] = recorder;
        // Small kernel buffers, so that they fill soon: the queue is what the test watches.
        ServerOptions small = OPTIONS.withListenOptions(ListenOptions.defaults().withConnectionOptions(
                StreamOptions.defaults().with(StandardSocketOptions.SO_SNDBUF, 16 * 1024)));
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), recorder, small);
                Connection client = clientProvider().connect(server.localAddress(),
                        StreamOptions.defaults().with(StandardSocketOptions.SO_RCVBUF, 16 * 1024))) {
            await("§16.4: a write returns false once the peer's buffers are full and the queue passes the high mark")
                    .atMost(PROMPTLY).untilTrue(refused);
            // The first false may come before the kernel's buffers are full: the queue then drains below the low
            // mark, onWritable comes, and the producer writes again. What must come is a standstill: a whole poll
            // interval in which nothing more was produced.
            AtomicLong lastSeen = new AtomicLong(-1);
            await("§16.4: the producer stops while the peer reads nothing").pollInterval(Duration.ofMillis(100))
                    .atMost(PROMPTLY).until(() -> {
                        long now = produced.get();
                        return lastSeen.getAndSet(now) == now;
                    });
            assertTrue(mostQueued.get() <= MARKS.high() + chunk,
                    () -> "§16.4: the queue grew to " + mostQueued.get() + " B, past the high mark " + MARKS.high() + " + one write");
            byte[] got = Streams.readToEnd(client, 65536, false, total + 1);
            assertEquals(total, got.length, "§16.4: every byte produced arrives once the peer reads");
            for (int i = 0; i < got.length; i++) {
                if (got[i] != (byte) (i % 251)) {
                    throw new AssertionError("§16.4: byte " + i + " is " + got[i] + ", not " + (byte) (i % 251));
                }
            }
            await().atMost(PROMPTLY).until(recorder::closed);
            assertTrue(recorder.count("writable") >= 1, "§16.4: onWritable came after write returned false");
            assertEquals(List.of(), recorder.problems());
        }
    }

    // ---- §16.8 ---------------------------------------------------------------------------------

    @Test
    void required_s16_8_anEchoWithRandomPausesReturnsEveryByte() {
        Patience patience = new Patience(PROMPTLY, Duration.ofMillis(500));
        Theories.qt("§16.8", 6, 10)
                .forAll(Generators.payloads(256 * 1024), Generators.chunkings(), longs().all())
                .checkAssert((payload, chunking, seed) -> {
                    try {
                        echoWithPauses(payload, chunking, seed, 1 + (int) Math.floorMod(seed, 8L), patience);
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private void echoWithPauses(Payload payload, Generators.Chunking chunking, long seed, int pauseOneIn,
            Patience patience) throws Exception {
        Random random = new Random(seed);
        Executor later = CompletableFuture.delayedExecutor(random.nextInt(500), TimeUnit.MICROSECONDS);
        AtomicBoolean pausedByHandler = new AtomicBoolean();
        EventRecorder[] self = new EventRecorder[1];
        EventRecorder recorder = new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void data(EventConnection c, ByteBuffer data) throws Exception {
                if (pausedByHandler.get()) {
                    self[0].violation("§16.2: onData while paused");
                }
                c.write(data);
                boolean pause;
                synchronized (random) {
                    pause = random.nextInt(pauseOneIn) == 0;
                }
                if (pause) {
                    pausedByHandler.set(true);
                    c.pauseReading();
                    later.execute(() -> {
                        pausedByHandler.set(false);
                        c.resumeReading();
                    });
                }
            }
        });
        self[0] = recorder;
        byte[] bytes = payload.bytes();
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), recorder, OPTIONS);
                Connection client = clientProvider().connect(server.localAddress())) {
            BlockedCall<Void> writer = BlockedCall.start("writer", () -> {
                Streams.write(client, bytes, chunking.cover(bytes.length), false);
                client.shutdownOutput();
                return null;
            });
            BlockedCall<byte[]> reader = BlockedCall.start("reader", () -> Streams.readToEnd(client, bytes.length + 1));
            patience.await(writer);
            byte[] echoed = patience.await(reader);
            Streams.assertReceived(payload, echoed, "§16.8");
            assertEquals(List.of(), recorder.problems());
        }
    }

    // ---- §12.5 for the event style --------------------------------------------------------------

    /**
     * An event-driven echo's stats (§12.5 holds for {@code serveEvents}): once every client is gone, the bytes
     * read are what the clients sent and the bytes written what they got back, and no handler failed.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s12_5_anEventDrivenServerCountsWhatHappened(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        List<Integer> sizes = List.of(0, 1, 1000, 300 * 1024); // the last well above the high mark: queued, then written
        EventHandler echo = (c, data) -> c.write(data);
        try (Server server = serverProvider().serveEvents(anyLocal(domain), echo, OPTIONS)) {
            assertEquals(new ServerStats(0, 0, 0, 0, 0), server.stats(), "§12.5: a new server's stats");
            long total = ServerVerification.echoOnePayloadPerClient(clientProvider(), server, sizes, 512,
                    "§12.5: the event-driven echo");
            ServerStats expected = new ServerStats(0, sizes.size(), total, total, 0);
            await("§12.5: an event-driven server's stats once every connection is gone").atMost(PROMPTLY)
                    .untilAsserted(() -> assertEquals(expected, server.stats(),
                            "§12.5: (open, accepted, bytes read, bytes written, handler failures) of serveEvents"));
        }
    }

    // ---- §12.6 for the event style --------------------------------------------------------------

    /**
     * §12.6 for {@code serveEvents}: two connections mid-request when {@code close()} is called, each finished
     * by its handler after a gap, the last connected first: each client gets its reply, and close returns
     * after the last, not at the shutdown timeout.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s12_6_closeLetsEveryRunningEventConnectionFinish(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        Duration shutdownTimeout = Duration.ofSeconds(30);
        int running = 2;
        BlockingQueue<EventConnection> requests = new LinkedBlockingQueue<>();
        EventHandler holds = (c, data) -> requests.add(c); // mid-request: the kit finishes it
        Server server = serverProvider().serveEvents(anyLocal(domain), holds, OPTIONS.withShutdownTimeout(shutdownTimeout));
        List<Connection> clients = new ArrayList<>();
        try {
            List<EventConnection> held = new ArrayList<>();
            for (int i = 0; i < running; i++) {
                Connection client = clientProvider().connect(server.localAddress());
                clients.add(client);
                client.write(Streams.ascii("?"));
                EventConnection connection = requests.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(connection, "the handler gets the request of client " + i);
                held.add(connection);
            }
            long start = System.nanoTime();
            BlockedCall<Void> closing = ServerVerification.startCloseAndAwaitRefusal(clientProvider(), server);
            ServerVerification.finishOneAfterAnother(closing, clients, i -> held.get(i).execute(() -> {
                try {
                    held.get(i).write(Streams.ascii("done " + i));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                held.get(i).close();
            }), "event connections");
            ServerVerification.assertClosedBeforeTheShutdownTimeout(server, closing, start, shutdownTimeout);
        } finally {
            server.close();
            for (Connection c : clients) {
                c.close();
            }
        }
    }

    // ---- §12.9 for the event style -------------------------------------------------------------

    /**
     * §12.9 for {@code serveEvents}: clients that reset their connections leave no record above DEBUG, and a
     * callback's bug is logged at WARNING, at most once a second.
     */
    @Test
    void required_s12_9_anEventDrivenServerLogsOnlyItsHandlersBugsAboveDebug() throws Exception {
        assumeSupported(Domain.INET, SocketType.STREAM);
        int each = 10;
        EventHandler handler = (c, data) -> {
            if (data.get(data.position()) == 'x') {
                c.write(Streams.ascii("kk")); // the client reads one byte and closes with the other unread: a reset
            } else {
                throw new IllegalStateException("§12.9: the kit's event handler fails on purpose");
            }
        };
        List<Connection> clients = new ArrayList<>();
        long start = System.nanoTime();
        try (RecordedLogs logs = new RecordedLogs();
                Server server = serverProvider().serveEvents(anyLocal(Domain.INET), handler, OPTIONS)) {
            try {
                ServerVerification.provoke(clientProvider(), server, "xo", each, clients);
                await("§12.9: every connection is gone, the buggy ones counted").atMost(PROMPTLY).until(() -> {
                    ServerStats stats = server.stats();
                    return stats.connectionsAccepted() == 2 * each && stats.connectionsOpen() == 0
                            && stats.handlerFailures() == each;
                });
                long seconds = (System.nanoTime() - start) / 1_000_000_000;
                assertEquals(List.of(), logs.otherThan(IllegalStateException.class),
                        "§12.9: records above DEBUG for connections their clients reset");
                ServerVerification.assertABugIsLoggedAtWarning(logs);
                List<java.util.logging.LogRecord> records = logs.all();
                assertTrue(records.size() <= 2 + seconds, () -> "§12.9: " + records.size() + " records above DEBUG for "
                        + each + " callback bugs in " + seconds + " s; at most one a second");
            } finally {
                for (Connection c : clients) {
                    c.close();
                }
            }
        }
    }

    // ---- §16.9 ---------------------------------------------------------------------------------

    @Test
    void required_s16_9_aClientConnectionRunsEventDriven() throws Exception {
        byte[] payload = new Payload(19, 100 * 1024).bytes();
        EventRecorder recorder = new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void open(EventConnection c) throws Exception {
                c.write(ByteBuffer.wrap(payload));
                c.shutdownOutput();
            }
        });
        try (Server server = serverProvider().serve(anyLocal(Domain.INET), Streams::echo)) {
            EventConnection client = clientProvider().connectEvents(server.localAddress(), StreamOptions.defaults(),
                    MARKS, recorder);
            try {
                await("§16.9: the client's onClose after the echo").atMost(PROMPTLY).until(recorder::closed);
                assertArrayEquals(payload, recorder.received(), "§16.9: the client's onData got the echo of every byte");
                assertEquals(List.of("open", "peerShutdown", "close"), recorder.eventsButDataAndWritable());
                assertEquals(Optional.empty(), recorder.cause());
                assertFalse(client.isOpen(), "§16.9: closed");
                assertEquals(List.of(), recorder.problems());
            } finally {
                client.abort();
            }
        }
    }
}
