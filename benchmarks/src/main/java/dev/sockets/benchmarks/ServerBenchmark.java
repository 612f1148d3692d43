package dev.sockets.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Runs the five tests against one server in its own process: idle connections first, on a fresh
 * process, so that memory is measured before the other tests grow it; then ping-pong at 1, 100 and
 * 1,000 connections (driven by the generator {@link Generators} chose), streaming, and churn; for c-epoll,
 * the limit, last the generators' own ceiling: each of them at 100 connections. Each test warms up, then
 * is measured a few times. A test that fails is noted and the others go on.
 */
final class ServerBenchmark {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private final Machine machine;
    private final LoadGenerator generator;
    private final Generators generators;
    private final Progress progress;

    ServerBenchmark(Settings settings, Machine machine, Generators generators, Progress progress) {
        this.settings = settings;
        this.machine = machine;
        this.generator = generators.java();
        this.generators = generators;
        this.progress = progress;
    }

    ServerResults run(Contender contender) throws InterruptedException {
        ServerResults results = new ServerResults(contender);
        Path log = settings.reportDirectory().resolve("logs").resolve(contender.id() + ".log");
        // posix holds two descriptors per connection (its socket and the eventfd that wakes its waits):
        // as many connections as the others where the descriptor limit allows, else half the limit.
        int perConnection = contender == Contender.POSIX ? 2 : 1;
        int idle = machine.idleConnections(settings.idleConnections() * perConnection) / perConnection;
        progress.step(contender, "start; " + String.format("%,d", idle) + " idle connections (test 4)");
        try (ServerProcess server = ServerProcess.start(contender, log)) {
            InetSocketAddress address = server.address();
            attempt(results, "idle connections", () -> idle(server, idle, results));
            attempt(results, "settling", () -> settle(address, results));
            for (int connections : settings.connectionCounts()) {
                progress.step(contender, String.format("%,d connection%s, 64-byte ping-pong (tests 1–2)",
                        connections, connections == 1 ? "" : "s"));
                attempt(results, connections + " connections", () -> pingPong(address, connections, results));
            }
            progress.step(contender, "one connection streaming (test 3)");
            attempt(results, "streaming", () -> stream(address, results));
            progress.step(contender, "churn: connect, round trip, close (test 5)");
            attempt(results, "churn", () -> churn(address, results));
            if (contender == Contender.C_EPOLL) {
                progress.step(contender, "the generators' ceiling: 100 connections from each");
                attempt(results, "Java generator's ceiling", () -> ceiling(address, generator, Metric.CEILING_JAVA, results));
                if (generators.c().isPresent()) {
                    NativeLoadGenerator c = generators.c().orElseThrow();
                    attempt(results, "C generator's ceiling", () -> ceiling(address, c, Metric.CEILING_C, results));
                }
            }
        } catch (IOException e) {
            results.note("did not run: " + e.getMessage() + " (see logs/" + contender.id() + ".log)");
            progress.detail("failed: " + e.getMessage());
        }
        return results;
    }

    private interface Test {
        void run() throws IOException, InterruptedException;
    }

    private void attempt(ServerResults results, String test, Test body) throws InterruptedException {
        try {
            body.run();
        } catch (IOException | RuntimeException e) {
            results.note(test + " failed: " + e);
            progress.detail(test + " failed: " + e);
        }
    }

    private void idle(ServerProcess server, int connections, ServerResults results) throws IOException, InterruptedException {
        Workload warmup = generator.churn(server.address(), settings.churnClients());
        try {
            Thread.sleep(settings.warmup());
        } finally {
            warmup.close();
        }
        ProcessUsage before = server.usage();
        progress.detail(String.format("opening %,d connections, one round trip each", connections));
        try (Workload idle = generator.idle(server.address(), connections)) {
            int held = idle.held();
            ProcessUsage after = server.usage();
            if (held < connections) {
                results.note(String.format("idle: %,d of %,d connections could be opened; first error: %s",
                        held, connections, idle.meter().firstError()));
            }
            if (idle.answered() < held) {
                results.note(String.format("idle: only %,d of %,d connections were answered; the others stayed"
                        + " connected, waiting, and count in the memory per connection (†)", idle.answered(), held));
                results.partial(Metric.MEMORY_PER_CONNECTION, Metric.NATIVE_PER_CONNECTION, Metric.HEAP_PER_CONNECTION,
                        Metric.IDLE_THREADS);
            }
            if (held == 0) {
                throw new IOException("no idle connection could be opened");
            }
            double nativePerConnection = (after.residentBytes() - before.residentBytes()) / (double) held;
            double heapPerConnection = (after.heapBytes() - before.heapBytes()) / (double) held;
            results.put(Metric.NATIVE_PER_CONNECTION, Samples.of(nativePerConnection));
            results.put(Metric.HEAP_PER_CONNECTION, Samples.of(heapPerConnection));
            results.put(Metric.MEMORY_PER_CONNECTION, Samples.of(nativePerConnection + heapPerConnection));
            results.put(Metric.IDLE_THREADS, Samples.of(after.threads()));
            progress.detail(String.format("%,d held: %s resident + %s heap per connection, %d threads", held,
                    Metric.MEMORY_PER_CONNECTION.format(nativePerConnection),
                    Metric.MEMORY_PER_CONNECTION.format(heapPerConnection), after.threads()));
        }
    }

