package dev.sockets.spi;

import java.time.Duration;

/** Converts the API's {@link Duration} timeouts for the JDK's calls that take milliseconds or nanoseconds. */
public final class Timeouts {

    private Timeouts() {
    }

    /**
     * Returns {@code timeout} in whole milliseconds for {@code Socket.setSoTimeout} and the like:
     * 0 for {@link Duration#ZERO} (no limit), otherwise rounded up, so that a timeout of one
     * nanosecond is one millisecond and not "no limit", and at most {@link Integer#MAX_VALUE}.
     *
     * @param timeout the timeout; ZERO for no limit
     * @return the milliseconds, 0 for no limit, otherwise 1 to {@link Integer#MAX_VALUE}
     */
    public static int millis(Duration timeout) {
        if (timeout.isZero()) {
            return 0;
        }
        long nanos = saturatedNanos(timeout);
        // Rounded up without overflow: a timeout too long for nanoseconds saturates, never wraps to 1 ms (§9.5).
        long millis = nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1);
        return (int) Math.min(Math.max(millis, 1), Integer.MAX_VALUE);
    }

    /**
     * Returns the {@code SO_TIMEOUT} of a call that must end by {@code deadline}: 0 (none) for
     * {@link Long#MAX_VALUE}, else the milliseconds left, rounded up and at least one, so that a
     * deadline just passed still takes what is ready now, as {@code poll(2)} with a short timeout
     * would, and is never taken for "no limit" (§9.5).
     *
     * @param deadline when the call must end, on the {@link System#nanoTime()} clock
     * @return the milliseconds for {@code setSoTimeout}, 0 for no limit
     */
    public static int soTimeout(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return 0;
        }
        return millis(Duration.ofNanos(Math.max(1, remaining(deadline))));
    }

    /**
     * Returns {@code timeout} in nanoseconds, {@link Long#MAX_VALUE} if it does not fit or is ZERO (no limit).
     *
     * @param timeout the timeout; ZERO for no limit
     * @return the nanoseconds, {@link Long#MAX_VALUE} for no limit
     */
    public static long nanos(Duration timeout) {
        return timeout.isZero() ? Long.MAX_VALUE : saturatedNanos(timeout);
    }

    /**
     * Returns the deadline, on the {@link System#nanoTime()} clock, of a wait of {@code timeout}
     * started now; {@link Long#MAX_VALUE} for no limit. Use with {@link #remaining(long)}.
     *
     * @param timeout the timeout; ZERO for no limit
     * @return the deadline, {@link Long#MAX_VALUE} for no limit
     */
    public static long deadline(Duration timeout) {
        return deadline(nanos(timeout));
    }

    /**
     * Returns the deadline of a wait of {@code nanos} nanoseconds started now, as
     * {@link #deadline(Duration)}; {@link Long#MAX_VALUE} for no limit.
     *
     * @param nanos the length of the wait; {@link Long#MAX_VALUE} for no limit
     * @return the deadline, {@link Long#MAX_VALUE} for no limit
     */
    public static long deadline(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        // Beyond a few decades a deadline would overflow the clock; such a wait has no limit in practice.
        return nanos >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE : System.nanoTime() + nanos;
    }

    /**
     * Returns the nanoseconds left until {@code deadline}: at most 0 when it passed, {@link Long#MAX_VALUE} for none.
     *
     * @param deadline the deadline, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for no limit
     * @return the nanoseconds left, at most 0 once it passed
     */
    public static long remaining(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
