package dev.sockets.benchmarks;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What the client sessions of one workload count — round trips with their latency, bytes, errors —
 * recorded by the generator's threads without locks and read by the runner an interval at a time.
 */
final class Meter {

    private final Recorder latency = new Recorder(3);
    private final LongAdder operations = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private volatile boolean stopped;
    private volatile Throwable firstError;
    private long intervalStart = System.nanoTime();

    /** Counts one round trip that took {@code nanos}. */
    void roundTrip(long nanos) {
        latency.recordValue(nanos);
        operations.increment();
    }

    /** Counts a connection that the server has answered for the first time. */
    void answered() {
        answered.increment();
    }

    /** Connections the server has answered at least once. */
    long answeredSoFar() {
        return answered.sum();
    }

    /** Counts {@code count} bytes received. */
    void bytes(long count) {
        bytes.add(count);
    }

    void error(Throwable error) {
        errors.increment();
        if (firstError == null) {
            firstError = error;
        }
    }

    long errors() {
        return errors.sum();
    }

    /** The first error, for the report, or null. */
    Throwable firstError() {
        return firstError;
    }

    /** Round trips counted since the last interval, without ending it. */
    long operationsSoFar() {
        return operations.sum();
    }

    /** Tells the sessions to start no new round trip or write. */
    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    /** Ends the current interval and starts the next; called by one thread, the runner. */
    Interval interval() {
        long now = System.nanoTime();
        Interval interval = new Interval(now - intervalStart, operations.sumThenReset(), bytes.sumThenReset(),
                latency.getIntervalHistogram());
        intervalStart = now;
        return interval;
    }
}
