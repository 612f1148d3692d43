package dev.sockets.spi;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketClosedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The server loop of the core against a scripted listener: what no real socket can be made to do
 * on cue, such as an {@link Error} thrown by an accept (the JDK's time-zone data failing to load
 * while descriptors are exhausted), or a logger that fails.
 */
class ServerLoopTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void theAcceptLoopSurvivesAnErrorAndAFailingLoggerAndServesAgain() throws Exception {
        ScriptedListener listener = new ScriptedListener();
        listener.failures.add(new Error("simulated: java.io.FileNotFoundException: tzdb.dat (Too many open files)"));
        listener.failures.add(new IOException("Too many open files"));
        Set<Connection> served = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ThreadFactory recording = task -> {
            Thread t = Thread.ofPlatform().daemon().name("sockets-test-server").unstarted(task);
            threads.add(t);
            return t;
        };
        Server server = ServerLoop.start(listener, served::add, ServerOptions.defaults(), recording, recording,
                new FailingLogger());
        try {
            await().atMost(PATIENCE).until(() -> listener.failures.isEmpty());
            FakeConnection first = new FakeConnection();
            FakeConnection second = new FakeConnection();
            listener.clients.add(first);
            listener.clients.add(second);
            await().atMost(PATIENCE).until(() -> served.size() == 2);
            await().atMost(PATIENCE).until(() -> !first.isOpen() && !second.isOpen());
            assertEquals(2, server.stats().connectionsAccepted());
            assertEquals(0, server.stats().connectionsOpen());
            assertTrue(server.isOpen());
        } finally {
            server.close();
        }
        assertFalse(listener.isOpen(), "close() closes the listener");
        for (Thread t : threads) {
            assertFalse(t.isAlive(), "close() returns when no thread of the server is left: " + t);
        }
    }

    @Test
    void aHandlersExceptionIsCountedAndClosesOnlyItsConnection() throws Exception {
        ScriptedListener listener = new ScriptedListener();
        ThreadFactory threads = Thread.ofVirtual().name("sockets-test-handler-", 1).factory();
        Server server = ServerLoop.start(listener, c -> {
            throw new IllegalStateException("handler bug");
        }, ServerOptions.defaults(), threads, threads, System.getLogger("test"));
        try {
            FakeConnection client = new FakeConnection();
            listener.clients.add(client);
            await().atMost(PATIENCE).until(() -> server.stats().handlerFailures() == 1);
            await().atMost(PATIENCE).until(() -> !client.isOpen());
            assertTrue(server.isOpen());
        } finally {
            server.close();
        }
    }

    @Test
    void expectedFailuresAreCountedByKindAtDebugAndOthersAtMostOnceASecond() throws Exception {
        ScriptedListener listener = new ScriptedListener();
        ThreadFactory threads = Thread.ofVirtual().name("sockets-test-handler-", 1).factory();
        RecordingLogger log = new RecordingLogger();
        List<Throwable> failures = List.of(Errors.readTimedOut(), Errors.writeTimedOut(), Errors.reset(null),
                Errors.closed());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        int others = 20;
        Server server = ServerLoop.start(listener, c -> {
            int i = next.getAndIncrement();
            if (i < failures.size()) {
                Throwable failure = failures.get(i);
                if (failure instanceof IOException io) {
                    throw io;
                }
            }
            throw new IllegalStateException("handler bug " + i);
        }, ServerOptions.defaults().withMaxConnections(1), threads, threads, log);
        try {
            for (int i = 0; i < failures.size() + others; i++) {
                listener.clients.add(new FakeConnection());
            }
            await().atMost(PATIENCE).until(() -> server.stats().handlerFailures() == failures.size() + others);
            var stats = server.stats();
            assertEquals(List.of(1L, 1L, 1L, (long) others + 1), List.of(stats.readTimeouts(), stats.writeTimeouts(),
                    stats.resets(), stats.otherFailures()), "§12.8: read timeouts, write timeouts, resets, others");
            long warnings = log.aboveDebug().size();
            assertTrue(warnings >= 1 && warnings <= 2, () -> "§12.9: the unexpected failures are logged at most once a second: "
                    + log.aboveDebug());
            assertTrue(log.aboveDebug().stream().allMatch(r -> r.contains("handler bug")),
                    () -> "§12.9: an expected failure logged above DEBUG: " + log.aboveDebug());
        } finally {
            server.close();
        }
    }

    /** Hands out the queued failures first, then the queued clients; accept after close is "Socket closed". */
    private static final class ScriptedListener implements Listener {
        final LinkedBlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Connection> clients = new LinkedBlockingQueue<>();
        private volatile boolean open = true;

        @Override
        public Connection accept() throws IOException {
            Throwable failure = failures.poll();
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            while (open) {
                try {
                    Connection next = clients.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (next != null) {
                        return next;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw Errors.closedByInterrupt(e);
                }
            }
            throw Errors.closed();
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 4321);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    private static final class FakeConnection extends ForwardingConnection {
        private volatile boolean open = true;

        FakeConnection() {
            super(new Unusable());
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /** A connection no test should touch but through {@link FakeConnection}'s overrides. */
    private static final class Unusable implements Connection {
        @Override
        public int read(java.nio.ByteBuffer dst) throws IOException {
            throw new SocketClosedException();
        }

        @Override
        public void write(java.nio.ByteBuffer src) throws IOException {
            throw new SocketClosedException();
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void shutdownInput() {
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 4321);
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 5555);
        }

        @Override
        public <T> T option(java.net.SocketOption<T> option) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Connection option(java.net.SocketOption<T> option, T value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<java.net.SocketOption<?>> supportedOptions() {
            return Set.of();
        }

        @Override
        public boolean isOpen() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    /** A logger that fails on every record, as one may while the process has no descriptor left. */
    private static final class FailingLogger implements System.Logger {
        @Override
        public String getName() {
            return "failing";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            throw new Error("simulated: the logger cannot open its file");
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            throw new Error("simulated: the logger cannot open its file");
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            throw new Error("simulated: the logger cannot open its file");
        }
    }
}
