package dev.sockets.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The report of one run: {@code report.md} (the tables, the ratios to the best baseline, the
 * targets and whether they were met, notes, charts), {@code results.json} (every repeat's raw
 * number), and the PNG charts of {@link Charts}.
 */
final class Report {

    static final List<Metric> LATENCY_TABLE = List.of(Metric.ROUND_TRIPS_1, Metric.P50_1, Metric.P99_1, Metric.P999_1,
            Metric.ROUND_TRIPS_100, Metric.P99_100, Metric.ROUND_TRIPS_1000, Metric.P99_1000);

    static final List<Metric> CAPACITY_TABLE = List.of(Metric.STREAM, Metric.CHURN, Metric.MEMORY_PER_CONNECTION,
            Metric.NATIVE_PER_CONNECTION, Metric.HEAP_PER_CONNECTION, Metric.IDLE_THREADS);

    static final List<Metric> RATIO_TABLE = List.of(Metric.ROUND_TRIPS_1, Metric.P99_1, Metric.ROUND_TRIPS_100,
            Metric.ROUND_TRIPS_1000, Metric.P99_1000, Metric.STREAM, Metric.CHURN, Metric.MEMORY_PER_CONNECTION);

    private static final String PARTIAL_FOOTNOTE = "\n† the server answered only some of the connections (see Notes):"
            + " the number is of those it served.\n";

    private final Settings settings;
    private final Machine machine;
    private final String generator;
    private final Map<Contender, ServerResults> results;
    private final List<Targets.Check> checks;
    private final Optional<String> jmh;

    /** @param generator which load generator drove which tests ({@link Generators#description()}) */
    Report(Settings settings, Machine machine, String generator, Map<Contender, ServerResults> results, Optional<String> jmh) {
        this.settings = settings;
        this.machine = machine;
        this.generator = generator;
        this.results = results;
        this.checks = Targets.check(results);
        this.jmh = jmh;
    }

    /** Writes report.md, results.json and the charts into the report directory; returns report.md. */
    Path write() throws IOException {
        Path directory = Files.createDirectories(settings.reportDirectory());
        Charts.write(directory, results);
        Files.writeString(directory.resolve("results.json"), json());
        Path markdown = directory.resolve("report.md");
        Files.writeString(markdown, markdown());
        return markdown;
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Sockets: the providers side by side\n\n");
        out.append("Taken ").append(machine.takenAt()).append(" on ").append(machine.summary()).append(".\n");
        out.append("Mode `").append(settings.mode()).append("`: each test warms up ").append(seconds(settings.warmup()))
                .append(", then is measured ").append(settings.repeats()).append(" × ").append(seconds(settings.measurement()))
                .append("; a cell is the median (min–max). Each server runs in its own JVM (")
                .append(String.join(" ", ServerProcess.JVM_OPTIONS)).append("; the C servers are processes of their own). ")
                .append(generator).append(" 64-byte messages.")
                .append(" Buffer policy, the same for every server: each read takes at most ").append(EchoServer.BUFFER_SIZE)
                .append(" bytes, into a buffer of the client's own where a thread serves each client, or one shared by each")
                .append(" selector thread (jdk-selector, the nio provider's event loops); Netty with a fixed allocator of that size.")
                .append(" `-events` rows are the providers' event-driven echo (`serveEvents`).\n\n");

        out.append("## Round trips and latency (tests 1–2)\n\n");
        table(out, LATENCY_TABLE);
        out.append('\n').append(ceiling()).append('\n');
        out.append("\n## Streaming, churn, idle connections (tests 3–5)\n\n");
        table(out, CAPACITY_TABLE);
        out.append(footnote());
        out.append("\nIdle: ").append(String.format("%,d", machine.idleConnections(settings.idleConnections())))
                .append(" connections held after one round trip each (asked ")
                .append(String.format("%,d", settings.idleConnections())).append("; descriptor limit ")
                .append(machine.descriptorLimit()).append(", ").append(machine.ephemeralPorts())
                .append(" ephemeral ports). Memory per connection = growth of the resident set (the heap is pre-touched,"
                        + " so this is native memory: thread stacks, buffers) + growth of the heap after a full GC."
                        + " Threads are the server's kernel threads while holding them.\n");

        out.append("\n## Ratio to the best baseline in this run\n\n");
        ratios(out);
        out.append("\n## Targets\n\n| target | metric | measured | |\n| --- | --- | --- | --- |\n");
        for (Targets.Check check : checks) {
            out.append("| ").append(check.target()).append(" | ").append(check.metric().label()).append(" | ")
                    .append(check.measuredText()).append(" | ").append(check.verdict()).append(partial(check) ? " †" : "")
                    .append(" |\n");
        }
        out.append("\n").append(targetsSummary()).append("\n");

        List<ServerResults> noted = results.values().stream().filter(r -> !r.notes().isEmpty()).toList();
        if (!noted.isEmpty()) {
            out.append("\n## Notes\n\n");
            for (ServerResults result : noted) {
                for (String note : result.notes()) {
                    out.append("- ").append(result.contender().id()).append(": ").append(note.replace('\n', ' ')).append('\n');
                }
            }
        }
        jmh.ifPresent(text -> out.append("\n## Micro-benchmark (JMH): one 64-byte write and read through a Connection\n\n")
                .append(text));
        out.append("\n## Charts\n\n");
        for (String chart : Charts.FILES) {
            out.append("![").append(chart).append("](").append(chart).append(")\n");
        }
        out.append("\nRaw numbers, every repeat: [results.json](results.json).\n");
        return out.toString();
    }

