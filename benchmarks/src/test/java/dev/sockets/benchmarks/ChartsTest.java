package dev.sockets.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the line charts join, and what they draw apart. */
class ChartsTest {

    @Test
    void pointsMeasuredInFullAtNeighbouringCountsAreJoinedWithTheirMinAndMax() {
        ServerResults result = measured(1, 100, 1000);
        Charts.Trace trace = Charts.trace(result, Metric::roundTrips);
        assertEquals(List.of(List.of(1, 100, 1000)), counts(trace.joined()));
        assertEquals(List.of(), trace.partial());
        Charts.Point first = trace.joined().get(0).get(0);
        assertEquals(new Charts.Point(1, 20, 10, 40, false), first);
    }

    @Test
    void aPartialPointIsDrawnAloneAndJoinedToNothing() {
        ServerResults result = measured(1, 100, 1000);
        result.partial(Metric.ROUND_TRIPS_100);
        Charts.Trace trace = Charts.trace(result, Metric::roundTrips);
        assertEquals(List.of(List.of(1), List.of(1000)), counts(trace.joined()));
        assertEquals(List.of(new Charts.Point(100, 20, 10, 40, true)), trace.partial());
    }

    @Test
    void noLineCrossesAConnectionCountThatWasNotMeasured() {
        Charts.Trace trace = Charts.trace(measured(1, 1000), Metric::roundTrips);
        assertEquals(List.of(List.of(1), List.of(1000)), counts(trace.joined()));
        assertEquals(List.of(), trace.partial());
    }

    @Test
    void aServerThatAnsweredSomeConnectionsAtTheLastCountsStillHasItsFirstLine() {
        ServerResults result = measured(1, 100, 1000);
        result.partial(Metric.P99_1000);
        Charts.Trace trace = Charts.trace(result, Metric::p99);
        assertEquals(List.of(List.of(1, 100)), counts(trace.joined()));
        assertEquals(List.of(1000), trace.partial().stream().map(Charts.Point::connections).toList());
    }

    private static ServerResults measured(int... connectionCounts) {
        ServerResults result = new ServerResults(Contender.NIO);
        for (int connections : connectionCounts) {
            result.put(Metric.roundTrips(connections), Samples.of(10, 20, 40));
            result.put(Metric.p99(connections), Samples.of(10, 20, 40));
        }
        return result;
    }

    private static List<List<Integer>> counts(List<List<Charts.Point>> runs) {
        return runs.stream().map(run -> run.stream().map(Charts.Point::connections).toList()).toList();
    }
}
