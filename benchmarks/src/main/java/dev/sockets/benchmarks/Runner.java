package dev.sockets.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The comparison, as one command: every server of {@code bench.servers} in turn, in a process of its
 * own, under the same load generators ({@link Generators}: the Java one running here, and for the ping-pong
 * tests the C one where {@code bench.generator} asks for it); then the report under {@code bench.report}.
 * See {@link Settings} for the modes.
 */
public final class Runner {

    private Runner() {
    }

    /**
     * Runs the comparison, or with {@code -Dbench.redraw=results.json} draws the charts of an earlier run again.
     *
     * @param args not used; the system properties of {@link Settings} say what to run
     * @throws Exception if a server cannot be started or the report cannot be written
     */
    public static void main(String[] args) throws Exception {
        String redraw = System.getProperty("bench.redraw", "").strip();
        if (!redraw.isEmpty()) {
            Path directory = Files.createDirectories(Path.of(System.getProperty("bench.report", "target/report")));
            Charts.write(directory, Results.read(Path.of(redraw)));
            System.out.println("Charts of " + redraw + ": " + directory.toAbsolutePath());
            return;
        }
        Settings settings = Settings.fromSystemProperties();
        Machine machine = Machine.describe();
        Files.createDirectories(settings.reportDirectory().resolve("logs"));
        System.out.printf("Sockets comparison, mode %s, on %s%n", settings.mode(), machine.summary());
        long started = System.nanoTime();

        Map<Contender, ServerResults> results = new LinkedHashMap<>();
        String generator = "";
        if (settings.comparison()) {
            Progress progress = new Progress(System.out, settings);
            try (Generators generators = Generators.of(settings.generator(), settings.reportDirectory(), machine.cores())) {
                generator = generators.description();
                System.out.println(generator);
                ServerBenchmark benchmark = new ServerBenchmark(settings, machine, generators, progress);
                for (Contender contender : settings.contenders()) {
                    results.put(contender, benchmark.run(contender));
                }
            }
        }
        Optional<String> jmh = settings.jmh() ? Optional.of(MicroBenchmarks.run(settings.reportDirectory())) : Optional.empty();

        if (settings.comparison()) {
            Report report = new Report(settings, machine, generator, results, jmh);
            Path markdown = report.write();
            System.out.println();
            System.out.println(report.tables());
            System.out.println(report.targetsSummary());
            System.out.println("Report: " + markdown.toAbsolutePath());
        } else {
            Path markdown = settings.reportDirectory().resolve("jmh.md");
            Files.writeString(markdown, jmh.orElseThrow());
            System.out.println(jmh.orElseThrow());
            System.out.println("Report: " + markdown.toAbsolutePath());
        }
        System.out.printf("Done in %s.%n", Progress.clock(Duration.ofNanos(System.nanoTime() - started)));
    }
}
