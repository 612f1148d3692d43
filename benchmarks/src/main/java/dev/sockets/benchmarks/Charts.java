package dev.sockets.benchmarks;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG charts, drawn with XChart: round trips per second and p99 latency against the
 * connection count (providers solid, baselines dashed), and memory per idle connection.
 */
final class Charts {

    static final String THROUGHPUT = "throughput.png";
    static final String P99 = "p99.png";
    static final String MEMORY = "memory.png";
    static final List<String> FILES = List.of(THROUGHPUT, P99, MEMORY);

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private Charts() {
    }

    static void write(Path directory, Map<Contender, ServerResults> results) throws IOException {
        save(againstConnections("Round trips per second (64-byte ping-pong)", "round trips/s", results, Metric::roundTrips, false),
                directory.resolve(THROUGHPUT));
        save(againstConnections("p99 latency (64-byte ping-pong)", "p99, µs (log)", results, Metric::p99, true),
                directory.resolve(P99));
        save(memory(results), directory.resolve(MEMORY));
    }

    private interface MetricAt {
        Metric at(int connections);
    }

    private static XYChart againstConnections(String title, String yTitle, Map<Contender, ServerResults> results,
            MetricAt metric, boolean logarithmic) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("connections, one message outstanding on each (log)").yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        for (ServerResults result : results.values()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int connections : Settings.CONNECTION_COUNTS) {
                double value = result.median(metric.at(connections));
                if (!Double.isNaN(value) && value > 0) {
                    x.add((double) connections);
                    y.add(value);
                }
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries(result.contender().id(), x, y);
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setLineColor(color(result.contender()));
                series.setMarkerColor(color(result.contender()));
                series.setLineStyle(result.contender().isBaseline() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            }
        }
        return chart;
    }

    private static CategoryChart memory(Map<Contender, ServerResults> results) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Memory per idle connection (resident growth + heap after GC)")
                .xAxisTitle("server").yAxisTitle("KB per connection").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> servers = new ArrayList<>();
        List<Double> resident = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        for (ServerResults result : results.values()) {
            servers.add(result.contender().id());
            resident.add(kilobytes(result.median(Metric.NATIVE_PER_CONNECTION)));
            heap.add(kilobytes(result.median(Metric.HEAP_PER_CONNECTION)));
        }
        chart.addSeries("native (resident set)", servers, resident);
        chart.addSeries("heap", servers, heap);
        return chart;
    }

    /** A provider and its own baseline share a colour, solid and dashed, so each pair reads as one model. */
    private static Color color(Contender contender) {
        return switch (contender) {
            case BLOCKING, JDK_THREADS -> new Color(0x1f77b4);
            case NIO, JDK_SELECTOR -> new Color(0xff7f0e);
            case VIRTUAL_THREADS, JDK_VIRTUAL -> new Color(0x9467bd);
            case NETTY -> new Color(0x2ca02c);
            case POSIX, C_PTHREADS -> new Color(0xd62728);
        };
    }

    /** Bytes as KB for a bar; a bar cannot be missing or below zero (the table has the exact value). */
    private static double kilobytes(double bytes) {
        return Double.isNaN(bytes) ? 0 : Math.max(0, bytes / 1024);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
