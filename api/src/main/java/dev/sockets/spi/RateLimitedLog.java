package dev.sockets.spi;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The one policy for a server's log records that its clients can provoke by the thousand (§12.9): at most
 * one record per {@linkplain #INTERVAL_NANOS second}, and the next record that goes says how many were
 * suppressed since the last, so a count is never lost and a flood of failures costs one line a second.
 * As nginx and Netty log a condition once, not per client.
 *
 * <p>Logging never fails the caller: out of descriptors, a logger may not open what it needs, and
 * whatever it throws, {@link Error}s included, is dropped. Safe from any thread, without a lock (a
 * handler on a virtual thread is never blocked behind another's logging): the decision and the count are one
 * value that each call changes with one compare-and-set.
 */
public final class RateLimitedLog {

    /** The shortest time between two records, in nanoseconds: one second. */
    public static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final System.Logger log;
    private final LongSupplier clock;
    private final AtomicReference<Window> window;

    /**
     * When the next record may go, on the {@link System#nanoTime()} clock, and how many were suppressed since the
     * last: one value, changed by one compare-and-set, so that the record that goes names exactly the calls
     * suppressed before it was decided, and a call suppressed while it is being written goes to the next.
     */
    private record Window(long nextAllowed, long suppressed) {
    }

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
        this.window = new AtomicReference<>(new Window(clock.getAsLong(), 0));
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
        Window before;
        boolean goes;
        do {
            before = window.get();
            goes = now - before.nextAllowed() >= 0;
        } while (!window.compareAndSet(before, goes ? new Window(now + INTERVAL_NANOS, 0)
                : new Window(before.nextAllowed(), before.suppressed() + 1)));
        if (!goes) {
            return false;
        }
        long dropped = before.suppressed();
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
        return window.get().suppressed();
    }
}
