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
     * @param timeout a timeout of the API, ZERO for none
     * @return the milliseconds, 0 for none
     */
    public static int millis(Duration timeout) {
        if (timeout.isZero()) {
            return 0;
        }
        long nanos = saturatedNanos(timeout);
        long millis = (nanos + 999_999) / 1_000_000;
        return (int) Math.min(Math.max(millis, 1), Integer.MAX_VALUE);
    }

    /**
     * Returns {@code timeout} in nanoseconds, {@link Long#MAX_VALUE} if it does not fit or is ZERO (no limit).
     *
     * @param timeout a timeout of the API, ZERO for none
     * @return the nanoseconds
     */
    public static long nanos(Duration timeout) {
        return timeout.isZero() ? Long.MAX_VALUE : saturatedNanos(timeout);
    }

    /**
     * Returns the deadline, on the {@link System#nanoTime()} clock, of a wait of {@code timeout}
     * started now; {@link Long#MAX_VALUE} for no limit. Use with {@link #remaining(long)}.
     *
     * @param timeout a timeout of the API, ZERO for none
     * @return the deadline
     */
    public static long deadline(Duration timeout) {
        long nanos = nanos(timeout);
        if (nanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        // Beyond a few decades a deadline would overflow the clock; such a wait has no limit in practice.
        return nanos >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE : System.nanoTime() + nanos;
    }

    /**
     * Returns the nanoseconds left until {@code deadline}: at most 0 when it passed, {@link Long#MAX_VALUE} for none.
     *
     * @param deadline a deadline of {@link #deadline(Duration)}
     * @return the nanoseconds left
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
