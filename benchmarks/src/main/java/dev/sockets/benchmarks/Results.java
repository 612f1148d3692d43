package dev.sockets.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads back the {@code results.json} of a run (see {@link Report#json()}), to draw its charts again. */
final class Results {

    private Results() {
    }

    /** The servers of {@code json}, in its order, with every repeat's value and which metrics are partial. */
    static Map<Contender, ServerResults> read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        Map<Contender, ServerResults> results = new LinkedHashMap<>();
        for (JsonNode server : root.path("servers")) {
            Contender contender = Contender.byId(server.path("id").asText());
            ServerResults result = new ServerResults(contender);
            server.path("notes").forEach(note -> result.note(note.asText()));
            for (Map.Entry<String, JsonNode> entry : server.path("metrics").properties()) {
                Metric metric = Metric.valueOf(entry.getKey().toUpperCase(Locale.ROOT));
                List<Double> values = new ArrayList<>();
                entry.getValue().path("values").forEach(v -> values.add(v.asDouble()));
                result.put(metric, new Samples(values));
                if (entry.getValue().path("partial").asBoolean(false)) {
                    result.partial(metric);
                }
            }
            results.put(contender, result);
        }
        return results;
    }
}