    /**
     * Waits until the server answers a new connection again. When thousands of idle connections close at once,
     * a thread-per-client server has thousands of threads ending together, and for seconds it may accept no one.
     */
    private void settle(InetSocketAddress address, ServerResults results) throws InterruptedException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < SETTLE_TIMEOUT.toNanos()) {
            try (Workload probe = generator.idle(address, 1)) {
                if (probe.answered() == 1) {
                    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    if (millis > 1_000) {
                        progress.detail(String.format("the server took %.1f s to answer again after the idle connections closed",
                                millis / 1000.0));
                        results.note(String.format("after the idle connections closed, %.1f s passed before it answered a new"
                                + " connection", millis / 1000.0));
                    }
                    return;
                }
            }
        }
        results.note("did not answer a new connection within " + SETTLE_TIMEOUT.toSeconds() + " s after the idle connections closed");
    }

    private void pingPong(InetSocketAddress address, int connections, ServerResults results) throws IOException, InterruptedException {
        try (Load workload = generators.pingPong().pingPong(address, connections)) {
            if (workload.answered() < connections) {
                results.note(String.format("%,d connections: only %,d answered; the others waited, and the numbers are"
                        + " of those served (†)", connections, workload.answered()));
                results.partial(Metric.roundTrips(connections), Metric.p99(connections));
                if (connections == 1) {
                    results.partial(Metric.P50_1, Metric.P999_1);
                }
            }
            List<Interval> intervals = measure(workload, i -> String.format("%,.0f round trips/s, p99 %s", i.operationsPerSecond(),
                    Metric.P99_1.format(i.latencyMicros(99))));
            results.put(Metric.roundTrips(connections), samples(intervals, Interval::operationsPerSecond));
            results.put(Metric.p99(connections), samples(intervals, i -> i.latencyMicros(99)));
            if (connections == 1) {
                results.put(Metric.P50_1, samples(intervals, i -> i.latencyMicros(50)));
                results.put(Metric.P999_1, samples(intervals, i -> i.latencyMicros(99.9)));
            }
            noteErrors(workload, connections + " connections", results);
        }
    }

    /** What {@code pingPong} reaches at 100 connections against this server: against c-epoll, its own ceiling. */
    private void ceiling(InetSocketAddress address, PingPongGenerator pingPong, Metric metric, ServerResults results)
            throws IOException, InterruptedException {
        try (Load workload = pingPong.pingPong(address, 100)) {
            results.put(metric, samples(measure(workload, i -> String.format("%s: %,.0f round trips/s", pingPong.description(),
                    i.operationsPerSecond())), Interval::operationsPerSecond));
            noteErrors(workload, metric.label(), results);
        }
    }

    private void stream(InetSocketAddress address, ServerResults results) throws IOException, InterruptedException {
        try (Workload workload = generator.stream(address)) {
            results.put(Metric.STREAM, samples(measure(workload, i -> String.format("%.2f Gbit/s", i.gigabitsPerSecond())),
                    Interval::gigabitsPerSecond));
            noteErrors(workload, "streaming", results);
        }
    }

    private void churn(InetSocketAddress address, ServerResults results) throws InterruptedException {
        try (Workload workload = generator.churn(address, settings.churnClients())) {
            results.put(Metric.CHURN, samples(measure(workload, i -> String.format("%,.0f connections/s", i.operationsPerSecond())),
                    Interval::operationsPerSecond));
            noteErrors(workload, "churn", results);
        }
    }

    /** Warms up, then measures {@code repeats} intervals. */
    private List<Interval> measure(Load workload, Function<Interval, String> describe) throws InterruptedException {
        Thread.sleep(settings.warmup());
        workload.interval();
        List<Interval> intervals = new ArrayList<>();
        for (int i = 1; i <= settings.repeats(); i++) {
            Thread.sleep(settings.measurement());
            Interval interval = workload.interval();
            intervals.add(interval);
            progress.detail(String.format("run %d/%d: %s", i, settings.repeats(), describe.apply(interval)));
        }
        return intervals;
    }

    private static Samples samples(List<Interval> intervals, ToDoubleFunction<Interval> value) {
        return new Samples(intervals.stream().map(value::applyAsDouble).toList());
    }

    private static void noteErrors(Load workload, String test, ServerResults results) {
        workload.firstError().ifPresent(first -> results.note(String.format("%s: %,d client errors, first: %s", test,
                workload.errors(), first)));
    }
}
