package dev.sockets.benchmarks;

import java.awt.BasicStroke;
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
 *
 * <p>Drawn for a careful reader: a line joins only points measured in full at neighbouring connection
 * counts, never across a count that was not measured; a point where the server answered only some of
 * the connections (†, see the report's notes) is a cross of its own, joined to nothing, so that a
 * starved server does not look best; every point has a bar from the min to the max of its repeats,
 * the servers spread a little sideways so that their bars do not hide each other; and the legends sit
 * outside the plots.
 */
final class Charts {

    static final String THROUGHPUT = "throughput.png";
    static final String P99 = "p99.png";
    static final String MEMORY = "memory.png";
    static final List<String> FILES = List.of(THROUGHPUT, P99, MEMORY);

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    /** How far apart, as a factor on the logarithmic x axis, the servers' points at one connection count are. */
    private static final double SPREAD = 1.05;

    private Charts() {
    }

    static void write(Path directory, Map<Contender, ServerResults> results) throws IOException {
        save(againstConnections("Round trips per second (64-byte ping-pong)", "round trips/s", results, Metric::roundTrips, false),
                directory.resolve(THROUGHPUT));
        save(againstConnections("p99 latency (64-byte ping-pong)", "p99, µs (log)", results, Metric::p99, true),
                directory.resolve(P99));
        save(memory(results), directory.resolve(MEMORY));
    }

    interface MetricAt {
        Metric at(int connections);
    }

    /** One measured point: the median of its repeats, their min and max, and whether it is of only some connections. */
    record Point(int connections, double median, double min, double max, boolean partial) {
    }

    /**
     * What a server's line is made of.
     *
     * @param joined runs of points measured in full at neighbouring connection counts: each run is one line
     * @param partial points measured on only some of the connections, each drawn alone
     */
    record Trace(List<List<Point>> joined, List<Point> partial) {

        List<Point> points() {
            List<Point> all = new ArrayList<>(partial);
            joined.forEach(all::addAll);
            return all;
        }
    }

    /** The points of {@code metric} for {@code result} at each of {@link Settings#CONNECTION_COUNTS}. */
    static Trace trace(ServerResults result, MetricAt metric) {
        List<List<Point>> joined = new ArrayList<>();
        List<Point> partial = new ArrayList<>();
        List<Point> run = new ArrayList<>();
        for (int connections : Settings.CONNECTION_COUNTS) {
            Metric m = metric.at(connections);
            Point point = result.get(m).filter(s -> s.median() > 0)
                    .map(s -> new Point(connections, s.median(), s.min(), s.max(), result.isPartial(m)))
                    .orElse(null);
            if (point != null && !point.partial()) {
                run.add(point);
                continue;
            }
            if (point != null) {
                partial.add(point);
            }
            if (!run.isEmpty()) {
                joined.add(List.copyOf(run));
                run.clear();
            }
        }
        if (!run.isEmpty()) {
            joined.add(List.copyOf(run));
        }
        return new Trace(List.copyOf(joined), List.copyOf(partial));
    }

    private static XYChart againstConnections(String title, String yTitle, Map<Contender, ServerResults> results,
            MetricAt metric, boolean logarithmic) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("connections, one message outstanding on each (log); bars: min–max of the repeats")
                .yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        List<ServerResults> servers = List.copyOf(results.values());
        for (int i = 0; i < servers.size(); i++) {
            ServerResults result = servers.get(i);
            Trace trace = trace(result, metric);
            if (trace.points().isEmpty()) {
                continue;
            }
            double offset = Math.pow(SPREAD, i - (servers.size() - 1) / 2.0);
            Contender contender = result.contender();
            String name = contender.id();
            boolean named = false;
            for (List<Point> run : trace.joined()) {
                XYSeries series = chart.addSeries(named ? name + " " + run.get(0).connections() : name,
                        run.stream().map(p -> p.connections() * offset).toList(), run.stream().map(Point::median).toList());
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setLineStyle(contender.isBaseline() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
                style(series, contender);
                series.setShowInLegend(!named);
                named = true;
            }
            if (!trace.partial().isEmpty()) {
                XYSeries series = chart.addSeries(name + " † (some connections unanswered)",
                        trace.partial().stream().map(p -> p.connections() * offset).toList(),
                        trace.partial().stream().map(Point::median).toList());
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                series.setMarker(SeriesMarkers.CROSS);
                style(series, contender);
            }
            for (Point point : trace.points()) {
                XYSeries bar = chart.addSeries(name + " min–max " + point.connections(),
                        List.of(point.connections() * offset, point.connections() * offset), List.of(point.min(), point.max()));
                bar.setMarker(SeriesMarkers.NONE);
                bar.setLineStyle(new BasicStroke(1.5f));
                style(bar, contender);
                bar.setShowInLegend(false);
            }
        }
        return chart;
    }

    private static CategoryChart memory(Map<Contender, ServerResults> results) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Memory per idle connection (resident growth + heap after GC)")
                .xAxisTitle("server († answered only some of the connections)").yAxisTitle("KB per connection").build();
        chart.getStyler().setStacked(true);
        // Below the plot, where no bar can be: inside, the legend hid the top of the tallest bar.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        List<String> servers = new ArrayList<>();
        List<Double> resident = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        for (ServerResults result : results.values()) {
            servers.add(result.contender().id() + (result.isPartial(Metric.MEMORY_PER_CONNECTION) ? " †" : ""));
            resident.add(kilobytes(result.median(Metric.NATIVE_PER_CONNECTION)));
            heap.add(kilobytes(result.median(Metric.HEAP_PER_CONNECTION)));
        }
        chart.addSeries("native (resident set)", servers, resident);
        chart.addSeries("heap", servers, heap);
        return chart;
    }

    private static void style(XYSeries series, Contender contender) {
        series.setLineColor(color(contender));
        series.setMarkerColor(color(contender));
    }

    /** A provider and its own baseline share a colour, solid and dashed, so each pair reads as one model. */
    private static Color color(Contender contender) {
        return switch (contender) {
            case BLOCKING, JDK_THREADS -> new Color(0x1f77b4);
            case NIO, JDK_SELECTOR -> new Color(0xff7f0e);
            case VIRTUAL_THREADS, JDK_VIRTUAL -> new Color(0x9467bd);
            case NETTY -> new Color(0x2ca02c);
            case POSIX, C_PTHREADS -> new Color(0xd62728);
            case C_EPOLL -> new Color(0x7f7f7f);
            // event-driven: a colour of its own, next to its model's
            case BLOCKING_EVENTS -> new Color(0x17becf);
            case NIO_EVENTS -> new Color(0x8c564b);
            case VIRTUAL_THREADS_EVENTS -> new Color(0xe377c2);
            case POSIX_EVENTS -> new Color(0xbcbd22);
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
