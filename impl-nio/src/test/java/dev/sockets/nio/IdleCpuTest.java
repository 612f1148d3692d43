package dev.sockets.nio;

import static dev.sockets.nio.NioTesting.anyLocal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle NIO server does not spin: with a listener and a connected client whose handler waits in read, its loop
 * threads sleep in the selector and the carriers of its virtual threads have nothing to run; over two idle
 * seconds they use less than 50 ms of CPU between them.
 */
class IdleCpuTest {

    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @TempDir
    Path dir;

    @Test
    void idleLoopsAndCarriersUseAlmostNoCpu() throws Exception {
        NioSocketProvider nio = NioSocketProvider.builder().loops(2).build();
        Set<Thread> handlers = ConcurrentHashMap.newKeySet();
        try (Server server = nio.serve(anyLocal(Domain.INET, dir), NioTesting.recording(handlers, ServerTest.ECHO));
                Connection client = nio.connect(server.localAddress())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().connectionsOpen() == 1
                    && handlers.stream().anyMatch(NioTesting::parkedInReadiness));
            Map<Long, Long> before = NioTesting.modelCpuNanos();
            // The measured interval itself, not a wait for a condition.
            Thread.sleep(IDLE.toMillis());
            Map<Long, Long> after = NioTesting.modelCpuNanos();
            long used = 0;
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            System.out.printf("idle NIO server: loops and carriers %s used %.3f ms of CPU in %s%n",
                    after.keySet(), used / 1e6, IDLE);
            assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(NioTesting.LOOP_THREADS)),
                    "the loops run");
            assertTrue(used < BUDGET_NANOS, "loops and carriers used " + used / 1_000_000.0 + " ms of CPU in " + IDLE + " idle");
        }
    }
}
