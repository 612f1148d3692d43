package dev.sockets.nio;

import static dev.sockets.nio.NioTesting.anyLocal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 clients connected at once to a NIO server, clients of the same provider, each served at once by a
 * handler blocked in read: the JVM never has more platform threads than before plus the loops, the carriers of
 * the virtual threads and a small constant. No platform thread per connection; a parked virtual thread each.
 */
class ThousandConnectionsTest {

    private static final int CLIENTS = 1_000;
    private static final int LOOPS = 2;
    /** The carriers of the virtual threads: the default scheduler has one per processor. */
    private static final int CARRIERS = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
            Runtime.getRuntime().availableProcessors());
    /** Threads that may come and go besides the provider's: Awaitility's poller, the JDK's cleaners and the like. */
    private static final int CONSTANT = 8;

    @TempDir
    Path dir;

    @Test
    void thousandConcurrentConnectionsOnLoopsPlusCarriers() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        NioSocketProvider nio = NioSocketProvider.builder().loops(LOOPS).build();
        AtomicInteger handling = new AtomicInteger();
        int baseline = mx.getThreadCount();
        mx.resetPeakThreadCount();
        List<Connection> clients = new ArrayList<>(CLIENTS);
        ServerOptions options = ServerOptions.defaults()
                .withListenOptions(ListenOptions.defaults().withBacklog(CLIENTS))
                .withShutdownTimeout(Duration.ZERO);
        long start = System.nanoTime();
        try (Server server = nio.serve(anyLocal(Domain.INET, dir), c -> {
            handling.incrementAndGet();
            ServerTest.ECHO.handle(c);
        }, options)) {
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(nio.connect(server.localAddress()));
                }
                // Every handler runs at once, blocked in read before any client sends: no pool holds one back.
                await().atMost(Duration.ofSeconds(60)).until(() -> handling.get() == CLIENTS);
                assertEquals(CLIENTS, server.stats().connectionsOpen());
                int threadsNow = mx.getThreadCount();
                // Every client sends, then ends its request; each handler echoes and returns.
                for (int i = 0; i < CLIENTS; i++) {
                    clients.get(i).write(ByteBuffer.allocate(4).putInt(0, i));
                    clients.get(i).shutdownOutput();
                }
                for (int i = 0; i < CLIENTS; i++) {
                    ByteBuffer reply = ByteBuffer.allocate(4);
                    while (reply.hasRemaining() && clients.get(i).read(reply) >= 0) {
                        // until 4 bytes
                    }
                    assertEquals(i, reply.getInt(0), "client " + i + " got its own bytes");
                    assertEquals(-1, clients.get(i).read(ByteBuffer.allocate(1)));
                }
                int peak = mx.getPeakThreadCount();
                System.out.printf("%d connections: %d platform threads before, %d with all connected, peak %d (limit %d = "
                        + "before + %d loops + %d carriers + %d); %.1f s%n", CLIENTS, baseline, threadsNow, peak,
                        baseline + LOOPS + CARRIERS + CONSTANT, LOOPS, CARRIERS, CONSTANT, (System.nanoTime() - start) / 1e9);
                assertTrue(peak <= baseline + LOOPS + CARRIERS + CONSTANT,
                        "peak " + peak + " threads, baseline " + baseline);
                await().atMost(Duration.ofSeconds(60)).until(() -> server.stats().connectionsOpen() == 0);
                assertEquals(CLIENTS, server.stats().connectionsAccepted());
            } finally {
                for (Connection c : clients) {
                    c.close();
                }
            }
        }
    }
}
