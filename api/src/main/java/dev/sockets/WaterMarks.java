package dev.sockets;

/**
 * The write queue bounds of an event-driven connection ({@link EventConnection}), as Netty's
 * {@code WriteBufferWaterMark} and Node's {@code highWaterMark}: once more than {@code high} bytes
 * are queued, {@link EventConnection#write} returns false, and once the queue has fallen to
 * {@code low} bytes or fewer, the handler's {@link EventHandler#onWritable} is called (§16.4).
 * Nothing is refused above the high mark: the marks tell a handler when to stop producing, they
 * do not cap the queue. Immutable.
 *
 * @param low at or below this many queued bytes a connection that was above {@code high} is
 *     writable again; at least 0
 * @param high above this many queued bytes {@link EventConnection#write} returns false; at least
 *     {@code low}, and at least 1
 */
public record WaterMarks(int low, int high) {

    /** The low mark of {@link #defaults()}: 32 KiB, Netty's. */
    public static final int DEFAULT_LOW = 32 * 1024;

    /** The high mark of {@link #defaults()}: 64 KiB, Netty's. */
    public static final int DEFAULT_HIGH = 64 * 1024;

    private static final WaterMarks DEFAULTS = new WaterMarks(DEFAULT_LOW, DEFAULT_HIGH);

    /**
     * Checks the marks.
     *
     * @param low at or below this many queued bytes the connection is writable again
     * @param high above this many queued bytes a write returns false
     * @throws IllegalArgumentException if {@code low < 0}, {@code high < 1} or {@code high < low}
     */
    public WaterMarks {
        if (low < 0) {
            throw new IllegalArgumentException("§2.1: low < 0: " + low);
        }
        if (high < 1) {
            throw new IllegalArgumentException("§2.1: high < 1: " + high);
        }
        if (high < low) {
            throw new IllegalArgumentException("§2.1: high < low: " + high + " < " + low);
        }
    }

    /**
     * Returns the defaults: 32 KiB low, 64 KiB high.
     *
     * @return the default marks
     */
    public static WaterMarks defaults() {
        return DEFAULTS;
    }
}
