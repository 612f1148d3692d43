package dev.sockets.spi;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The one policy for a server's log records that its clients can provoke by the thousand (§12.9): at most
 * one record per {@linkplain #INTERVAL_NANOS second}, and the next record that goes says how many were
 * suppressed since the last, so a count is never lost and a flood of failures costs one line a second.
 * As nginx and Netty log a condition once, not per client.
 *
 * <p>Logging never fails the caller: out of descriptors, a logger may not open what it needs, and
 * whatever it throws, {@link Error}s included, is dropped. Safe from any thread, without a lock (a
 * handler on a virtual thread is never blocked behind another's logging).
 */
public final class RateLimitedLog {

    /** The shortest time between two records, in nanoseconds: one second. */
    public static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final System.Logger log;
    private final LongSupplier clock;
    /** When the next record may go, on the {@link System#nanoTime()} clock. */
    private final AtomicLong nextAllowed;
    private final LongAdder suppressed = new LongAdder();

    /**
     * Makes a rate-limited view of {@code log}.
     *
     * @param log where records go
     */
    public RateLimitedLog(System.Logger log) {
        this(log, System::nanoTime);
    }

    /** As {@link #RateLimitedLog(System.Logger)}, on {@code clock} (nanoseconds): for a test. */
    RateLimitedLog(System.Logger log, LongSupplier clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextAllowed = new AtomicLong(clock.getAsLong());
    }

    /**
     * Logs {@code message} with {@code failure}, unless a record went less than a second ago; then it is
     * only counted, and the next record that goes names the count.
     *
     * @param level the record's level
     * @param message what happened
     * @param failure the exception, or null
     * @return true if the record went to the logger, false if it was suppressed
     */
    public boolean log(Level level, String message, Throwable failure) {
        long now = clock.getAsLong();
        long next = nextAllowed.get();
        if (now - next < 0 || !nextAllowed.compareAndSet(next, now + INTERVAL_NANOS)) {
            suppressed.increment();
            return false;
        }
        long dropped = suppressed.sumThenReset();
        String text = dropped == 0 ? message
                : message + " (and " + dropped + " more like it in the last second(s), not logged: at most one a second)";
        try {
            log.log(level, text, failure);
        } catch (Throwable loggingFailed) {
            // Out of descriptors, a logger may fail; serving must not.
        }
        return true;
    }

    /**
     * Returns the records suppressed since the last that went.
     *
     * @return how many were only counted
     */
    public long suppressed() {
        return suppressed.sum();
    }
}
