package dev.sockets.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * What a {@link Meter} counted over one measurement interval.
 *
 * @param nanos how long the interval lasted
 * @param operations round trips (or connections, for churn) completed
 * @param bytes bytes received
 * @param latency the round-trip times, nanoseconds
 */
record Interval(long nanos, long operations, long bytes, Histogram latency) {

    double operationsPerSecond() {
        return operations * 1e9 / nanos;
    }

    double gigabitsPerSecond() {
        return bytes * 8.0 / nanos;
    }

    /** The latency at {@code percentile} (0–100), microseconds; NaN when nothing was recorded. */
    double latencyMicros(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1_000.0;
    }
}
