package dev.sockets.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the comparison measured of one server, and what it has to say about it. */
final class ServerResults {

    private final Contender contender;
    private final Map<Metric, Samples> values = new EnumMap<>(Metric.class);
    private final List<String> notes = new ArrayList<>();
    private final Set<Metric> partial = EnumSet.noneOf(Metric.class);

    ServerResults(Contender contender) {
        this.contender = contender;
    }

    Contender contender() {
        return contender;
    }

    void put(Metric metric, Samples samples) {
        values.put(metric, samples);
    }

    Optional<Samples> get(Metric metric) {
        return Optional.ofNullable(values.get(metric));
    }

    /** The median of {@code metric}, or NaN if it was not measured. */
    double median(Metric metric) {
        return get(metric).map(Samples::median).orElse(Double.NaN);
    }

    Map<Metric, Samples> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Marks metrics measured on only some of the connections asked for: the server did not answer the others. */
    void partial(Metric... metrics) {
        partial.addAll(List.of(metrics));
    }

    boolean isPartial(Metric metric) {
        return partial.contains(metric);
    }

    /** Something the reader must know: a test that failed, connections that were not served. */
    void note(String note) {
        notes.add(note);
    }

    List<String> notes() {
        return Collections.unmodifiableList(notes);
    }
}
