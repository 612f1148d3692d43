package dev.sockets.blocking;

import dev.sockets.StreamOptions;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A UNIX-domain stream connection on a blocking {@link SocketChannel}: POSIX
 * {@code socket(AF_UNIX, SOCK_STREAM, 0)}, {@code connect} (or {@code accept}), {@code read},
 * {@code write}, {@code shutdown}, {@code setsockopt}, {@code close}. {@code java.net.Socket} has no
 * UNIX domain, so this is the one stream the provider carries on a channel.
 *
 * <h2>Read timeouts</h2>
 * A channel has no {@code SO_TIMEOUT}. Without a read timeout the channel stays in blocking mode
 * and the calling thread waits in {@code read(2)} and {@code write(2)}, exactly as with a socket.
 * With one, the channel is put in non-blocking mode for good and a thread that would block waits in
 * a {@link ChannelPoll} ({@code poll(2)} on this one descriptor) instead: one for reads, one for
 * writes, so that a reader and a writer still wait at once (§5.7). The mode is chosen once, when
 * the connection is made, because switching it blocks while another thread is in a read or write.
 *
 * <p>{@code close()} from another thread wakes a blocked thread either way: the JDK signals a thread
 * inside a blocking channel call, and closing the polls wakes a thread waiting in one.
 */
final class UnixConnection extends StreamConnection {

    /** Bounds of the pause between connect attempts while the listener's backlog is full. */
    private static final long MIN_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final SocketChannel channel;
    private final Duration readTimeout;
    /** Where readers wait, with a read timeout; null in blocking mode. */
    private final ChannelPoll readPoll;
    /** Where writers wait, with a read timeout; null in blocking mode. */
    private final ChannelPoll writePoll;

    private UnixConnection(SocketChannel channel, Duration readTimeout) throws IOException {
        super(channel.getLocalAddress(), channel.getRemoteAddress(), SocketOptionSupport.unix());
        this.channel = channel;
        this.readTimeout = readTimeout;
        if (readTimeout.isZero()) {
            channel.configureBlocking(true);
            this.readPoll = null;
            this.writePoll = null;
        } else {
            channel.configureBlocking(false);
            ChannelPoll reads = ChannelPoll.open(channel, SelectionKey.OP_READ);
            try {
                this.writePoll = ChannelPoll.open(channel, SelectionKey.OP_WRITE);
            } catch (IOException | RuntimeException e) {
                reads.close();
                throw e;
            }
            this.readPoll = reads;
        }
    }

