package dev.sockets.benchmarks;

import java.util.Arrays;
import java.util.List;

/** The values of the repeats of one measurement, reported as median with min–max. */
record Samples(List<Double> values) {

    Samples {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
    }

    static Samples of(double... values) {
        return new Samples(Arrays.stream(values).boxed().toList());
    }

    double median() {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
}
