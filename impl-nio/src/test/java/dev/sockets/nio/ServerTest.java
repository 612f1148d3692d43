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
}
