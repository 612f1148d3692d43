package dev.sockets.benchmarks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The generator, in this JVM, against each plain-JDK echo server: the smoke test of the build (seconds). */
class LoadGeneratorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void pingPongRoundTripsAreCountedWithTheirLatency() throws Exception {
        for (Contender baseline : new Contender[] {Contender.JDK_SELECTOR, Contender.JDK_THREADS, Contender.JDK_VIRTUAL}) {
            try (EchoServer server = EchoServer.start(baseline); LoadGenerator generator = new LoadGenerator(2)) {
                try (Workload workload = generator.pingPong(address(server), 10)) {
                    assertEquals(10, workload.answered(), baseline.id());
                    await().atMost(PATIENCE).until(() -> workload.meter().operationsSoFar() >= 200);
                    Interval interval = workload.interval();
                    assertTrue(interval.operationsPerSecond() > 0, baseline.id());
                    assertTrue(interval.latencyMicros(99) > 0, baseline.id());
                    assertEquals(0, workload.meter().errors(), () -> baseline.id() + ": " + workload.meter().firstError());
                }
            }
        }
    }

    @Test
    void idleConnectionsAreHeldAfterOneRoundTripEach() throws Exception {
        try (EchoServer server = EchoServer.start(Contender.JDK_SELECTOR); LoadGenerator generator = new LoadGenerator(2);
             Workload workload = generator.idle(address(server), 300)) {
            assertEquals(300, workload.answered());
            assertEquals(300, workload.interval().operations());
        }
    }

    @Test
    void streamingCountsTheBytesThatComeBack() throws Exception {
        try (EchoServer server = EchoServer.start(Contender.JDK_SELECTOR); LoadGenerator generator = new LoadGenerator(2);
             Workload workload = generator.stream(address(server))) {
            workload.interval();
            await().atMost(PATIENCE).until(() -> workload.interval().bytes() > 0);
        }
    }

    @Test
    void churnConnectsMakesOneRoundTripAndCloses() throws Exception {
        try (EchoServer server = EchoServer.start(Contender.JDK_SELECTOR); LoadGenerator generator = new LoadGenerator(2);
             Workload workload = generator.churn(address(server), 4)) {
            await().atMost(PATIENCE).until(() -> workload.meter().operationsSoFar() >= 50);
            assertEquals(0, workload.meter().errors(), () -> String.valueOf(workload.meter().firstError()));
        }
    }

    private static InetSocketAddress address(EchoServer server) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    }
}
