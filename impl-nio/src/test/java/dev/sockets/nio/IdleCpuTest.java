package dev.sockets.nio;

import static dev.sockets.nio.NioTesting.anyLocal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.Server;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle NIO server does not spin: with a listener and a connected client whose handler waits in read, its loop
 * threads sleep in the selector, and over two idle seconds use less than 50 ms of CPU between them.
 */
class IdleCpuTest {

    private static final String LOOP_THREADS = "sockets-nio-shared-loop-";
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @TempDir
    Path dir;

    @Test
    void idleLoopsUseAlmostNoCpu() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        NioSocketProvider nio = NioSocketProvider.builder().loops(2).workers(4).build();
        try (Server server = nio.serve(anyLocal(Domain.INET, dir), ServerTest.ECHO);
                Connection client = nio.connect(server.localAddress())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().connectionsOpen() == 1
                    && ServerTest.workerThreads().stream().anyMatch(NioTesting::parkedInReadiness));
            Map<Long, Long> before = loopCpu(mx);
            // The measured interval itself, not a wait for a condition.
            Thread.sleep(IDLE.toMillis());
            Map<Long, Long> after = loopCpu(mx);
            long used = 0;
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            System.out.printf("idle NIO server: loop threads %s used %.3f ms of CPU in %s%n",
                    after.keySet(), used / 1e6, IDLE);
            assertTrue(!after.isEmpty(), "the loops run");
            assertTrue(used < BUDGET_NANOS, "loop threads used " + used / 1_000_000.0 + " ms of CPU in " + IDLE + " idle");
        }
    }

    private static Map<Long, Long> loopCpu(ThreadMXBean mx) {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(LOOP_THREADS)) {
                long nanos = mx.getThreadCpuTime(t.threadId());
                if (nanos >= 0) {
                    cpu.put(t.threadId(), nanos);
                }
            }
        }
        return cpu;
    }
}
