package dev.sockets.nio;

import static dev.sockets.nio.NioTesting.anyLocal;
import static dev.sockets.nio.NioTesting.parkedInReadiness;
import static dev.sockets.nio.NioTesting.payload;
import static dev.sockets.nio.NioTesting.readToEnd;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.Domain;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** §12: the loop accepts, a bounded pool of workers runs blocking handlers whose calls park for readiness. */
class ServerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Echoes until end of stream. */
    static final ConnectionHandler ECHO = c -> {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (c.read(buffer.clear()) >= 0) {
            c.write(buffer.flip());
        }
    };

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        await().atMost(PATIENCE).until(() -> workerThreads().isEmpty());
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    static Set<Thread> workerThreads() {
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("sockets-nio-worker-")) {
                workers.add(t);
            }
        }
        return workers;
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void echoesAndCounts(Domain domain) throws Exception {
        SocketProvider nio = NioSocketProvider.builder().loops(2).workers(4).build();
        Server server = closing(nio.serve(anyLocal(domain, dir), ECHO));
        byte[] bytes = payload(1024 * 1024 + 5, 11);
        try (Connection client = nio.connect(server.localAddress())) {
            Thread writer = new Thread(() -> {
                try {
                    client.write(ByteBuffer.wrap(bytes));
                    client.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "test-writer");
            writer.start();
            assertArrayEquals(bytes, readToEnd(client, bytes.length + 1));
            writer.join();
        }
        await().atMost(PATIENCE).until(() -> server.stats().connectionsOpen() == 0);
        ServerStats stats = server.stats();
        assertEquals(1, stats.connectionsAccepted());
        assertEquals(bytes.length, stats.bytesRead());
        assertEquals(bytes.length, stats.bytesWritten());
        assertEquals(0, stats.handlerFailures());
    }

    @Test
    void aFailingHandlerClosesOnlyItsConnection() throws Exception {
        SocketProvider nio = NioSocketProvider.builder().loops(1).workers(2).build();
        AtomicInteger calls = new AtomicInteger();
        Server server = closing(nio.serve(anyLocal(Domain.INET, dir), c -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("test: first handler fails");
            }
            ECHO.handle(c);
        }));
        try (Connection failing = nio.connect(server.localAddress())) {
            assertEquals(-1, failing.read(ByteBuffer.allocate(1)));
        }
        try (Connection fine = nio.connect(server.localAddress())) {
            fine.write(ByteBuffer.wrap(new byte[] {1, 2}));
            fine.shutdownOutput();
            assertArrayEquals(new byte[] {1, 2}, readToEnd(fine, 10));
        }
        await().atMost(PATIENCE).until(() -> server.stats().connectionsOpen() == 0);
        assertEquals(1, server.stats().handlerFailures());
        assertTrue(server.isOpen());
    }

    @Test
    void maxConnectionsKeepsTheNextClientInTheBacklog() throws Exception {
        SocketProvider nio = NioSocketProvider.builder().loops(1).workers(4).build();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Server server = closing(nio.serve(anyLocal(Domain.INET, dir), c -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                ECHO.handle(c);
            } finally {
                running.decrementAndGet();
            }
        }, ServerOptions.defaults().withMaxConnections(1)));
        Connection first = closing(nio.connect(server.localAddress()));
        Connection second = closing(nio.connect(server.localAddress())); // queued by the kernel, not accepted
        await().atMost(PATIENCE).until(() -> server.stats().connectionsAccepted() == 1);
        second.write(ByteBuffer.wrap(new byte[] {2}));
        first.close();
        ByteBuffer echoed = ByteBuffer.allocate(1);
        assertEquals(1, second.read(echoed), "the second client is served once the first is gone");
        assertEquals(2, server.stats().connectionsAccepted());
        assertEquals(1, mostAtOnce.get());
    }

    @Test
    void handlersBeyondThePoolWaitForAWorker() throws Exception {
        SocketProvider nio = NioSocketProvider.builder().loops(1).workers(2).build();
        AtomicInteger started = new AtomicInteger();
        Server server = closing(nio.serve(anyLocal(Domain.INET, dir), c -> {
            started.incrementAndGet();
            ECHO.handle(c);
        }));
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(closing(nio.connect(server.localAddress())));
        }
        // All three are accepted and open, two handlers run, both parked in read: no thread spins, none is added.
        await().atMost(PATIENCE).until(() -> server.stats().connectionsOpen() == 3 && started.get() == 2);
        await().atMost(PATIENCE).until(() -> workerThreads().size() == 2
                && workerThreads().stream().allMatch(NioTesting::parkedInReadiness));
        clients.get(0).close();
        await().atMost(PATIENCE).until(() -> started.get() == 3);
        assertEquals(2, workerThreads().size());
    }

    @Test
    void closeWaitsForHandlersThenClosesTheirConnections() throws Exception {
        SocketProvider nio = NioSocketProvider.builder().loops(1).workers(2).build();
        AtomicReference<Throwable> handlerSaw = new AtomicReference<>();
        CountDownLatch reading = new CountDownLatch(1);
        Server server = nio.serve(anyLocal(Domain.INET, dir), c -> {
            reading.countDown();
            try {
                c.read(ByteBuffer.allocate(1));
            } catch (Exception e) {
                handlerSaw.set(e);
                throw e;
            }
        }, ServerOptions.defaults().withShutdownTimeout(Duration.ofMillis(300)));
        Connection client = closing(nio.connect(server.localAddress()));
        reading.await();
        await().atMost(PATIENCE).until(() -> workerThreads().stream().anyMatch(NioTesting::parkedInReadiness));
        long start = System.nanoTime();
        server.close();
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "running handlers had their grace");
        assertInstanceOf(SocketClosedException.class, handlerSaw.get());
        assertTrue(workerThreads().isEmpty(), "§12.6: no thread of the server is left");
        assertFalse(server.isOpen());
        server.close();
        assertEquals(-1, client.read(ByteBuffer.allocate(1)));
        assertThrows(ConnectException.class, () -> nio.connect(server.localAddress()), "§12.6: new clients are refused");
    }
}
