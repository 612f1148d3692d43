package dev.sockets.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The targets of the comparison, checked against one run's medians: the NIO provider at least as
 * fast as Netty on tests 1–3, each provider within 5% of its own plain-JDK baseline, virtual threads
 * at 80% of NIO at 1,000 connections, and a bound on memory per idle connection; and for posix (issue
 * 10): ≥ 1.0× blocking with one connection, ≥ 0.9× the C pthread server at 100, memory per idle
 * connection ≤ blocking's. And issue 9's, for
 * the event-driven echo: nio's at 0.95× jdk-selector (1, 100, 1,000 connections, streaming) and 1.3×
 * Netty (100, 1,000) and 0.9× the C epoll server at 100 connections, at most 1 KB per idle connection;
 * blocking's and virtualthreads' at 0.95× their own blocking-style echo.
 */
final class Targets {

    /**
     * One target on one metric.
     *
     * @param target what is asked, "nio ≥ 1.0× netty"
     * @param metric of which number
     * @param measured the ratio or the value measured; NaN when one side was not measured
     * @param met whether it was met; empty when it could not be checked
     * @param compared the servers whose numbers it compares
     */
    record Check(String target, Metric metric, double measured, Optional<Boolean> met, List<Contender> compared) {

        String measuredText() {
            if (Double.isNaN(measured)) {
                return "not measured";
            }
            return metric == Metric.MEMORY_PER_CONNECTION && !target.contains("×") ? metric.format(measured)
                    : String.format("%.2f×", measured);
        }

        String verdict() {
            return met.map(ok -> ok ? "met" : "**missed**").orElse("not checked");
        }
    }

    private static final List<Metric> THROUGHPUT = List.of(
            Metric.ROUND_TRIPS_1, Metric.ROUND_TRIPS_100, Metric.ROUND_TRIPS_1000, Metric.STREAM, Metric.CHURN);

    private static final Map<Contender, Double> MEMORY_BOUNDS = Map.of(
            Contender.NIO, 4.0 * 1024, Contender.VIRTUAL_THREADS, 6.0 * 1024, Contender.BLOCKING, 40.0 * 1024,
            Contender.NIO_EVENTS, 1.0 * 1024);

    private static final List<Metric> EVENTS_THROUGHPUT = List.of(
            Metric.ROUND_TRIPS_1, Metric.ROUND_TRIPS_100, Metric.ROUND_TRIPS_1000, Metric.STREAM);

    private Targets() {
    }

    static List<Check> check(Map<Contender, ServerResults> results) {
        List<Check> checks = new ArrayList<>();
        for (Metric metric : List.of(Metric.ROUND_TRIPS_1, Metric.ROUND_TRIPS_100, Metric.ROUND_TRIPS_1000, Metric.STREAM)) {
            checks.add(ratio(results, Contender.NIO, Contender.NETTY, metric, 1.0));
        }
        for (Contender provider : List.of(Contender.BLOCKING, Contender.NIO, Contender.VIRTUAL_THREADS)) {
            Contender baseline = provider.ownBaseline().orElseThrow();
            for (Metric metric : THROUGHPUT) {
                checks.add(ratio(results, provider, baseline, metric, 0.95));
            }
        }
        checks.add(ratio(results, Contender.VIRTUAL_THREADS, Contender.NIO, Metric.ROUND_TRIPS_1000, 0.8));
        // issue 10: posix at least as fast as blocking with one connection, at 90% of the C server at 100,
        // and no more memory per idle connection than blocking (the same model: a platform thread each).
        checks.add(ratio(results, Contender.POSIX, Contender.BLOCKING, Metric.ROUND_TRIPS_1, 1.0));
        checks.add(ratio(results, Contender.POSIX, Contender.C_PTHREADS, Metric.ROUND_TRIPS_100, 0.9));
        double posixMemory = median(results, Contender.POSIX, Metric.MEMORY_PER_CONNECTION);
        double blockingMemory = median(results, Contender.BLOCKING, Metric.MEMORY_PER_CONNECTION);
        double memoryRatio = posixMemory / blockingMemory;
        checks.add(new Check("posix ≤ 1.0× blocking per idle connection", Metric.MEMORY_PER_CONNECTION, memoryRatio,
                Double.isNaN(memoryRatio) ? Optional.empty() : Optional.of(memoryRatio <= 1.0),
                List.of(Contender.POSIX, Contender.BLOCKING)));
        for (Contender events : List.of(Contender.NIO_EVENTS, Contender.BLOCKING_EVENTS, Contender.VIRTUAL_THREADS_EVENTS,
                Contender.POSIX_EVENTS)) {
            Contender reference = events.ownBaseline().orElseThrow();
            for (Metric metric : EVENTS_THROUGHPUT) {
                checks.add(ratio(results, events, reference, metric, 0.95));
            }
        }
        for (Metric metric : List.of(Metric.ROUND_TRIPS_100, Metric.ROUND_TRIPS_1000)) {
            checks.add(ratio(results, Contender.NIO_EVENTS, Contender.NETTY, metric, 1.3));
        }
        checks.add(ratio(results, Contender.NIO_EVENTS, Contender.C_EPOLL, Metric.ROUND_TRIPS_100, 0.9));
        for (Contender provider : List.of(Contender.NIO, Contender.VIRTUAL_THREADS, Contender.BLOCKING, Contender.NIO_EVENTS)) {
            double bound = MEMORY_BOUNDS.get(provider);
            double measured = median(results, provider, Metric.MEMORY_PER_CONNECTION);
            checks.add(new Check(provider.id() + " ≤ " + Metric.MEMORY_PER_CONNECTION.format(bound) + " per idle connection",
                    Metric.MEMORY_PER_CONNECTION, measured,
                    Double.isNaN(measured) ? Optional.empty() : Optional.of(measured <= bound), List.of(provider)));
        }
        return checks;
    }

    private static Check ratio(Map<Contender, ServerResults> results, Contender provider, Contender reference, Metric metric,
            double atLeast) {
        double ratio = median(results, provider, metric) / median(results, reference, metric);
        return new Check(provider.id() + " ≥ " + atLeast + "× " + reference.id(), metric, ratio,
                Double.isNaN(ratio) ? Optional.empty() : Optional.of(ratio >= atLeast), List.of(provider, reference));
    }

    private static double median(Map<Contender, ServerResults> results, Contender contender, Metric metric) {
        ServerResults result = results.get(contender);
        return result == null ? Double.NaN : result.median(metric);
    }

    /**
     * The best Java baseline's median of {@code metric} in this run (Netty's or a plain-JDK server's; the C
     * servers are held apart, c-epoll being the limit): the highest for a rate, the lowest for a latency or a
     * size; NaN if no such baseline measured it.
     */
    static double bestBaseline(Map<Contender, ServerResults> results, Metric metric) {
        return results.values().stream()
                .filter(r -> r.contender().isBaseline() && r.contender().nativeProgram().isEmpty())
                .mapToDouble(r -> r.median(metric))
                .filter(v -> !Double.isNaN(v))
                .reduce((a, b) -> metric.higherIsBetter() ? Math.max(a, b) : Math.min(a, b))
                .orElse(Double.NaN);
    }
}
