package dev.sockets.nio;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.OutputShutdownException;
import dev.sockets.SocketClosedException;
import dev.sockets.StreamOptions;
import dev.sockets.nio.Readiness.Wake;
import dev.sockets.spi.Addresses;
import dev.sockets.spi.Arguments;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection over a non-blocking {@link SocketChannel} owned by one {@link EventLoop}.
 *
 * <p>Each blocking-style call first tries the non-blocking system call ({@code read(2)}, {@code write(2)},
 * {@code connect(2)} then {@code getsockopt(SO_ERROR)}); only when it cannot proceed does the caller wait in
 * {@link Readiness#await}, parked until the loop reports the socket ready, then try again. A read waits at
 * most the read timeout; a write waits for {@code OP_WRITE} only when {@code write(2)} returned 0, that is when
 * the send buffer is full, and resumes where it stopped. No thread is started for the connection.
 *
 * <p>State is kept as in the JDK's {@code NioSocketImpl}: one volatile state, a read lock (one reader at a
 * time), a write lock (one writer at a time) and a state lock for close and shutdown. {@link #close()} takes
 * neither the read nor the write lock: it marks the connection closed, closes the channel and wakes both
 * waiters, which throw {@link SocketClosedException} (§7.3).
 *
 * <p>A caller interrupted while it waits gets {@link SocketClosedException} "Closed by interrupt", and the
 * connection is closed, as an {@link java.nio.channels.InterruptibleChannel} does: bytes of a write may have
 * gone, so the stream could not be trusted any more. Its interrupt status stays set.
 */
final class NioConnection implements Connection {

    private static final int ST_OPEN = 0;
    private static final int ST_CLOSED = 1;

    private final SocketChannel channel;
    private final Readiness readiness;
    private final Domain domain;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final long readTimeoutNanos;

    /** Held by the one thread in {@link #read}. */
    private final ReentrantLock readLock = new ReentrantLock();
    /** Held by the one thread in {@link #write}. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guards the transitions of {@link #state}, {@link #inputShutdown} and {@link #outputShutdown}. */
    private final ReentrantLock stateLock = new ReentrantLock();

    /** ST_OPEN, then ST_CLOSED; written under stateLock. */
    private volatile int state = ST_OPEN;
    /** Written under stateLock. */
    private volatile boolean inputShutdown;
    /** Written under stateLock. */
    private volatile boolean outputShutdown;

    private NioConnection(SocketChannel channel, Readiness readiness, Domain domain, StreamOptions options)
            throws IOException {
        this.channel = channel;
        this.readiness = readiness;
        this.domain = domain;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
        this.readTimeoutNanos = Timeouts.nanos(options.readTimeout());
    }

    /**
     * Opens a non-blocking socket of {@code domain}, sets its options and connects it to {@code remote},
     * waiting for {@code OP_CONNECT} at most the connect timeout (§3.1–§3.4). Closes what it opened if it fails.
     */
    static NioConnection connect(EventLoopGroup loops, Domain domain, SocketAddress remote, StreamOptions options)
            throws IOException {
        ChannelOptions.checkStream(domain, options.socketOptions()); // §10.2: before any descriptor is opened
        SocketChannel channel = SocketChannel.open(Families.of(domain));
        Readiness readiness = new Readiness(channel, loops.next());
        boolean connected = false;
        try {
            channel.configureBlocking(false);
            ChannelOptions.apply(channel, options.socketOptions(), domain.posixName() + " stream sockets");
            long deadline = Timeouts.deadline(options.connectTimeout());
            boolean done = finishConnect(channel, remote, domain, true);
            while (!done) {
                Wake wake = readiness.await(SelectionKey.OP_CONNECT, deadline);
                if (wake == Wake.TIMED_OUT) {
                    throw Errors.connectTimedOut(remote);
                }
                if (wake == Wake.INTERRUPTED) {
                    throw new SocketClosedException("Closed by interrupt");
                }
                done = finishConnect(channel, remote, domain, false);
            }
            NioConnection connection = new NioConnection(channel, readiness, domain, options);
            connected = true;
            return connection;
        } finally {
            if (!connected) {
                closeQuietly(channel);
                readiness.close();
            }
        }
    }

    /**
     * Wraps a channel just accepted, on the loop of {@code readiness}: makes it non-blocking and sets the
     * listener's connection options (§4.3). Closes the channel if that fails.
     */
    static NioConnection accepted(SocketChannel channel, EventLoop loop, Domain domain, StreamOptions options)
            throws IOException {
        try {
            channel.configureBlocking(false);
            ChannelOptions.apply(channel, options.socketOptions(), domain.posixName() + " stream sockets");
            return new NioConnection(channel, new Readiness(channel, loop), domain, options);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** connect(2) the first time, then the outcome of the pending connect; true once connected. */
    private static boolean finishConnect(SocketChannel channel, SocketAddress remote, Domain domain, boolean first)
            throws IOException {
        try {
            return first ? channel.connect(remote) : channel.finishConnect();
        } catch (ConnectException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("refused") || domain == Domain.UNIX) {
                throw Errors.refused(remote, e);
            }
            ConnectException named = new ConnectException(e.getMessage() + ": " + Addresses.format(remote));
            named.initCause(e);
            throw named;
        } catch (SocketException e) {
            if (domain == Domain.UNIX) {
                // ENOENT (no socket file) or ECONNREFUSED (a file nobody listens on): both are "nothing there" (§3.2).
                throw Errors.refused(remote, e);
            }
            throw e;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Arguments.readable(dst);
        readLock.lock();
        try {
            ensureOpen();
            if (!dst.hasRemaining()) {
                return 0; // §5.2
            }
            long deadline = 0;
            for (;;) {
                if (inputShutdown) {
                    return -1; // §6.2
                }
                int n;
                try {
                    n = channel.read(dst);
                } catch (IOException e) {
                    throw failed(e);
                }
                if (n != 0) {
                    return n;
                }
                if (deadline == 0) {
                    deadline = readTimeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + readTimeoutNanos;
                }
                Wake wake = readiness.await(SelectionKey.OP_READ, deadline);
                ensureOpen();
                if (wake == Wake.TIMED_OUT) {
                    throw Errors.readTimedOut(); // §9.1: the connection stays usable
                }
                if (wake == Wake.INTERRUPTED) {
                    throw closedByInterrupt();
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        Arguments.writable(src);
        writeLock.lock();
        try {
            for (;;) {
                ensureOpen();
                if (outputShutdown) {
                    throw new OutputShutdownException(); // §6.3
                }
                if (!src.hasRemaining()) {
                    return;
                }
                int n;
                try {
                    n = channel.write(src);
                } catch (IOException e) {
                    throw failed(e);
                }
                if (n == 0) {
                    // The send buffer is full: only now is OP_WRITE worth watching (cleared again when reported).
                    if (readiness.await(SelectionKey.OP_WRITE, Long.MAX_VALUE) == Wake.INTERRUPTED) {
                        ensureOpen();
                        throw closedByInterrupt();
                    }
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        stateLock.lock();
        try {
            ensureOpen();
            if (!outputShutdown) {
                try {
                    channel.shutdownOutput();
                } catch (IOException e) {
                    throw failed(e);
                }
                outputShutdown = true;
            }
        } finally {
            stateLock.unlock();
        }
        readiness.wake(SelectionKey.OP_WRITE);
    }

    @Override
    public void shutdownInput() throws IOException {
        stateLock.lock();
        try {
            ensureOpen();
            if (!inputShutdown) {
                try {
                    channel.shutdownInput();
                } catch (IOException e) {
                    throw failed(e);
                }
                inputShutdown = true;
            }
        } finally {
            stateLock.unlock();
        }
        readiness.wake(SelectionKey.OP_READ); // a reader waiting now returns -1, as after SHUT_RD
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
    public <T> T option(SocketOption<T> option) throws IOException {
        ensureOpen();
        try {
            return ChannelOptions.get(channel, option, what());
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public <T> Connection option(SocketOption<T> option, T value) throws IOException {
        ensureOpen();
        try {
            ChannelOptions.set(channel, option, value, what());
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return channel.supportedOptions();
    }

    @Override
    public boolean isOpen() {
        return state == ST_OPEN;
    }

    @Override
    public void close() {
        stateLock.lock();
        try {
            if (state == ST_CLOSED) {
                return;
            }
            state = ST_CLOSED;
        } finally {
            stateLock.unlock();
        }
        closeQuietly(channel);
        readiness.close();
    }

    /** Closes this connection for an interrupted caller, and returns what it throws. */
    private SocketClosedException closedByInterrupt() {
        close();
        return new SocketClosedException("Closed by interrupt");
    }

    private void ensureOpen() throws SocketClosedException {
        if (state == ST_CLOSED) {
            throw Errors.closed(); // §7.2
        }
    }

    /** The exception of SPEC.md for a failed system call: closed by us beats whatever the JDK said (§2.5). */
    private IOException failed(IOException e) {
        if (state == ST_CLOSED) {
            return new SocketClosedException("Socket closed", e);
        }
        if (outputShutdown && e instanceof java.nio.channels.ClosedChannelException) {
            return new OutputShutdownException("Socket output is shutdown", e);
        }
        return Errors.translate(e);
    }

    private String what() {
        return domain.posixName() + " stream sockets";
    }

    static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // close(2) failing leaves nothing to do: the descriptor is released either way.
        }
    }

    @Override
    public String toString() {
        return "NioConnection[" + Addresses.format(local) + " -> " + Addresses.format(remote)
                + (isOpen() ? "" : ", closed") + "]";
    }
}
