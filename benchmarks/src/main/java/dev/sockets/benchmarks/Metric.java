package dev.sockets.benchmarks;

/** One number the comparison reports for each server, with its unit and which way is better. */
enum Metric {
    ROUND_TRIPS_1("1 conn: round trips/s", Unit.PER_SECOND, true),
    P50_1("1 conn: p50", Unit.MICROSECONDS, false),
    P99_1("1 conn: p99", Unit.MICROSECONDS, false),
    P999_1("1 conn: p99.9", Unit.MICROSECONDS, false),
    ROUND_TRIPS_100("100 conns: round trips/s", Unit.PER_SECOND, true),
    P99_100("100 conns: p99", Unit.MICROSECONDS, false),
    ROUND_TRIPS_1000("1,000 conns: round trips/s", Unit.PER_SECOND, true),
    P99_1000("1,000 conns: p99", Unit.MICROSECONDS, false),
    STREAM("stream: Gbit/s", Unit.GIGABITS, true),
    CHURN("churn: connections/s", Unit.PER_SECOND, true),
    MEMORY_PER_CONNECTION("idle: memory/conn", Unit.BYTES, false),
    NATIVE_PER_CONNECTION("idle: RSS/conn", Unit.BYTES, false),
    HEAP_PER_CONNECTION("idle: heap/conn", Unit.BYTES, false),
    IDLE_THREADS("idle: threads", Unit.COUNT, false),
    /** The generators' own ceiling: each of them against c-epoll at 100 connections (not in the tables). */
    CEILING_C("generator ceiling: C client, 100 conns", Unit.PER_SECOND, true),
    CEILING_JAVA("generator ceiling: Java generator, 100 conns", Unit.PER_SECOND, true);

    /** How a metric's values read. */
    enum Unit {
        PER_SECOND, MICROSECONDS, GIGABITS, BYTES, COUNT
    }

    private final String label;
    private final Unit unit;
    private final boolean higherIsBetter;

    Metric(String label, Unit unit, boolean higherIsBetter) {
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
    }

    String label() {
        return label;
    }

    Unit unit() {
        return unit;
    }

    boolean higherIsBetter() {
        return higherIsBetter;
    }

    static Metric roundTrips(int connections) {
        return switch (connections) {
            case 1 -> ROUND_TRIPS_1;
            case 100 -> ROUND_TRIPS_100;
            case 1000 -> ROUND_TRIPS_1000;
            default -> throw new IllegalArgumentException("connections: " + connections);
        };
    }

    static Metric p99(int connections) {
        return switch (connections) {
            case 1 -> P99_1;
            case 100 -> P99_100;
            case 1000 -> P99_1000;
            default -> throw new IllegalArgumentException("connections: " + connections);
        };
    }

    /** Formats {@code value} in this metric's unit, short: "61.2k", "48 µs", "3.1 KB". */
    String format(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return switch (unit) {
            case PER_SECOND -> value >= 1e6 ? String.format("%.2fM", value / 1e6)
                    : value >= 1e3 ? String.format("%.1fk", value / 1e3) : String.format("%.0f", value);
            case MICROSECONDS -> value >= 1e4 ? String.format("%.1f ms", value / 1e3) : String.format("%.0f µs", value);
            case GIGABITS -> String.format("%.2f", value);
            case BYTES -> Math.abs(value) >= 1024 ? String.format("%.1f KB", value / 1024) : String.format("%.0f B", value);
            case COUNT -> String.format("%.0f", value);
        };
    }
}