    /**
     * Opens a channel, sets the socket options, then connects it to {@code remote} (§3.1, §3.4).
     * Nothing listening at the path, or no such file, is {@link ConnectException} (§3.2). Closes the
     * channel on every failure (§13.1).
     */
    static UnixConnection connect(UnixDomainSocketAddress remote, StreamOptions options) throws IOException {
        SocketOptionSupport.unix().checkAll(options.socketOptions());
        SocketChannel channel = options.connectTimeout().isZero()
                ? connectBlocking(remote, options)
                : connectWithin(remote, options);
        try {
            return new UnixConnection(channel, options.readTimeout());
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    /**
     * Wraps a channel returned by {@code ServerSocketChannel.accept()}, with the read timeout and
     * socket options of the listener's connection options (§4.3). Closes the channel if that fails.
     */
    static UnixConnection accepted(SocketChannel channel, StreamOptions options) throws IOException {
        try {
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            return new UnixConnection(channel, options.readTimeout());
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    /** {@code connect(2)} in blocking mode: waits, as POSIX does, while the listener's backlog is full. */
    private static SocketChannel connectBlocking(UnixDomainSocketAddress remote, StreamOptions options) throws IOException {
        SocketChannel channel = open(options);
        try {
            channel.connect(remote);
            return channel;
        } catch (IOException e) {
            closeAfterFailure(channel, e);
            throw connectFailure(remote, e);
        } catch (RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    /**
     * {@code connect(2)} within the connect timeout (§3.3). Linux completes a UNIX-domain connect at
     * once or fails it with {@code EAGAIN} when the listener's backlog is full (where a blocking
     * connect would wait); the JDK closes a channel whose connect failed, so each attempt takes a
     * new one, after a pause that grows, until the deadline. Where a system answers
     * {@code EINPROGRESS} instead, the attempt waits for it in a {@link ChannelPoll}.
     */
    private static SocketChannel connectWithin(UnixDomainSocketAddress remote, StreamOptions options) throws IOException {
        long deadline = Timeouts.deadline(options.connectTimeout());
        long pause = MIN_RETRY_NANOS;
        while (true) {
            SocketChannel channel = open(options);
            try {
                channel.configureBlocking(false);
                if (channel.connect(remote) || finishWithin(channel, deadline)) {
                    return channel;
                }
                throw Errors.connectTimedOut(remote);
            } catch (SocketException e) {
                closeAfterFailure(channel, e);
                if (!isBacklogFull(e)) {
                    throw connectFailure(remote, e);
                }
            } catch (IOException e) {
                closeAfterFailure(channel, e);
                throw connectFailure(remote, e);
            } catch (RuntimeException e) {
                closeAfterFailure(channel, e);
                throw e;
            }
            long remaining = Timeouts.remaining(deadline);
            if (remaining <= 0) {
                throw Errors.connectTimedOut(remote);
            }
            LockSupport.parkNanos(Math.min(pause, remaining));
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("Connect interrupted: " + remote.getPath());
            }
            pause = Math.min(pause * 2, MAX_RETRY_NANOS);
        }
    }

    /** Waits for a pending connect until {@code deadline}; returns whether it completed. */
    private static boolean finishWithin(SocketChannel channel, long deadline) throws IOException {
        try (ChannelPoll poll = ChannelPoll.open(channel, SelectionKey.OP_CONNECT)) {
            while (true) {
                if (channel.finishConnect()) {
                    return true;
                }
                long remaining = Timeouts.remaining(deadline);
                if (remaining <= 0) {
                    return false;
                }
                poll.await(remaining);
            }
        }
    }

    private static SocketChannel open(StreamOptions options) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            return channel;
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    private static boolean isBacklogFull(SocketException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("resource temporarily unavailable") || message.contains("would block");
    }

    /**
     * No listener at the path ({@code ECONNREFUSED}) and no such file ({@code ENOENT}, which the JDK
     * reports as a plain {@link SocketException}) are both "Connection refused" to the caller (§3.2).
     */
    private static IOException connectFailure(UnixDomainSocketAddress remote, IOException e) {
        if (e instanceof ConnectException || (e instanceof SocketException
                && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("no such file"))) {
            return Errors.refused(remote, e);
        }
        return Errors.translate(e);
    }

    @Override
    int implRead(ByteBuffer dst) throws IOException {
        if (readPoll == null) {
            return channel.read(dst);
        }
        long deadline = Timeouts.deadline(readTimeout);
        while (true) {
            int n = channel.read(dst);
            if (n != 0) {
                return n;
            }
            long remaining = Timeouts.remaining(deadline);
            if (remaining <= 0) {
                throw Errors.readTimedOut();
            }
            readPoll.await(remaining);
        }
    }

    @Override
    void implWrite(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            // In blocking mode write(2) returns when every byte went; in non-blocking mode, 0 means
            // the send buffer is full: wait until the peer makes room. Writes have no timeout.
            if (channel.write(src) == 0 && writePoll != null) {
                writePoll.await(Long.MAX_VALUE);
            }
        }
    }

    @Override
    void implShutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    void implShutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    void implClose() throws IOException {
        try {
            channel.close();
        } finally {
            if (readPoll != null) {
                // Wakes a waiting reader and writer; the channel's descriptor is released when its
                // registrations with the polls' selectors go.
                readPoll.close();
                writePoll.close();
            }
        }
    }

    @Override
    <T> T implGetOption(SocketOption<T> option) throws IOException {
        return channel.getOption(option);
    }

    @Override
    <T> void implSetOption(SocketOption<T> option, T value) throws IOException {
        channel.setOption(option, value);
    }

    private static void closeAfterFailure(SocketChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
