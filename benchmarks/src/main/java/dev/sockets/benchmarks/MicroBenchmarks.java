package dev.sockets.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link ConnectionBenchmark} with JMH and returns its results as a Markdown table; raw in {@code jmh.json}. */
final class MicroBenchmarks {

    private MicroBenchmarks() {
    }

    static String run(Path reportDirectory) throws RunnerException, IOException {
        Files.createDirectories(reportDirectory);
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ConnectionBenchmark.class.getName())
                .resultFormat(ResultFormatType.JSON)
                .result(reportDirectory.resolve("jmh.json").toString())
                .build()).run();
        List<RunResult> sorted = results.stream()
                .sorted(Comparator.comparing((RunResult r) -> !r.getParams().getParam("via").equals("jdk"))
                        .thenComparing(r -> r.getParams().getParam("via")))
                .toList();
        double jdk = sorted.stream().filter(r -> r.getParams().getParam("via").equals("jdk"))
                .mapToDouble(r -> r.getPrimaryResult().getScore()).findFirst().orElse(Double.NaN);
        StringBuilder out = new StringBuilder("| via | ns per write + read (± 99.9% error) | × raw JDK |\n| --- | ---: | ---: |\n");
        for (RunResult result : sorted) {
            Result<?> primary = result.getPrimaryResult();
            out.append(String.format("| %s | %.0f ± %.0f | %.2f× |%n", result.getParams().getParam("via"),
                    primary.getScore(), primary.getScoreError(), primary.getScore() / jdk));
        }
        return out.toString();
    }
}
