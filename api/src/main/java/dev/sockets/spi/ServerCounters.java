package dev.sockets.spi;

import dev.sockets.Connection;
import dev.sockets.ServerStats;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;
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

    /** Counts a connection accepted; it is open until {@link #closed()}. */
    public void accepted() {
        accepted.increment();
        open.increment();
    }

    /** Counts a connection closed, once for each {@link #accepted()}. */
    public void closed() {
        open.decrement();
    }

    /** Counts a handler that ended with an exception. */
    public void handlerFailed() {
        handlerFailures.increment();
    }

    /** Counts bytes read by a handler. */
    public void read(long bytes) {
        bytesRead.add(bytes);
    }

    /** Counts bytes written by a handler. */
    public void written(long bytes) {
        bytesWritten.add(bytes);
    }

    /** Returns the number of connections open now. */
    public long openConnections() {
        return open.sum();
    }

    /** Returns the counters as they are now. */
    public ServerStats snapshot() {
        return new ServerStats(open.sum(), accepted.sum(), bytesRead.sum(), bytesWritten.sum(), handlerFailures.sum());
    }

    /**
     * Returns {@code connection} seen through these counters: what the handler reads and writes
     * through the returned connection is counted. Everything else is passed through.
     */
    public Connection counting(Connection connection) {
        return new Counting(Objects.requireNonNull(connection, "connection"), this);
    }

    private record Counting(Connection delegate, ServerCounters counters) implements Connection {

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = delegate.read(dst);
            if (n > 0) {
                counters.read(n);
            }
            return n;
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            int before = src.remaining();
            try {
                delegate.write(src);
            } finally {
                counters.written(before - src.remaining());
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            delegate.shutdownOutput();
        }

        @Override
        public void shutdownInput() throws IOException {
            delegate.shutdownInput();
        }

        @Override
        public SocketAddress localAddress() {
            return delegate.localAddress();
        }

        @Override
        public SocketAddress remoteAddress() {
            return delegate.remoteAddress();
        }

        @Override
        public <T> T option(SocketOption<T> option) throws IOException {
            return delegate.option(option);
        }

        @Override
        public <T> Connection option(SocketOption<T> option, T value) throws IOException {
            delegate.option(option, value);
            return this;
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return delegate.supportedOptions();
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
