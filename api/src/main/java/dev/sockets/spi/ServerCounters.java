package dev.sockets.spi;

import dev.sockets.Connection;
import dev.sockets.ServerStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link dev.sockets.Server#stats()} (§12.5). Updates are cheap and safe from
 * any thread ({@link LongAdder}); {@link #snapshot()} reads them all.
 */
public final class ServerCounters {

    private final LongAdder open = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private final LongAdder readTimeouts = new LongAdder();
    private final LongAdder writeTimeouts = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder idleClosed = new LongAdder();

    /** Creates counters that are all zero. */
    public ServerCounters() {
    }

    /** Counts a connection accepted; it is open until {@link #closed()}. */
    public void accepted() {
        accepted.increment();
        open.increment();
    }

    /** Counts a connection closed, once for each {@link #accepted()}. */
    public void closed() {
        open.decrement();
    }

    /** Counts a handler that ended with an exception, of no kind that {@link #handlerFailed(Throwable)} tells apart. */
    public void handlerFailed() {
        handlerFailures.increment();
    }

    /**
     * Counts a handler that ended with {@code failure}, and its kind (§12.8): a read timeout, a write
     * timeout, a reset, or another.
     *
     * @param failure what the handler threw
     * @return the kind it was counted as
     */
    public FailureKind handlerFailed(Throwable failure) {
        handlerFailures.increment();
        FailureKind kind = FailureKind.of(failure);
        switch (kind) {
            case READ_TIMEOUT -> readTimeouts.increment();
            case WRITE_TIMEOUT -> writeTimeouts.increment();
            case RESET -> resets.increment();
            case CLOSED, OTHER -> { }
        }
        return kind;
    }

    /** Counts a connection that the server closed because it was idle too long. */
    public void idleClosed() {
        idleClosed.increment();
    }

    /**
     * Counts bytes read by a handler.
     *
     * @param bytes how many
     */
    public void read(long bytes) {
        bytesRead.add(bytes);
    }

    /**
     * Counts bytes written by a handler.
     *
     * @param bytes how many
     */
    public void written(long bytes) {
        bytesWritten.add(bytes);
    }

    /**
     * Returns the number of connections open now.
     *
     * @return connections accepted and not yet closed
     */
    public long openConnections() {
        return open.sum();
    }

    /**
     * Returns the counters as they are now.
     *
     * @return a snapshot
     */
    public ServerStats snapshot() {
        return new ServerStats(open.sum(), accepted.sum(), bytesRead.sum(), bytesWritten.sum(), handlerFailures.sum(),
                readTimeouts.sum(), writeTimeouts.sum(), resets.sum(), idleClosed.sum());
    }

    /**
     * Returns {@code connection} seen through these counters: what the handler reads and writes
     * through the returned connection is counted. Everything else is passed through.
     *
     * @param connection the connection to count
     * @return the counting connection
     */
    public Connection counting(Connection connection) {
        return counting(connection, () -> { });
    }

    /**
     * Returns {@code connection} seen through these counters, as {@link #counting(Connection)}, which
     * also runs {@code activity} after every read or write that moved a byte: how a server tells an
     * idle connection (§16.7).
     *
     * @param connection the connection to count
     * @param activity run after each read or write that moved bytes
     * @return the counting connection
     */
    public Connection counting(Connection connection, Runnable activity) {
        return new Counting(Objects.requireNonNull(connection, "connection"), this, Objects.requireNonNull(activity, "activity"));
    }

    /** Counts what passes through {@link #read} and {@link #write}; forwards the rest. */
    private static final class Counting extends ForwardingConnection {

        private final ServerCounters counters;
        private final Runnable activity;

        Counting(Connection delegate, ServerCounters counters, Runnable activity) {
            super(delegate);
            this.counters = counters;
            this.activity = activity;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = delegate().read(dst);
            if (n > 0) {
                counters.read(n);
                activity.run();
            }
            return n;
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            int before = src.remaining();
            try {
                delegate().write(src);
            } finally {
                counters.written(before - src.remaining());
                activity.run();
            }
        }
    }
}