    /**
     * The load generators' own ceiling: what each drives c-epoll, the limit row, to at 100 connections.
     * "... Generator ceiling (100 connections against c-epoll): C client → c-epoll: 142.0k/s; Java generator → c-epoll: 110.0k/s."
     */
    String ceiling() {
        ServerResults limit = results.get(Contender.C_EPOLL);
        if (limit == null) {
            return "Generator ceiling: not measured (c-epoll, the limit row, did not run).";
        }
        return "c-epoll, one epoll thread in C, is the limit row: the least a server can do per round trip here, under the"
                + " generator above. Generator ceiling (100 connections against c-epoll): C client → c-epoll: "
                + perSecond(limit, Metric.CEILING_C, "not measured (no C generator in this run)") + "; Java generator → c-epoll: "
                + perSecond(limit, Metric.CEILING_JAVA, "not measured") + ".";
    }

    private static String perSecond(ServerResults result, Metric metric, String otherwise) {
        return result.get(metric).map(s -> metric.format(s.median()) + "/s").orElse(otherwise);
    }

    /** One paragraph: every target met, or which were missed and by how much. */
    String targetsSummary() {
        List<Targets.Check> missed = checks.stream().filter(c -> c.met().equals(Optional.of(false))).toList();
        long checked = checks.stream().filter(c -> c.met().isPresent()).count();
        if (checked == 0) {
            return "No target could be checked: each compares servers that were not all measured in this run.";
        }
        if (missed.isEmpty()) {
            return "Every target checked (" + checked + " of " + checks.size() + ") was met.";
        }
        return missed.size() + " of " + checked + " targets checked were missed: " + missed.stream()
                .map(c -> c.target() + " (" + c.metric().label() + ": " + c.measuredText() + (partial(c) ? " †" : "") + ")")
                .collect(Collectors.joining("; ")) + ".";
    }

    /** The latency and capacity tables alone, for the README. */
    String tables() {
        StringBuilder out = new StringBuilder();
        table(out, LATENCY_TABLE);
        out.append('\n');
        table(out, CAPACITY_TABLE);
        out.append(footnote());
        return out.toString();
    }

    private void table(StringBuilder out, List<Metric> metrics) {
        out.append("| server |");
        metrics.forEach(m -> out.append(' ').append(m.label()).append(" |"));
        out.append("\n| --- |");
        metrics.forEach(m -> out.append(" ---: |"));
        out.append('\n');
        for (ServerResults result : results.values()) {
            out.append("| ").append(result.contender().id()).append(" |");
            for (Metric metric : metrics) {
                out.append(' ').append(result.get(metric).map(s -> cell(metric, s)).orElse("–"))
                        .append(result.isPartial(metric) ? " †" : "").append(" |");
            }
            out.append('\n');
        }
    }

