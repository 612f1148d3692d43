package dev.sockets.virtualthreads;

import static dev.sockets.virtualthreads.Loopback.ascii;
import static dev.sockets.virtualthreads.Loopback.readExactly;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketProvider;
import dev.sockets.StreamOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server keeps making progress when its handlers block (§12.2), with one carrier thread: this module's tests run
 * with {@code -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1} (see the
 * surefire argLine in its pom), so a single virtual thread that blocked its carrier instead of parking, or that
 * pinned it, would stop every other one. Ten handlers parked in {@code read} must not stop an eleventh client from
 * being served. Run with and without a read timeout, so that the timed waits (the JDK's timed park for TCP, the
 * {@link TimedCall} for UNIX) are held to the same rule.
 */
class ProgressTest {

    private static final int PARKED = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SocketProvider provider = new VirtualThreadSocketProvider();

    @TempDir
    Path dir;

    @BeforeAll
    static void oneCarrier() {
        assertEquals("1", System.getProperty("jdk.virtualThreadScheduler.parallelism"),
                "this test needs one carrier: run it with the surefire configuration of impl-virtualthreads");
        assertEquals("1", System.getProperty("jdk.virtualThreadScheduler.maxPoolSize"),
                "with maxPoolSize above 1 the JDK would add carriers for a blocked one, and hide it");
    }

    static Stream<Arguments> domainsAndReadTimeouts() {
        return Stream.of(Domain.INET, Domain.UNIX)
                .flatMap(d -> Stream.of(Arguments.of(d, Duration.ZERO), Arguments.of(d, Duration.ofMinutes(5))));
    }

    @ParameterizedTest
    @MethodSource("domainsAndReadTimeouts")
    void tenHandlersParkedInReadDoNotStopAnEleventhClient(Domain domain, Duration readTimeout) throws Exception {
        Set<Thread> handlers = ConcurrentHashMap.newKeySet();
        ServerOptions options = ServerOptions.defaults()
                .withListenOptions(ListenOptions.defaults().withConnectionOptions(StreamOptions.defaults().withReadTimeout(readTimeout)))
                .withShutdownTimeout(Duration.ZERO);
        try (Server server = provider.serve(Loopback.any(domain, dir), c -> {
            handlers.add(Thread.currentThread());
            Loopback.echo(c);
        }, options)) {
            List<Connection> idle = new ArrayList<>();
            try {
                for (int i = 0; i < PARKED; i++) {
                    idle.add(provider.connect(server.localAddress()));
                }
                await().atMost(WAIT).until(() -> handlers.size() == PARKED && handlers.stream().allMatch(ProgressTest::parked));
                assertTimeoutPreemptively(WAIT, () -> {
                    try (Connection eleventh = provider.connect(server.localAddress())) {
                        eleventh.write(ascii("served"));
                        assertEquals("served", readExactly(eleventh, 6));
                    }
                });
                assertEquals(PARKED + 1, server.stats().connectionsAccepted());
            } finally {
                for (Connection c : idle) {
                    c.close();
                }
            }
        }
    }

    private static boolean parked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
