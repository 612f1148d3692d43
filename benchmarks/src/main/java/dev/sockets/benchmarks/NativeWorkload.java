package dev.sockets.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * One ping-pong workload of the C load generator: its process, asked for an {@link Interval} at a time
 * over the protocol of {@code load_epoll.c} ({@code ready}, {@code interval}, {@code error}, {@code stop}).
 * The latency comes as counts per bucket (each within 0.4% of the value it stands for, where the Java
 * generator's HdrHistogram keeps three digits), put back into a {@link Histogram}: the same metrics follow.
 */
final class NativeWorkload implements Load {

    /** How long opening may take: the generator's own stall timeout is 5 s per step of progress. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final ControlLines control;
    private final int answered;
    private long errors;
    private Optional<String> firstError = Optional.empty();

    private NativeWorkload(Process process) throws IOException {
        this.control = new ControlLines("the C load generator", process);
        String ready = answer("ready ", READY_TIMEOUT);
        String[] fields = ready.split(" ");
        if (fields.length != 4) {
            throw new IOException("the C load generator: not a ready line: " + ready);
        }
        this.answered = Integer.parseInt(fields[2]);
        this.errors = Long.parseLong(fields[3]);
    }

    /** Waits for the generator's {@code ready} line; kills it if that does not come. */
    static NativeWorkload start(Process process) throws IOException {
        try {
            return new NativeWorkload(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * One {@code interval} line, parsed.
     *
     * @param interval the round trips and their latency; no bytes are counted (64 each way per round trip)
     * @param errors the generator's errors since it started
     */
    record IntervalLine(Interval interval, long errors) {
    }

    /** Parses {@code interval <nanos> <round trips> <errors> <value>:<count> ...}. */
    static IntervalLine parse(String line) {
        String[] fields = line.strip().split(" ");
        if (fields.length < 4 || !fields[0].equals("interval")) {
            throw new IllegalArgumentException("not an interval line: " + line);
        }
        Histogram latency = new Histogram(3);
        for (int i = 4; i < fields.length; i++) {
            int colon = fields[i].indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("not <value>:<count>: '" + fields[i] + "' in " + line);
            }
            latency.recordValueWithCount(Long.parseLong(fields[i].substring(0, colon)), Long.parseLong(fields[i].substring(colon + 1)));
        }
        long operations = Long.parseLong(fields[2]);
        if (operations != latency.getTotalCount()) {
            throw new IllegalArgumentException(operations + " round trips but " + latency.getTotalCount() + " in the histogram: " + line);
        }
        return new IntervalLine(new Interval(Long.parseLong(fields[1]), operations, 0, latency), Long.parseLong(fields[3]));
    }

    @Override
    public int answered() {
        return answered;
    }

    @Override
    public Interval interval() {
        control.send("interval");
        try {
            IntervalLine line = parse(answer("interval ", ANSWER_TIMEOUT));
            errors = line.errors();
            return line.interval();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public long errors() {
        return errors;
    }

    @Override
    public Optional<String> firstError() {
        return firstError;
    }

    /** The next line that starts with {@code prefix}, noting an {@code error} line on the way. */
    private String answer(String prefix, Duration timeout) throws IOException {
        for (;;) {
            String line = control.answer(timeout);
            if (line.startsWith(prefix)) {
                return line;
            }
            if (!line.startsWith("error ")) {
                throw new IOException("the C load generator: expected '" + prefix.strip() + "', got: " + line);
            }
            if (firstError.isEmpty()) {
                firstError = Optional.of(line.substring("error ".length()));
            }
        }
    }

    /** Stops the generator: it closes every connection and exits. */
    @Override
    public void close() {
        control.quit("stop");
    }
}
