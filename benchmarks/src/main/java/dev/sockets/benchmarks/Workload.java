package dev.sockets.benchmarks;

import java.util.List;
import java.util.Optional;

/**
 * Connections of the Java load generator at work against one server, and the {@link Meter} they count
 * on. Closing it stops them, lets the round trips in flight come back, and closes every connection.
 */
final class Workload implements Load {

    /** How long to wait for round trips in flight when stopping. */
    private static final long QUIESCE_MILLIS = 2_000;

    private final Meter meter;
    private final List<ClientLoop> loops;
    private final int opened;
    private final int answered;

    Workload(Meter meter, List<ClientLoop> loops, int opened, int answered) {
        this.meter = meter;
        this.loops = loops;
        this.opened = opened;
        this.answered = answered;
    }

    Meter meter() {
        return meter;
    }

    /** Connections opened (or, for churn, clients started). */
    int opened() {
        return opened;
    }

    /** Connections opened that are still open: neither their connect nor anything since has failed. */
    int held() {
        return opened - (int) meter.errors();
    }

    @Override
    public int answered() {
        return answered;
    }

    @Override
    public Interval interval() {
        return meter.interval();
    }

    @Override
    public long errors() {
        return meter.errors();
    }

    @Override
    public Optional<String> firstError() {
        return Optional.ofNullable(meter.firstError()).map(String::valueOf);
    }

    /**
     * Stops the sessions, waits a moment for round trips in flight, and closes every connection. If
     * interrupted, it stops waiting but still closes them, and returns with the interrupt status set.
     */
    @Override
    public void close() {
        meter.stop();
        boolean interrupted = false;
        try {
            long deadline = System.currentTimeMillis() + QUIESCE_MILLIS;
            long last = -1;
            while (System.currentTimeMillis() < deadline && meter.operationsSoFar() != last) {
                last = meter.operationsSoFar();
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        for (ClientLoop loop : loops) {
            try {
                loop.closeAll();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
