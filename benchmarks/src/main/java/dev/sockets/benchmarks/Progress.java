package dev.sockets.benchmarks;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Tells the person waiting which server, which test, how far: one line per step, with the time
 * so far and an estimate of the time left.
 */
final class Progress {

    /** Steps per server besides its ping-pongs: start and idle, streaming, churn. */
    static final int STEPS_BESIDES_PING_PONG = 3;

    private final PrintStream out;
    private final int totalSteps;
    private final Duration estimatePerStep;
    private final long startedAt = System.nanoTime();
    private int step;

    Progress(PrintStream out, Settings settings) {
        this.out = out;
        // and c-epoll's one more: the generators' ceiling
        this.totalSteps = settings.contenders().size() * (STEPS_BESIDES_PING_PONG + settings.connectionCounts().size())
                + (settings.contenders().contains(Contender.C_EPOLL) ? 1 : 0);
        this.estimatePerStep = settings.warmup().plus(settings.measurement().multipliedBy(settings.repeats())).plusMillis(700);
    }

    /** Starts the next step: {@code server · test}. */
    void step(Contender server, String test) {
        step++;
        // the settings' estimate until a step has finished, then the pace so far: a loaded machine is slower
        Duration perStep = step == 1 ? estimatePerStep : elapsed().dividedBy(step - 1);
        // in nanoseconds: a step shorter than a second (smoke mode) is not a step of no time
        Duration left = perStep.multipliedBy(totalSteps - step + 1);
        out.printf("[%s] %2d/%d  %-14s %s  (about %s left)%n", clock(elapsed()), step, totalSteps, server.id(), test,
                clock(left));
    }

    /** A detail of the current step: a repeat, a count. */
    void detail(String detail) {
        out.printf("[%s]        %-14s   %s%n", clock(elapsed()), "", detail);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    static String clock(Duration duration) {
        return String.format("%d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }
}
