package dev.sockets.benchmarks;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The load generator: non-blocking client connections spread over one {@link ClientLoop} (a
 * selector thread) per core, the same for every server under test. It opens connections a bounded
 * number at a time, so that no server's listen backlog overflows and the kernel's SYN retries do
 * not pass for the server's slowness.
 */
final class LoadGenerator implements PingPongGenerator, AutoCloseable {

    /** The most connects started and not yet completed at once. */
    private static final int MAX_PENDING = 128;

    /** How long opening waits for progress — a connect completing, a first answer — before it gives up on the rest. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(5);

    private final List<ClientLoop> loops = new ArrayList<>();

    LoadGenerator(int threads) {
        for (int i = 0; i < threads; i++) {
            loops.add(new ClientLoop(i + 1));
        }
    }

    @Override
    public Workload pingPong(InetSocketAddress server, int connections) throws InterruptedException {
        return open(server, connections, (loop, meter) -> onConnected -> new PingPongSession(loop, meter, onConnected, true));
    }

    @Override
    public String description() {
        return "the Java load generator, " + loops.size() + " selector threads";
    }

    /** {@code connections} connections, each held idle after one round trip. */
    Workload idle(InetSocketAddress server, int connections) throws InterruptedException {
        return open(server, connections, (loop, meter) -> onConnected -> new PingPongSession(loop, meter, onConnected, false));
    }

    /** One connection streaming through the echo. */
    Workload stream(InetSocketAddress server) throws InterruptedException {
        return open(server, 1, (loop, meter) -> onConnected -> new StreamSession(loop, meter, onConnected));
    }

    /** {@code concurrency} clients, each connecting, making one round trip and closing, over and over. */
    Workload churn(InetSocketAddress server, int concurrency) {
        Meter meter = new Meter();
        for (int i = 0; i < concurrency; i++) {
            ClientLoop loop = loops.get(i % loops.size());
            loop.execute(() -> new ChurnSession(loop, meter, server).open(server));
        }
        return new Workload(meter, loops, concurrency, concurrency);
    }

    private interface SessionFactory {
        ClientSession create(Runnable onConnected);
    }

    /**
     * Opens {@code connections} sessions, at most {@link #MAX_PENDING} connecting at once, then waits
     * until the server has answered each — or has answered no more for {@link #STALL_TIMEOUT}: a server
     * that serves only so many clients at once leaves the others connected, unanswered.
     */
    private Workload open(InetSocketAddress server, int connections, BiFunction<ClientLoop, Meter, SessionFactory> sessions)
            throws InterruptedException {
        Meter meter = new Meter();
        Semaphore connecting = new Semaphore(MAX_PENDING);
        int opened = 0;
        while (opened < connections && connecting.tryAcquire(STALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            ClientLoop loop = loops.get(opened % loops.size());
            ClientSession session = sessions.apply(loop, meter).create(connecting::release);
            loop.execute(() -> session.open(server));
            opened++;
        }
        long lastProgress = System.nanoTime();
        long last = -1;
        while (meter.answeredSoFar() + meter.errors() < opened && System.nanoTime() - lastProgress < STALL_TIMEOUT.toNanos()) {
            long now = meter.answeredSoFar() + meter.errors();
            if (now != last) {
                last = now;
                lastProgress = System.nanoTime();
            }
            Thread.sleep(10);
        }
        return new Workload(meter, loops, opened, (int) meter.answeredSoFar());
    }

    @Override
    public void close() {
        for (ClientLoop loop : loops) {
            loop.close();
        }
    }
}
