package dev.sockets.benchmarks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C load generator: its output read back right, and at work against c-epoll; the generator switch. */
class NativeLoadGeneratorTest {

    /**
     * A line load_epoll.c wrote (one connection to c-epoll): 208 µs, 7 round trips, no error, 7 latency buckets;
     * read back within HdrHistogram's precision (0.1%).
     */
    private static final String CAPTURED = "interval 207639 7 0 26432:1 27840:1 27968:1 28992:1 30400:1 30528:1 47744:1";

    @Test
    void anIntervalLineGivesTheRoundTripsTheirRateAndTheirLatency() {
        NativeWorkload.IntervalLine line = NativeWorkload.parse(CAPTURED);
        Interval interval = line.interval();
        assertEquals(7, interval.operations());
        assertEquals(207_639, interval.nanos());
        assertEquals(7 / 207_639e-9, interval.operationsPerSecond(), 1e-6);
        assertEquals(0, line.errors());
        assertEquals(26.4, interval.latencyMicros(0), 0.1, "the fastest");
        assertEquals(29.0, interval.latencyMicros(50), 0.1, "the median");
        assertEquals(47.7, interval.latencyMicros(99), 0.1, "the slowest");
    }

    @Test
    void anIntervalWithNoRoundTripHasNoLatencyAndItsErrorsAreCounted() {
        NativeWorkload.IntervalLine line = NativeWorkload.parse("interval 1000 0 3\n");
        assertEquals(0, line.interval().operations());
        assertTrue(Double.isNaN(line.interval().latencyMicros(99)));
        assertEquals(3, line.errors());
    }

    @Test
    void aLineThatIsNotAnIntervalIsRefusedNamingIt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeWorkload.parse("ready 10 10 0"))
                .getMessage().contains("ready 10 10 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NativeWorkload.parse("interval 1000 2 0 5:1"))
                .getMessage().contains("2 round trips but 1"));
    }

    @Test
    void theSwitchIsJavaCOrAuto(@TempDir Path folder) throws Exception {
        Settings settings = Settings.of("smoke", List.of(Contender.C_EPOLL), folder);
        assertEquals("auto", settings.generator());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings.withGenerator("rust")).getMessage()
                .contains("bench.generator=rust"));
        try (Generators java = Generators.of("java", folder, 1)) {
            assertEquals(java.java(), java.pingPong());
            assertTrue(java.c().isEmpty());
        }
    }

    @Test
    void itDrivesCEpollAndCountsItsRoundTrips(@TempDir Path folder) throws Exception {
        assumeTrue(NativeProgram.compilerOnPath(), "no C compiler (cc) on the PATH: the C generator cannot be built");
        NativeLoadGenerator generator = NativeLoadGenerator.build(folder, 2);
        try (ServerProcess server = ServerProcess.start(Contender.C_EPOLL, folder.resolve("c-epoll.log"));
             Load load = generator.pingPong(server.address(), 10)) {
            assertEquals(10, load.answered());
            AtomicLong roundTrips = new AtomicLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> roundTrips.addAndGet(load.interval().operations()) >= 200);
            Interval interval = load.interval();
            assertEquals(0, load.errors(), () -> load.firstError().orElse(""));
            assertTrue(interval.operations() == 0 || interval.latencyMicros(99) > 0, interval::toString);
        }
    }

    @Test
    void itReportsTheFirstErrorOfConnectionsRefused(@TempDir Path folder) throws Exception {
        assumeTrue(NativeProgram.compilerOnPath(), "no C compiler (cc) on the PATH: the C generator cannot be built");
        NativeLoadGenerator generator = NativeLoadGenerator.build(folder, 1);
        java.net.InetSocketAddress closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = (java.net.InetSocketAddress) socket.getLocalSocketAddress();
        }
        try (Load load = generator.pingPong(closed, 3)) {
            assertEquals(0, load.answered());
            load.interval();
            assertEquals(3, load.errors());
            assertTrue(load.firstError().orElseThrow().contains("Connection refused"), load.firstError()::toString);
        }
    }
}
