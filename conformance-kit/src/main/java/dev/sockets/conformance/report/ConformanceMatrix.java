package dev.sockets.conformance.report;

import dev.sockets.conformance.Untested;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The outcome of a conformance run: one row per provider, per pair of providers and per provider
 * against the {@code java.net} reference, one column per area of SPEC.md, and in each cell how many
 * tests passed, failed and were skipped (with the reasons). Written as {@code summary.json} for tools
 * and {@code summary.md} for people. Safe to update from the threads of a parallel run. Serializable,
 * so that each JVM of a run in several forks can leave its part for the others to {@link #add} in.
 */
final class ConformanceMatrix implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a row runs: one provider, a client and a server provider, or a provider and java.net. */
    enum Kind {
        PROVIDER("provider"),
        PAIR("pair"),
        JAVA_NET("java.net peer");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One row: a test class of the kit and what it runs. */
    record Row(String name, Kind kind, String testClass) implements Serializable {
    }

    /**
     * An area of SPEC.md: its section number and short name. Section 0 collects the tests named
     * after no rule (such as the kit's own check that every rule has a test).
     */
    record Area(int section, String name) implements Comparable<Area>, Serializable {
        static final Area OTHER = new Area(0, "other");

        String header() {
            return section == 0 ? name : "§" + section + " " + name;
        }

        @Override
        public int compareTo(Area o) {
            // "other" last
            return Integer.compare(section == 0 ? Integer.MAX_VALUE : section, o.section == 0 ? Integer.MAX_VALUE : o.section);
        }
    }

    /** The counts of one cell, with why tests were skipped and which failed. */
    static final class Tally implements Serializable {
        private static final long serialVersionUID = 1L;

        int passed;
        int failed;
        int skipped;
        final Map<String, Integer> skipReasons = new TreeMap<>();
        final List<String> failures = new ArrayList<>();

        void add(Tally other) {
            passed += other.passed;
            failed += other.failed;
            skipped += other.skipped;
            other.skipReasons.forEach((reason, n) -> skipReasons.merge(reason, n, Integer::sum));
            failures.addAll(other.failures);
        }

        String cell() {
            return passed + "/" + failed + "/" + skipped;
        }
    }

    private final Map<Row, Map<Area, Tally>> cells = new LinkedHashMap<>();

    synchronized void passed(Row row, Area area) {
        tally(row, area).passed++;
    }

    synchronized void failed(Row row, Area area, String test) {
        Tally t = tally(row, area);
        t.failed++;
        t.failures.add(test);
    }

    synchronized void skipped(Row row, Area area, String reason, int tests) {
        Tally t = tally(row, area);
        t.skipped += tests;
        t.skipReasons.merge(reason, tests, Integer::sum);
    }

    /** Adds every cell of {@code other} (another fork's part of the same run) to this matrix's. */
    synchronized void add(ConformanceMatrix other) {
        synchronized (other) {
            other.cells.forEach((row, areas) -> areas.forEach((area, tally) -> tally(row, area).add(tally)));
        }
    }

    synchronized boolean isEmpty() {
        return cells.isEmpty();
    }

    /** Returns the cell "passed/failed/skipped" of the row named {@code row} in {@code section} of SPEC.md, or empty. */
    synchronized Optional<String> cell(String row, int section) {
        return cells.entrySet().stream().filter(e -> e.getKey().name().equals(row)).findFirst()
                .flatMap(e -> e.getValue().entrySet().stream().filter(a -> a.getKey().section() == section).findFirst())
                .map(a -> a.getValue().cell());
    }

    /** Returns the skip reasons of the row named {@code row}, with how many tests each skipped. */
    synchronized Map<String, Integer> skipReasons(String row) {
        return cells.keySet().stream().filter(r -> r.name().equals(row)).findFirst()
                .map(r -> Map.copyOf(total(r).skipReasons)).orElse(Map.of());
    }

    private Tally tally(Row row, Area area) {
        return cells.computeIfAbsent(row, r -> new TreeMap<>()).computeIfAbsent(area, a -> new Tally());
    }

    private List<Row> rows() {
        return cells.keySet().stream()
                .sorted(Comparator.comparing(Row::kind).thenComparing(Row::name))
                .toList();
    }

    private List<Area> areas() {
        return new ArrayList<>(cells.values().stream().flatMap(m -> m.keySet().stream()).collect(Collectors.toCollection(TreeSet::new)));
    }

    private Tally total(Row row) {
        Tally total = new Tally();
        cells.get(row).values().forEach(total::add);
        return total;
    }

    /** Returns the matrix as Markdown: a table, then the skip reasons and the failed tests of each row. */
    synchronized String toMarkdown(Instant finished) {
        List<Row> rows = rows();
        List<Area> areas = areas();
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("run");
        areas.forEach(a -> header.add(a.header()));
        header.add("total");
        table.add(header);
        for (Row row : rows) {
            List<String> line = new ArrayList<>();
            line.add(row.name());
            for (Area area : areas) {
                Tally t = cells.get(row).get(area);
                line.add(t == null ? "–" : (t.failed > 0 ? "**" + t.cell() + "**" : t.cell()));
            }
            Tally total = total(row);
            line.add(total.failed > 0 ? "**" + total.cell() + "**" : total.cell());
            table.add(line);
        }

        StringBuilder md = new StringBuilder();
        md.append("# Conformance summary\n\n");
        md.append("Each cell: passed/failed/skipped tests of that area of SPEC.md. Finished ").append(finished).append(".\n\n");
        appendTable(md, table);

        StringBuilder skips = new StringBuilder();
        StringBuilder untested = new StringBuilder();
        StringBuilder failures = new StringBuilder();
        for (Row row : rows) {
            Tally total = total(row);
            total.skipReasons.forEach((reason, n) -> {
                if (reason.startsWith(Untested.PREFIX)) {
                    untested.append("- ").append(row.name()).append(": ").append(reason.substring(Untested.PREFIX.length()))
                            .append('\n');
                } else {
                    skips.append("- ").append(row.name()).append(": ").append(n).append(" × ").append(reason).append('\n');
                }
            });
            total.failures.forEach(test -> failures.append("- ").append(row.name()).append(": ").append(test).append('\n'));
        }
        if (!failures.isEmpty()) {
            md.append("\n## Failed\n\n").append(failures);
        }
        if (!skips.isEmpty()) {
            md.append("\n## Skipped, and why\n\n").append(skips);
        }
        if (!untested.isEmpty()) {
            md.append("\n## Untested: rules no test can check, counted as skipped\n\n").append(untested);
        }
        return md.toString();
    }

    private static void appendTable(StringBuilder md, List<List<String>> table) {
        int columns = table.get(0).size();
        int[] widths = new int[columns];
        for (List<String> line : table) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (int l = 0; l < table.size(); l++) {
            List<String> line = table.get(l);
            md.append('|');
            for (int i = 0; i < columns; i++) {
                String cell = line.get(i);
                md.append(' ').append(i == 0 ? pad(cell, widths[i]) : padLeft(cell, widths[i])).append(" |");
            }
            md.append('\n');
            if (l == 0) {
                md.append('|');
                for (int i = 0; i < columns; i++) {
                    md.append(i == 0 ? ":" + "-".repeat(widths[i] + 1) : "-".repeat(widths[i] + 1) + ":").append('|');
                }
                md.append('\n');
            }
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }

    /** Returns the matrix as JSON: every row with its kind, test class, and counts by area. */
    synchronized String toJson(Instant finished) {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"finished\": ").append(quote(finished.toString())).append(",\n");
        json.append("  \"cell\": \"passed/failed/skipped\",\n");
        json.append("  \"rows\": [");
        List<Row> rows = rows();
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            json.append(r == 0 ? "\n" : ",\n");
            json.append("    {\n");
            json.append("      \"name\": ").append(quote(row.name())).append(",\n");
            json.append("      \"kind\": ").append(quote(row.kind().label)).append(",\n");
            json.append("      \"testClass\": ").append(quote(row.testClass())).append(",\n");
            json.append("      \"total\": ");
            appendTally(json, total(row), "      ");
            json.append(",\n      \"areas\": {");
            List<Map.Entry<Area, Tally>> entries = new ArrayList<>(cells.get(row).entrySet());
            for (int a = 0; a < entries.size(); a++) {
                json.append(a == 0 ? "\n" : ",\n");
                json.append("        ").append(quote(entries.get(a).getKey().header())).append(": ");
                appendTally(json, entries.get(a).getValue(), "        ");
            }
            json.append("\n      }\n    }");
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    private static void appendTally(StringBuilder json, Tally t, String indent) {
        json.append("{\"passed\": ").append(t.passed)
                .append(", \"failed\": ").append(t.failed)
                .append(", \"skipped\": ").append(t.skipped);
        if (!t.skipReasons.isEmpty()) {
            json.append(", \"skipReasons\": {");
            String sep = "";
            for (Map.Entry<String, Integer> e : t.skipReasons.entrySet()) {
                json.append(sep).append('\n').append(indent).append("  ").append(quote(e.getKey())).append(": ").append(e.getValue());
                sep = ",";
            }
            json.append('\n').append(indent).append('}');
        }
        if (!t.failures.isEmpty()) {
            json.append(", \"failures\": [");
            String sep = "";
            for (String f : t.failures) {
                json.append(sep).append('\n').append(indent).append("  ").append(quote(f));
                sep = ",";
            }
            json.append('\n').append(indent).append(']');
        }
        json.append('}');
    }

    /** Quotes {@code s} as a JSON string. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
