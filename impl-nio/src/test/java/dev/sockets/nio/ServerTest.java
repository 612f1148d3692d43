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
import dev.sockets.ListenOptions;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import java.net.ConnectException;
import java.net.SocketAddress;
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

/**
 * §12: the core's server loop on virtual threads, one per connection, whose blocking calls park in
 * {@link Readiness} until a loop reports readiness; no pool limits them.
 */
class ServerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    /** Handlers blocked at once: more than the 64 workers the pool of version 0.1 had. */
    private static final int BLOCKED = 300;

    /** Echoes until end of stream. */
    static final ConnectionHandler ECHO = c -> {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (c.read(buffer.clear()) >= 0) {
            c.write(buffer.flip());
        }
    };

    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** The threads the handlers of this test ran on. */
    private final Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        assertTrue(handlerThreads.stream().noneMatch(Thread::isAlive), "§12.6: no handler thread outlives its server");
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    private ConnectionHandler recorded(ConnectionHandler handler) {
        return NioTesting.recording(handlerThreads, handler);
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void echoesAndCounts(Domain domain) throws Exception {
        SocketProvider nio = NioSocketProvider.builder().loops(2).build();
        Server server = closing(nio.serve(anyLocal(domain, dir), recorded(ECHO)));
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
        SocketProvider nio = NioSocketProvider.builder().loops(1).build();
        AtomicInteger calls = new AtomicInteger();
        Server server = closing(nio.serve(anyLocal(Domain.INET, dir), recorded(c -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("test: first handler fails");
            }
            ECHO.handle(c);
        })));
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
        SocketProvider nio = NioSocketProvider.builder().loops(1).build();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Server server = closing(nio.serve(anyLocal(Domain.INET, dir), recorded(c -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                ECHO.handle(c);
            } finally {
                running.decrementAndGet();
            }
        }), ServerOptions.defaults().withMaxConnections(1)));
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

    /**
     * §12.2, §12.7: far more handlers blocked in read than the 64 workers of the old pool, each on a virtual
     * thread parked in Readiness, and one more client still served at once; the platform threads stay the loops
     * and the carriers.
     */
    @Test
    void everyBlockedHandlerParksOnAVirtualThreadAndOneMoreIsServed() throws Exception {
        SocketProvider nio = NioSocketProvider.builder().loops(1).build();
        AtomicInteger started = new AtomicInteger();
        Server server = closing(nio.serve(anyLocal(Domain.INET, dir), recorded(c -> {
            started.incrementAndGet();
            ECHO.handle(c);
        }), ServerOptions.defaults().withListenOptions(ListenOptions.defaults().withBacklog(BLOCKED))));
        Set<Thread> platformBefore = Thread.getAllStackTraces().keySet();
        for (int i = 0; i < BLOCKED; i++) {
            closing(nio.connect(server.localAddress()));
        }
        await().atMost(PATIENCE).until(() -> started.get() == BLOCKED && handlerThreads.size() == BLOCKED
                && handlerThreads.stream().allMatch(NioTesting::parkedInReadiness));
        assertTrue(handlerThreads.stream().allMatch(Thread::isVirtual), "§12.7: each handler runs on a virtual thread");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertTrue(platformBefore.contains(t) || NioTesting.isModelThread(t) || !t.getName().startsWith("sockets-"),
                    "a platform thread of the provider beyond its loops: " + t);
        }
        try (Connection oneMore = nio.connect(server.localAddress())) {
            oneMore.write(ByteBuffer.wrap(new byte[] {42}));
            ByteBuffer echoed = ByteBuffer.allocate(1);
            assertEquals(1, oneMore.read(echoed), "§12.7: one more client is served while the others block");
            assertEquals(42, echoed.get(0));
        }
        assertEquals(BLOCKED + 1, server.stats().connectionsAccepted());
    }

    /** §4.6: once server.close() returned, the same address can be served on again at once, round after round. */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void closeFreesTheAddressAtOnce(Domain domain) throws Exception {
        SocketProvider nio = NioSocketProvider.builder().loops(1).build();
        Server first = nio.serve(anyLocal(domain, dir), recorded(ECHO));
        SocketAddress address = first.localAddress();
        first.close();
        for (int round = 0; round < 20; round++) {
            try (Server server = nio.serve(address, recorded(ECHO)); Connection client = nio.connect(address)) {
                client.write(ByteBuffer.wrap(new byte[] {(byte) round}));
                assertEquals(1, client.read(ByteBuffer.allocate(1)), "round " + round);
                // The handler is parked in read, and the accept thread in accept: both keys are registered.
                await().atMost(PATIENCE).until(() -> server.stats().connectionsOpen() == 1);
            }
        }
    }

    @Test
    void closeWaitsForHandlersThenClosesTheirConnections() throws Exception {
        SocketProvider nio = NioSocketProvider.builder().loops(1).build();
        AtomicReference<Throwable> handlerSaw = new AtomicReference<>();
        CountDownLatch reading = new CountDownLatch(1);
        Server server = nio.serve(anyLocal(Domain.INET, dir), recorded(c -> {
            reading.countDown();
            try {
                c.read(ByteBuffer.allocate(1));
            } catch (Exception e) {
                handlerSaw.set(e);
                throw e;
            }
        }), ServerOptions.defaults().withShutdownTimeout(Duration.ofMillis(300)));
        Connection client = closing(nio.connect(server.localAddress()));
        reading.await();
        await().atMost(PATIENCE).until(() -> handlerThreads.stream().anyMatch(NioTesting::parkedInReadiness));
        long start = System.nanoTime();
        server.close();
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "running handlers had their grace");
        assertInstanceOf(SocketClosedException.class, handlerSaw.get());
        assertTrue(handlerThreads.stream().noneMatch(Thread::isAlive), "§12.6: no thread of the server is left");
        assertFalse(server.isOpen());
        server.close();
        assertEquals(-1, client.read(ByteBuffer.allocate(1)));
        assertThrows(ConnectException.class, () -> nio.connect(server.localAddress()), "§12.6: new clients are refused");
    }
}
