package dev.sockets.virtualthreads;

import dev.sockets.Domain;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A UNIX-domain stream on a {@link SocketChannel} in blocking mode, the only socket the JDK has for
 * {@code AF_UNIX}. Since JDK 21 a virtual thread that blocks in a blocking channel's read or write is parked
 * (the JDK switches the descriptor to non-blocking and waits on its poller), so this class calls the channel
 * plainly, and never changes its blocking mode once connected: {@code configureBlocking} waits for a thread
 * inside a read or write, which would break full duplex.
 *
 * <h2>Read timeout</h2>
 * Channels have no {@code SO_TIMEOUT}. With a read timeout every read goes through a {@link TimedCall}: a virtual
 * thread reads into this socket's buffer while the caller waits for at most the timeout; bytes that arrive after
 * the caller gave up wait in the buffer for the next read. Only as many bytes are read ahead as the timed-out
 * reader asked for, at most {@value #READ_AHEAD} bytes. Without a read timeout, reads go straight to the channel.
 */
final class UnixSocket implements StreamSocket {

    /** The size of the buffer of timed reads. */
    static final int READ_AHEAD = 32 * 1024;

    private static final String KIND = TcpSocket.kind(Domain.UNIX);
    private static final long MAX_CONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final SocketChannel channel;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final long readTimeoutNanos;
    /** Timed reads, or null without a read timeout. */
    private final TimedCall<Integer> timedRead;
    /** The buffer of timed reads; written by a timed read's thread while it is in flight, read by callers after. */
    private ByteBuffer buffer;
    /**
     * The bytes of a timed read not yet delivered, in read mode: {@code buffer} after a read completed, null while
     * a read is in flight. Guarded by the connection's read lock.
     */
    private ByteBuffer pending;

    private UnixSocket(SocketChannel channel, StreamOptions options) throws IOException {
        this.channel = channel;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
        this.readTimeoutNanos = Timeouts.nanos(options.readTimeout());
        this.timedRead = options.readTimeout().isZero() ? null : new TimedCall<>(n -> { });
    }

    /**
     * Opens a channel, sets the options and connects (§3.4). A UNIX-domain connect does not wait for the peer:
     * it succeeds, or fails at once with {@code ECONNREFUSED}, {@code ENOENT}, or {@code EAGAIN} when the
     * listener's backlog is full. A blocking connect would wait in the kernel for room in the backlog, with no
     * timeout; on a virtual thread the JDK makes the descriptor non-blocking and reports {@code EAGAIN} as a
     * failure. So the connect is non-blocking for every caller, and {@code EAGAIN} is retried with a backoff
     * (a park, on a virtual thread) until the connect timeout, as the kernel would have waited.
     */
    static UnixSocket connect(UnixDomainSocketAddress remote, StreamOptions options) throws IOException {
        long deadline = Timeouts.deadline(options.connectTimeout());
        long backoff = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                SocketOptions.checkSupported(options.socketOptions(), channel.supportedOptions(), KIND);
                apply(channel, options);
                // No other thread knows this channel yet, so switching its mode cannot wait for one.
                channel.configureBlocking(false);
                boolean connected = channel.connect(remote);
                channel.configureBlocking(true);
                if (!connected) {
                    channel.finishConnect();
                }
                return new UnixSocket(channel, options);
            } catch (IOException e) {
                closeQuietly(channel);
                if (!backlogFull(e)) {
                    throw connectFailed(remote, e);
                }
            } catch (RuntimeException | Error e) {
                closeQuietly(channel);
                throw e;
            }
            long remaining = Timeouts.remaining(deadline);
            if (remaining <= 0) {
                throw Errors.connectTimedOut(remote);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(backoff, remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Connect interrupted: " + remote.getPath());
            }
            backoff = Math.min(backoff * 2, MAX_CONNECT_BACKOFF_NANOS);
        }
    }

    /** Takes a channel returned by {@code accept}, with the listener's connection options (§4.3). */
    static UnixSocket accepted(SocketChannel channel, StreamOptions options) throws IOException {
        try {
            apply(channel, options);
            return new UnixSocket(channel, options);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Returns the options a UNIX-domain stream supports, from a channel opened and closed once. */
    static Set<SocketOption<?>> streamOptions() {
        return Supported.OPTIONS;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (timedRead == null) {
            return channel.read(dst);
        }
        if (pending != null) {
            if (pending.hasRemaining()) {
                return transfer(dst);
            }
            // drained: the buffer goes back to the timed read, and only it may touch the buffer while in flight
            pending = null;
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocate(READ_AHEAD);
        }
        int wanted = Math.min(dst.remaining(), READ_AHEAD);
        int n;
        try {
            n = timedRead.await(() -> readAhead(wanted), readTimeoutNanos, Errors::readTimedOut);
        } catch (InterruptedException e) {
            // as a blocking channel does when its reader is interrupted
            Thread.currentThread().interrupt();
            close(false);
            throw new ClosedByInterruptException();
        }
        if (n < 0) {
            return n;
        }
        pending = buffer;
        return transfer(dst);
    }

    /** The timed read's call, on its own virtual thread: read into the buffer, leave it in read mode. */
    private int readAhead(int wanted) throws IOException {
        ByteBuffer b = buffer;
        b.clear().limit(wanted);
        int n = channel.read(b);
        b.flip();
        return n;
    }

    private int transfer(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), pending.remaining());
        dst.put(dst.position(), pending, pending.position(), n);
        dst.position(dst.position() + n);
        pending.position(pending.position() + n);
        return n;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            channel.write(src);
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public <T> T option(SocketOption<T> option) throws IOException {
        return channel.getOption(option);
    }

    @Override
    public <T> void option(SocketOption<T> option, T value) throws IOException {
        channel.setOption(option, value);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return channel.supportedOptions();
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** A UNIX-domain channel closes as {@code close(2)} does: the peer of a close with unread data sees a reset. */
    @Override
    public void close(boolean readerIdle) throws IOException {
        try {
            channel.close();
        } finally {
            if (timedRead != null) {
                timedRead.close();
            }
        }
    }

    private static void apply(SocketChannel channel, StreamOptions options) throws IOException {
        for (Map.Entry<SocketOption<?>, Object> e : options.socketOptions().entrySet()) {
            set(channel, e.getKey(), e.getValue());
        }
    }

    private static <T> void set(SocketChannel channel, SocketOption<T> option, Object value) throws IOException {
        channel.setOption(option, SocketOptions.cast(option, value));
    }

    /** {@code EAGAIN} from a non-blocking connect: the listener's backlog is full. */
    private static boolean backlogFull(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return e instanceof SocketException && message.contains("temporarily unavailable");
    }

    /** Nothing listens at {@code remote}: no file ({@code ENOENT}) or no listener on it ({@code ECONNREFUSED}), §3.2. */
    private static IOException connectFailed(UnixDomainSocketAddress remote, IOException e) {
        if (e instanceof ConnectException || Files.notExists(remote.getPath())) {
            return Errors.refused(remote, e);
        }
        return Errors.translate(e);
    }

    static void closeQuietly(Closeable channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that is left to do on this error path
        }
    }

    /** The options of a UNIX-domain stream, read once, lazily. */
    private static final class Supported {
        static final Set<SocketOption<?>> OPTIONS = read();

        private static Set<SocketOption<?>> read() {
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                return Set.copyOf(probe.supportedOptions());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
