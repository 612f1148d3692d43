package dev.sockets.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How long and how hard to measure, from the system properties {@code bench.mode}
 * ({@code default}: about ten minutes on two cores with every server; {@code long}: for a bigger machine, with the
 * JMH micro-benchmark; {@code jmh}: the micro-benchmark alone; {@code smoke}: seconds, for the build),
 * {@code bench.servers}, {@code bench.idle} (the idle connections of test 4), {@code bench.generator} (which load
 * generator drives the ping-pong tests: {@code java}, {@code c} or {@code auto}, C where a C compiler is on the
 * {@code PATH}; see {@link Generators}) and {@code bench.report}.
 *
 * @param mode the mode's name
 * @param warmup how long each test runs before it is measured
 * @param measurement how long each measured repeat lasts
 * @param repeats how many measured repeats; the report gives their median, min and max
 * @param idleConnections how many idle connections test 4 asks for (fewer if the descriptor limit says so)
 * @param churnClients how many clients connect and close at once in test 5
 * @param comparison whether to run the side-by-side comparison
 * @param jmh whether to run the JMH micro-benchmark
 * @param contenders the servers to compare
 * @param reportDirectory where the report goes
 * @param generator which load generator drives the ping-pong tests: java, c or auto
 */
record Settings(
        String mode,
        Duration warmup,
        Duration measurement,
        int repeats,
        int idleConnections,
        int churnClients,
        boolean comparison,
        boolean jmh,
        List<Contender> contenders,
        Path reportDirectory,
        String generator) {

    Settings {
        if (!List.of("java", "c", "auto").contains(generator)) {
            throw new IllegalArgumentException("bench.generator=" + generator + ": expected java, c or auto");
        }
    }

    /** The connection counts of tests 1 and 2, the x axis of the charts. */
    static final List<Integer> CONNECTION_COUNTS = List.of(1, 100, 1000);

    /**
     * The connection counts this run's ping-pong tests use: all of {@link #CONNECTION_COUNTS}, but in smoke mode
     * 1 and 100 only (what shows the command works; 1,000 threads of the thread-per-client servers take seconds
     * to open each, and the smoke run's numbers mean nothing anyway). The report shows a missing count as such.
     */
    List<Integer> connectionCounts() {
        return mode.equals("smoke") ? CONNECTION_COUNTS.subList(0, 2) : CONNECTION_COUNTS;
    }

    static Settings fromSystemProperties() {
        String mode = System.getProperty("bench.mode", "default").strip();
        List<Contender> contenders = Contender.parse(System.getProperty("bench.servers", "all"));
        Path report = Path.of(System.getProperty("bench.report", "target/report"));
        Settings settings = of(mode, contenders, report).withGenerator(System.getProperty("bench.generator", "auto").strip());
        String idle = System.getProperty("bench.idle", "").strip();
        return idle.isEmpty() ? settings : settings.withIdleConnections(Integer.parseInt(idle));
    }

    /** These settings with {@code idleConnections} asked for in test 4 ({@code -Dbench.idle=N}). */
    Settings withIdleConnections(int idleConnections) {
        return new Settings(mode, warmup, measurement, repeats, idleConnections, churnClients, comparison, jmh, contenders,
                reportDirectory, generator);
    }

    /** These settings with the ping-pong tests driven by {@code generator} ({@code -Dbench.generator=java|c|auto}). */
    Settings withGenerator(String generator) {
        return new Settings(mode, warmup, measurement, repeats, idleConnections, churnClients, comparison, jmh, contenders,
                reportDirectory, generator.isEmpty() ? "auto" : generator);
    }

    static Settings of(String mode, List<Contender> contenders, Path report) {
        return switch (mode) {
            case "default" -> new Settings(mode, Duration.ofMillis(1000), Duration.ofMillis(1500), 3, 10_000, 32, true, false,
                    contenders, report, "auto");
            case "long" -> new Settings(mode, Duration.ofSeconds(5), Duration.ofSeconds(5), 5, 10_000, 64, true, true,
                    contenders, report, "auto");
            case "jmh" -> new Settings(mode, Duration.ZERO, Duration.ZERO, 0, 0, 0, false, true, contenders, report, "auto");
            case "smoke" -> new Settings(mode, Duration.ofMillis(100), Duration.ofMillis(200), 1, 200, 8, true, false,
                    contenders, report, "auto");
            default -> throw new IllegalArgumentException("bench.mode=" + mode + ": expected default, long, jmh or smoke");
        };
    }
}