    /** The footnote of †, if any number has one. */
    private String footnote() {
        boolean any = results.values().stream().anyMatch(r -> r.values().keySet().stream().anyMatch(r::isPartial));
        return any ? PARTIAL_FOOTNOTE : "";
    }

    private boolean partial(Targets.Check check) {
        return check.compared().stream().map(results::get).anyMatch(r -> r != null && r.isPartial(check.metric()));
    }

    private static String cell(Metric metric, Samples samples) {
        String median = metric.format(samples.median());
        return samples.values().size() == 1 ? median
                : median + " (" + metric.format(samples.min()) + "–" + metric.format(samples.max()) + ")";
    }

    private void ratios(StringBuilder out) {
        out.append("Median ÷ the best baseline's median (the fastest of Netty and the three plain-JDK servers, or the"
                + " lowest latency or memory; the C servers are not among them); above 1 is more: better for rates, worse for"
                + " latency and memory.\n\n");
        out.append("| server |");
        RATIO_TABLE.forEach(m -> out.append(' ').append(m.label()).append(" |"));
        out.append("\n| --- |");
        RATIO_TABLE.forEach(m -> out.append(" ---: |"));
        out.append('\n');
        for (ServerResults result : results.values()) {
            out.append("| ").append(result.contender().id()).append(" |");
            for (Metric metric : RATIO_TABLE) {
                double ratio = result.median(metric) / Targets.bestBaseline(results, metric);
                out.append(Double.isNaN(ratio) || Double.isInfinite(ratio) ? " – |" : String.format(" %.2f× |", ratio));
            }
            out.append('\n');
        }
    }

    String json() {
        Json json = new Json();
        json.beginObject();
        json.name("machine").beginObject()
                .field("cpu", machine.cpu()).field("cores", machine.cores()).field("memoryBytes", machine.memoryBytes())
                .field("os", machine.os()).field("jdk", machine.jdk()).field("descriptorLimit", machine.descriptorLimit())
                .field("ephemeralPorts", machine.ephemeralPorts()).field("takenAt", machine.takenAt().toString())
                .endObject();
        json.name("settings").beginObject()
                .field("mode", settings.mode()).field("warmupMillis", settings.warmup().toMillis())
                .field("measurementMillis", settings.measurement().toMillis()).field("repeats", settings.repeats())
                .field("idleConnectionsAsked", settings.idleConnections())
                .field("idleConnections", machine.idleConnections(settings.idleConnections()))
                .field("churnClients", settings.churnClients()).field("serverJvmOptions", String.join(" ", ServerProcess.JVM_OPTIONS))
                .field("generator", generator)
                .endObject();
        json.name("servers").beginArray();
        for (ServerResults result : results.values()) {
            json.beginObject().field("id", result.contender().id()).field("description", result.contender().description())
                    .field("baseline", result.contender().isBaseline());
            json.name("notes").beginArray();
            result.notes().forEach(json::value);
            json.endArray();
            json.name("metrics").beginObject();
            result.values().forEach((metric, samples) -> {
                json.name(metric.name().toLowerCase(Locale.ROOT)).beginObject()
                        .field("label", metric.label()).field("unit", metric.unit().name().toLowerCase(Locale.ROOT))
                        .field("median", samples.median()).field("min", samples.min()).field("max", samples.max())
                        .field("partial", result.isPartial(metric));
                json.name("values").beginArray();
                samples.values().forEach(json::value);
                json.endArray().endObject();
            });
            json.endObject().endObject();
        }
        json.endArray();
        json.name("targets").beginArray();
        for (Targets.Check check : checks) {
            json.beginObject().field("target", check.target()).field("metric", check.metric().label())
                    .field("measured", check.measured()).field("met", check.met().map(String::valueOf).orElse("not checked"))
                    .endObject();
        }
        json.endArray();
        json.endObject();
        return json.toString();
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0).replace(".0 s", " s");
    }
}
