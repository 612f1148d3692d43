package dev.sockets.conformance;

import static dev.sockets.conformance.Waits.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.sockets.Connection;
import dev.sockets.ConnectionResetException;
import dev.sockets.Domain;
import dev.sockets.EventConnection;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketClosedException;
import dev.sockets.conformance.Generators.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * §16, event-driven connections, against one provider: the rules of {@link EventsWireVerification}, and
 * what only the server's side can see: callbacks one at a time and in order, also with tasks handed in from
 * other threads (§16.1, with a model-based property), no data between a pause and its resume (§16.2), nothing
 * after {@code onClose} (§16.5), a callback's exception costs only its connection (§16.6), and the idle
 * timeout of both handler styles, and that moving bytes either way is not idleness (§16.7). Bounded and small:
 * about six seconds in all.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class EventsVerification extends EventsWireVerification {

    /** For a subclass that supplies the provider under test. */
    protected EventsVerification() {
    }

    /** The idle timeout of §16.7's servers: short, so that the tests are. */
    private static final Duration IDLE = Duration.ofMillis(150);

    /**
     * The idle timeout of §16.7's tests of a connection that moves bytes one way only: twenty times their gap, so
     * that a loaded machine's pause is not taken for idleness.
     */
    private static final Duration ACTIVE_IDLE = Duration.ofMillis(600);

    /** The gap between two bytes of such a connection. */
    private static final Duration GAP = Duration.ofMillis(30);

    /** How many bytes such a connection moves, {@link #GAP} apart: over twice {@link #ACTIVE_IDLE} in all. */
    private static final int TRICKLE = 40;

    // ---- §16.1 ---------------------------------------------------------------------------------

    @Test
    void required_s16_1_callbacksAndTasksOfOneConnectionRunOneAtATimeInOrder() throws Exception {
        int tasks = 200;
        AtomicInteger ran = new AtomicInteger();
        EventRecorder recorder = new EventRecorder();
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), recorder, OPTIONS);
                Connection client = clientProvider().connect(server.localAddress())) {
            byte[] payload = new Payload(21, 64 * 1024).bytes();
            BlockedCall<Void> writer = BlockedCall.start("writer", () -> {
                Streams.write(client, payload, new Generators.Chunking(List.of(1000)).cover(payload.length), false);
                return null;
            });
            await().atMost(PROMPTLY).until(() -> recorder.connection() != null);
            EventConnection connection = recorder.connection();
            Thread[] submitters = new Thread[2];
            for (int t = 0; t < submitters.length; t++) {
                submitters[t] = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < tasks / 2; i++) {
                        connection.execute(() -> {
                            recorder.task(connection);
                            ran.incrementAndGet();
                            recorder.exit();
                        });
                    }
                });
            }
            for (Thread t : submitters) {
                t.join(PROMPTLY.toMillis());
            }
            writer.awaitValue(PROMPTLY);
            await("§16.1: every task runs in the context").atMost(PROMPTLY).until(() -> ran.get() == tasks);
            await("§16.1: every byte comes to onData").atMost(PROMPTLY).until(() -> recorder.received().length == payload.length);
            client.shutdownOutput();
            await("§16.1: onPeerShutdown, then the default close").atMost(PROMPTLY).until(recorder::closed);
            assertArrayEquals(payload, recorder.received(), "§16.1: onData gets exactly the bytes sent, in order");
            List<String> events = recorder.events();
            assertEquals("open", events.get(0), "§16.1: onOpen first");
            assertEquals("close", events.get(events.size() - 1), "§16.1: onClose last");
            assertEquals("peerShutdown", events.get(events.size() - 2), "§16.1: onPeerShutdown after the last onData");
            assertEquals(List.of(), recorder.problems());
        }
    }

    /**
     * The model of one connection's callbacks: whatever the client sends (in any chunks) and whatever the server's
     * side does from another thread (pause, resume, tasks), the callbacks are onOpen, then onData with exactly the
     * bytes sent, none while paused, then onPeerShutdown and onClose once, last; tasks run between them.
     */
    @Test
    void required_s16_1_callbacksFollowTheModelOfAConnection() {
        Patience patience = new Patience(PROMPTLY, Duration.ofMillis(500));
        Theories.qt("§16.1 model", 5, 10)
                .forAll(lists().of(integers().between(0, 4)).ofSizeBetween(1, 12), integers().between(1, 20_000))
                .checkAssert(Theories.unchecked((List<Integer> ops, Integer size) -> model(ops, size, patience)));
    }

    private void model(List<Integer> ops, int size, Patience patience) throws Exception {
        boolean[] paused = {false}; // in the connection's context only
        EventRecorder[] self = new EventRecorder[1];
        EventRecorder recorder = new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void data(EventConnection c, ByteBuffer data) {
                if (paused[0]) {
                    self[0].violation("§16.2: onData while paused");
                }
            }
        });
        self[0] = recorder;
        AtomicInteger ran = new AtomicInteger();
        int given = 0;
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), recorder, OPTIONS);
                Connection client = clientProvider().connect(server.localAddress())) {
            await().atMost(patience.bound()).until(() -> recorder.connection() != null);
            EventConnection c = recorder.connection();
            byte seq = 0;
            for (int op : ops) {
                switch (op) {
                    case 0, 1 -> { // the client sends
                        byte[] bytes = new byte[1 + size % 4096];
                        for (int i = 0; i < bytes.length; i++) {
                            bytes[i] = seq++;
                        }
                        client.write(ByteBuffer.wrap(bytes));
                        sent.writeBytes(bytes);
                    }
                    case 2 -> // a pause, in the context: from then on no data, exactly
                        c.execute(() -> {
                            c.pauseReading();
                            paused[0] = true;
                        });
                    case 3 -> // a resume, from this thread
                        c.execute(() -> {
                            paused[0] = false;
                            c.resumeReading();
                        });
                    default -> { // a task from another thread
                        given++;
                        c.execute(() -> {
                            recorder.task(c);
                            ran.incrementAndGet();
                            recorder.exit();
                        });
                    }
                }
            }
            int tasks = given;
            AtomicInteger resumed = new AtomicInteger();
            c.execute(() -> {
                paused[0] = false;
                c.resumeReading();
                resumed.incrementAndGet();
            });
            await("§16.1: the tasks run, in order").atMost(patience.bound()).until(() -> resumed.get() == 1);
            assertEquals(tasks, ran.get(), "§16.1: every task given before ran");
            client.shutdownOutput();
            await("§16.1: onClose after onPeerShutdown").atMost(patience.bound()).until(recorder::closed);
            assertArrayEquals(sent.toByteArray(), recorder.received(), "§16.1: onData got exactly the bytes sent, in order");
            List<String> expected = new java.util.ArrayList<>();
            expected.add("open");
            for (int i = 0; i < tasks; i++) {
                expected.add("task");
            }
            expected.add("peerShutdown");
            expected.add("close");
            assertEquals(expected, recorder.eventsButData(), "§16.1: the callbacks of the model, in order");
            assertEquals(Optional.empty(), recorder.cause());
            assertEquals(List.of(), recorder.problems());
        }
    }

    // ---- §16.2 ---------------------------------------------------------------------------------

    @Test
    void required_s16_2_noDataCallbackBetweenAPauseAndItsResume() throws Exception {
        EventRecorder recorder = new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void open(EventConnection c) {
                c.pauseReading();
            }
        });
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), recorder, OPTIONS);
                Connection client = clientProvider().connect(server.localAddress())) {
            client.write(Streams.ascii("held back"));
            client.shutdownOutput();
            await("§16.2: no onData nor onPeerShutdown while paused").during(Duration.ofMillis(150))
                    .atMost(PROMPTLY).until(() -> recorder.count("data") == 0 && recorder.count("peerShutdown") == 0);
            EventConnection c = recorder.connection();
            assertTrue(c.isReadingPaused());
            c.resumeReading();
            await("§16.2: after the resume, the bytes, then onPeerShutdown").atMost(PROMPTLY).until(recorder::closed);
            assertArrayEquals(Streams.bytes("held back"), recorder.received());
            assertEquals(List.of("open", "peerShutdown", "close"), recorder.eventsButData());
            assertEquals(List.of(), recorder.problems());
        }
    }

    // ---- §16.5 ---------------------------------------------------------------------------------

    @Test
    void required_s16_5_nothingHappensAfterOnClose() throws Exception {
        EventRecorder recorder = new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void data(EventConnection c, ByteBuffer data) {
                c.abort();
            }
        });
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), recorder, OPTIONS);
                Connection client = clientProvider().connect(server.localAddress())) {
            client.write(Streams.ascii("x"));
            await("§16.5: onClose after the abort").atMost(PROMPTLY).until(recorder::closed);
            EventConnection c = recorder.connection();
            AtomicInteger ran = new AtomicInteger();
            c.execute(ran::incrementAndGet);
            c.close();
            c.abort();
            c.shutdownOutput();
            c.pauseReading();
            c.resumeReading();
            assertFalse(c.isOpen(), "§16.5: not open after onClose");
            assertThrows(SocketClosedException.class, () -> c.write(ByteBuffer.wrap(new byte[1])),
                    "§16.5: write after onClose throws the closed exception");
            try {
                client.write(Streams.ascii("more"));
            } catch (IOException peerWentAway) {
                // the abort may have reset the connection by now
            }
            await("§16.5: no task and no callback after onClose").during(Duration.ofMillis(100)).atMost(PROMPTLY)
                    .until(() -> ran.get() == 0 && recorder.count("close") == 1);
            assertEquals(Optional.empty(), recorder.cause(), "§16.5: an abort of this side has no cause");
            assertEquals(List.of("open", "close"), recorder.eventsButData());
            assertEquals(List.of(), recorder.problems());
        }
    }

    // ---- §16.6 ---------------------------------------------------------------------------------

    @Test
    void required_s16_6_aCallbackExceptionClosesOnlyItsOwnConnection() throws Exception {
        EventRecorder.Each handler = new EventRecorder.Each(() -> new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void data(EventConnection c, ByteBuffer data) throws Exception {
                if (data.get(data.position()) == 'b') {
                    throw new IllegalStateException("boom, as asked");
                }
                c.write(data);
            }
        }));
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), handler, OPTIONS);
                Connection good = clientProvider().connect(server.localAddress());
                Connection bad = clientProvider().connect(server.localAddress())) {
            good.write(Streams.ascii("ping"));
            assertArrayEquals(Streams.bytes("ping"), Streams.readExactly(good, 4));
            bad.write(Streams.ascii("boom"));
            try {
                assertEquals(-1, bad.read(ByteBuffer.allocate(16)), "§16.6: the failed connection is closed");
            } catch (ConnectionResetException acceptable) {
                // aborted with bytes unread: a reset
            }
            EventRecorder one = handler.opened.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            EventRecorder other = handler.opened.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(other, "both connections opened");
            await("§16.6: the failed connection's onClose").atMost(PROMPTLY).until(() -> one.closed() || other.closed());
            EventRecorder second = one.closed() ? one : other;
            EventRecorder first = second == one ? other : one;
            assertEquals("boom, as asked", second.cause().orElseThrow().getMessage(),
                    "§16.6: onClose gets the callback's exception");
            good.write(Streams.ascii("pong"));
            assertArrayEquals(Streams.bytes("pong"), Streams.readExactly(good, 4), "§16.6: the other connection goes on");
            assertFalse(first.closed(), "§16.6: the other connection is open");
            await("§16.6: counted in handlerFailures").atMost(PROMPTLY).until(() -> server.stats().handlerFailures() == 1);
            assertTrue(server.isOpen());
            assertEquals(List.of(), first.problems());
            assertEquals(List.of(), second.problems());
        }
    }

    // ---- §16.7 ---------------------------------------------------------------------------------

    @Test
    void required_s16_7_anIdleEventConnectionIsReportedAndByDefaultClosed() throws Exception {
        EventRecorder.Each handler = new EventRecorder.Each(() -> new EventRecorder());
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), handler, OPTIONS.withIdleTimeout(IDLE));
                Connection silent = clientProvider().connect(server.localAddress())) {
            long start = System.nanoTime();
            assertEquals(-1, silent.read(ByteBuffer.allocate(1)), "§16.7: a client that sends nothing is closed");
            long waited = System.nanoTime() - start;
            assertTrue(waited >= IDLE.toNanos() / 2, () -> "§16.7: closed after " + waited / 1_000_000 + " ms, before the idle timeout");
            EventRecorder recorder = handler.opened.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(PROMPTLY).until(recorder::closed);
            assertEquals(List.of("open", "idle", "close"), recorder.eventsButData(), "§16.7: onIdle, whose default closes");
            // Counted once the connection is gone, which comes after its onClose (§12.5: exact once they are gone).
            await("§16.7: counted in idleClosed, once the connection is gone").atMost(PROMPTLY)
                    .until(() -> server.stats().idleClosed() == 1 && server.stats().connectionsOpen() == 0);
            assertEquals(0, server.stats().handlerFailures());
        }
        EventRecorder.Each keeping = new EventRecorder.Each(() -> new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void idle(EventConnection c) {
                // the handler decides: it keeps the connection
            }
        }));
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), keeping, OPTIONS.withIdleTimeout(IDLE));
                Connection silent = clientProvider().connect(server.localAddress())) {
            EventRecorder recorder = keeping.opened.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            await("§16.7: onIdle again after each idle period").atMost(PROMPTLY).until(() -> recorder.count("idle") >= 2);
            assertTrue(recorder.connection().isOpen(), "§16.7: a handler's onIdle that does not close keeps the connection");
            assertEquals(0, server.stats().idleClosed());
            silent.close();
            await().atMost(PROMPTLY).until(recorder::closed);
            assertEquals(List.of(), recorder.problems());
        }
    }

    @Test
    void required_s16_7_anIdleBlockingStyleConnectionIsClosed() throws Exception {
        ServerOptions options = ServerOptions.defaults().withIdleTimeout(IDLE).withShutdownTimeout(Duration.ZERO);
        try (Server server = serverProvider().serve(anyLocal(Domain.INET), Streams::echo, options);
                Connection slow = clientProvider().connect(server.localAddress())) {
            // One byte at a time, each answered, then a gap longer than the timeout.
            for (int i = 0; i < 2; i++) {
                slow.write(Streams.ascii("x"));
                assertArrayEquals(Streams.bytes("x"), Streams.readExactly(slow, 1));
            }
            long start = System.nanoTime();
            int n;
            try {
                n = slow.read(ByteBuffer.allocate(1));
            } catch (ConnectionResetException acceptable) {
                n = -1;
            }
            assertEquals(-1, n, "§16.7: a client idle for the timeout is closed");
            long waited = System.nanoTime() - start;
            assertTrue(waited >= IDLE.toNanos() / 2, () -> "§16.7: closed after " + waited / 1_000_000 + " ms, before the idle timeout");
            await("§16.7: counted in idleClosed, not as a handler failure").atMost(PROMPTLY)
                    .until(() -> server.stats().idleClosed() == 1 && server.stats().connectionsOpen() == 0);
            assertEquals(0, server.stats().handlerFailures(), "§16.7: an idle close is no handler failure");
        }
    }
    /** A blocking-style handler that only reads, its client sending a byte every {@link #GAP}: not idle (§16.7). */
    @Test
    void required_s16_7_aBlockingStyleConnectionThatOnlyReadsIsNotIdle() throws Exception {
        dev.sockets.ConnectionHandler counter = connection -> {
            byte[] all = Streams.readToEndOfStream(connection);
            connection.write(ByteBuffer.wrap(new byte[] {(byte) all.length}));
        };
        ServerOptions options = ServerOptions.defaults().withIdleTimeout(ACTIVE_IDLE).withShutdownTimeout(Duration.ZERO);
        try (Server server = serverProvider().serve(anyLocal(Domain.INET), counter, options);
                Connection client = clientProvider().connect(server.localAddress())) {
            trickle(() -> client.write(Streams.ascii("x")));
            client.shutdownOutput();
            assertArrayEquals(new byte[] {TRICKLE}, Streams.readToEnd(client, 2),
                    "§16.7: a connection that reads a byte every " + GAP.toMillis() + " ms is not idle for " + ACTIVE_IDLE.toMillis() + " ms");
            assertEquals(0, server.stats().idleClosed(), "§16.7: no idle close");
        }
    }

    /** An event handler that only reads, and one that only writes, a byte every {@link #GAP}: neither is idle (§16.7). */
    @Test
    void required_s16_7_anEventConnectionThatOnlyReadsOrOnlyWritesIsNotIdle() throws Exception {
        EventRecorder.Each reading = new EventRecorder.Each(() -> new EventRecorder(new EventRecorder.Reactions() {
            private int count;

            @Override
            public void data(EventConnection c, ByteBuffer data) {
                count += data.remaining(); // and writes nothing back
            }

            @Override
            public void peerShutdown(EventConnection c) throws Exception {
                c.write(ByteBuffer.wrap(new byte[] {(byte) count}));
                c.close();
            }
        }));
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), reading, OPTIONS.withIdleTimeout(ACTIVE_IDLE));
                Connection client = clientProvider().connect(server.localAddress())) {
            trickle(() -> client.write(Streams.ascii("x")));
            client.shutdownOutput();
            assertArrayEquals(new byte[] {TRICKLE}, Streams.readToEnd(client, 2),
                    "§16.7: an event connection that reads a byte every " + GAP.toMillis() + " ms is not idle");
            EventRecorder recorder = reading.opened.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(PROMPTLY).until(recorder::closed);
            assertEquals(List.of("open", "peerShutdown", "close"), recorder.eventsButData(), "§16.7: no onIdle while it reads");
            assertEquals(0, server.stats().idleClosed(), "§16.7: no idle close");
        }

        EventRecorder.Each writing = new EventRecorder.Each(() -> new EventRecorder(new EventRecorder.Reactions() {
            @Override
            public void open(EventConnection c) {
                // From another thread, as a handler's timer would: a byte every GAP, then a graceful close.
                java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        trickle(() -> c.write(Streams.ascii("y")));
                        c.close();
                    } catch (IOException e) {
                        c.abort();
                    }
                });
            }
        }));
        try (Server server = serverProvider().serveEvents(anyLocal(Domain.INET), writing, OPTIONS.withIdleTimeout(ACTIVE_IDLE));
                Connection client = clientProvider().connect(server.localAddress())) {
            assertEquals(TRICKLE, Streams.readToEnd(client, TRICKLE + 1).length,
                    "§16.7: an event connection that writes a byte every " + GAP.toMillis() + " ms is not idle");
            EventRecorder recorder = writing.opened.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(PROMPTLY).until(recorder::closed);
            assertEquals(List.of("open", "close"), recorder.eventsButData(), "§16.7: no onIdle while it writes");
            assertEquals(0, server.stats().idleClosed(), "§16.7: no idle close");
        }
    }

    /** Runs {@code step} {@link #TRICKLE} times, {@link #GAP} apart, on this thread. */
    private static void trickle(Step step) throws IOException {
        for (int i = 0; i < TRICKLE; i++) {
            if (i > 0) {
                // The gap is the stimulus of the test (bytes spaced in time), not a wait for a condition.
                java.util.concurrent.locks.LockSupport.parkNanos(GAP.toNanos());
            }
            step.run();
        }
    }

    /** One byte of a trickle. */
    private interface Step {
        void run() throws IOException;
    }
}
