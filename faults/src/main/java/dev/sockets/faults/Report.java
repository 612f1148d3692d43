package dev.sockets.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The suite's table, as Markdown (printed, and {@code faults.md}) and JSON ({@code faults.json}). */
final class Report {

    private final String mode;
    private final List<String> providers;
    private final List<Outcome> outcomes;
    private final long seconds;

    Report(String mode, List<String> providers, List<Outcome> outcomes, long seconds) {
        this.mode = mode;
        this.providers = providers;
        this.outcomes = outcomes;
        this.seconds = seconds;
    }

    String markdown() {
        long passed = count(Outcome.Verdict.PASS);
        long failed = count(Outcome.Verdict.FAIL);
        StringBuilder md = new StringBuilder();
        md.append("# Fault suite: ").append(mode).append(" mode\n\n");
        md.append("Providers: ").append(String.join(", ", providers)).append(". Each probe runs the provider's server (the ")
                .append("README's echo handler) in a child JVM with `ulimit -n ").append(Probes.FILE_LIMIT)
                .append("` (1024 for the burst and close probes) and probes it from outside. ")
                .append(passed).append(" passed, ").append(failed).append(" failed, ")
                .append(outcomes.size() - passed - failed).append(" skipped or not available; ")
                .append(seconds).append(" s in all.\n\n");
        md.append("| probe | provider | figure | result |\n| --- | --- | --- | --- |\n");
        for (Outcome o : outcomes) {
            md.append("| ").append(o.probe()).append(" | ").append(o.provider()).append(" | ")
                    .append(o.figure().replace("|", "\\|")).append(" | ")
                    .append(o.verdict() == Outcome.Verdict.FAIL ? "**fail**" : o.verdict().toString()).append(" |\n");
        }
        md.append("\n## Criteria\n\n| probe | passes when |\n| --- | --- |\n");
        Probes.CRITERIA.forEach((probe, criterion) -> md.append("| ").append(probe).append(" | ").append(criterion).append(" |\n"));
        return md.toString();
    }

    String json() {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"mode\": ").append(quote(mode)).append(",\n  \"seconds\": ").append(seconds)
                .append(",\n  \"providers\": [");
        for (int i = 0; i < providers.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(quote(providers.get(i)));
        }
        json.append("],\n  \"outcomes\": [\n");
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            json.append("    {\"probe\": ").append(quote(o.probe())).append(", \"provider\": ").append(quote(o.provider()))
                    .append(", \"criterion\": ").append(quote(Probes.CRITERIA.get(o.probe())))
                    .append(", \"figure\": ").append(quote(o.figure()))
                    .append(", \"result\": ").append(quote(o.verdict().toString())).append("}")
                    .append(i + 1 < outcomes.size() ? ",\n" : "\n");
        }
        return json.append("  ]\n}\n").toString();
    }

    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("faults.md"), markdown());
        Files.writeString(folder.resolve("faults.json"), json());
    }

    private long count(Outcome.Verdict verdict) {
        return outcomes.stream().filter(o -> o.verdict() == verdict).count();
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                default -> q.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return q.append('"').toString();
    }
}
