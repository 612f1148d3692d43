package dev.sockets.blocking;

import dev.sockets.Connection;
import dev.sockets.ConnectionResetException;
import dev.sockets.OutputShutdownException;
import dev.sockets.SocketClosedException;
import dev.sockets.spi.Arguments;
import dev.sockets.spi.Errors;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine of a connected stream socket, shared by the TCP ({@code java.net.Socket}) and
 * UNIX-domain ({@code SocketChannel}) connections of this provider: what SPEC.md asks of every
 * {@link Connection} whatever carries the bytes.
 *
 * <p>As in the JDK's {@code sun.nio.ch.NioSocketImpl}: the state is an ordered constant in one
 * volatile field; reads are serialized by {@link #readLock}, writes by {@link #writeLock}, so one
 * reader and one writer run at once (§5.7); state changes take {@link #stateLock}. The state is
 * tracked here and not inferred from the JDK's exceptions, whose types and messages differ between
 * {@code java.net} and {@code java.nio}: after {@link #close()} every operation throws
 * {@link SocketClosedException} (§7.2), and a thread that was blocked when another closed the
 * connection gets it too (§7.3), whatever the JDK threw to wake it.
 *
 * <p>A subclass does the system calls: {@link #implRead} (one blocking {@code read(2)} that honours
 * the read timeout), {@link #implWrite} (blocking {@code write(2)} until every byte is written),
 * {@code shutdown(2)}, {@code close(2)} and the socket options.
 */
abstract sealed class StreamConnection implements Connection permits TcpConnection, UnixConnection {

    private static final int ST_CONNECTED = 1;
    private static final int ST_CLOSED = 2;

    /** Serializes readers; guards {@link #endOfStream} and the subclass's read-side state. */
    private final ReentrantLock readLock = new ReentrantLock();
    /** Serializes writers, so that the bytes of two writes never interleave (§5.7). */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guards the transitions of {@link #state}, {@link #inputShutdown} and {@link #outputShutdown}. */
    private final ReentrantLock stateLock = new ReentrantLock();

    // Written under stateLock, read without it.
    private volatile int state = ST_CONNECTED;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;

    /** Whether a read returned −1; guarded by readLock. End of stream stays −1 (§5.3). */
    private boolean endOfStream;
    /**
     * Whether a read found the connection reset; guarded by readLock. A reset stays a reset, as with
     * {@code java.net.Socket}, where a UNIX-domain channel would report {@code ECONNRESET} once and
     * then end of stream.
     */
    private boolean reset;

    private final SocketAddress localAddress;
    private final SocketAddress remoteAddress;
    private final SocketOptionSupport.Probe options;

    StreamConnection(SocketAddress localAddress, SocketAddress remoteAddress, SocketOptionSupport.Probe options) {
        // Cached now: getsockname/getpeername fail after close, and §3.5 wants them readable then.
        this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
        this.options = options;
    }

    /** One blocking {@code read(2)} into {@code dst}, which has space: ≥ 1 byte, −1, or a timeout. */
    abstract int implRead(ByteBuffer dst) throws IOException;

    /** Blocking {@code write(2)} until {@code src} has nothing remaining, advancing its position as bytes go. */
    abstract void implWrite(ByteBuffer src) throws IOException;

    abstract void implShutdownInput() throws IOException;

    abstract void implShutdownOutput() throws IOException;

    /** Closes the descriptor and wakes every thread blocked on it; called once. */
    abstract void implClose() throws IOException;

    abstract <T> T implGetOption(SocketOption<T> option) throws IOException;

    abstract <T> void implSetOption(SocketOption<T> option, T value) throws IOException;

    @Override
    public final int read(ByteBuffer dst) throws IOException {
        Arguments.readable(dst);
        readLock.lock();
        try {
            ensureOpen();
            if (!dst.hasRemaining()) {
                return 0;
            }
            if (inputShutdown || endOfStream) {
                return -1;
            }
            if (reset) {
                throw new ConnectionResetException();
            }
            int n;
            try {
                n = implRead(dst);
            } catch (IOException e) {
                IOException failure = failure(e, false);
                reset = failure instanceof ConnectionResetException;
                throw failure;
            }
            if (n < 0) {
                // A descriptor closed under a blocked reader may look like end of stream.
                ensureOpen();
                endOfStream = true;
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public final void write(ByteBuffer src) throws IOException {
        Arguments.writable(src);
        writeLock.lock();
        try {
            ensureOpen();
            if (outputShutdown) {
                throw new OutputShutdownException();
            }
            if (!src.hasRemaining()) {
                return;
            }
            try {
                implWrite(src);
            } catch (IOException e) {
                throw failure(e, true);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public final void shutdownInput() throws IOException {
        stateLock.lock();
        try {
            ensureOpen();
            if (inputShutdown) {
                return;
            }
            try {
                implShutdownInput();
            } catch (IOException e) {
                throwUnlessNotConnected(e);
            }
            inputShutdown = true;
        } finally {
            stateLock.unlock();
        }
    }

    @Override
    public final void shutdownOutput() throws IOException {
        stateLock.lock();
        try {
            ensureOpen();
            if (outputShutdown) {
                return;
            }
            try {
                implShutdownOutput();
            } catch (IOException e) {
                throwUnlessNotConnected(e);
            }
            outputShutdown = true;
        } finally {
            stateLock.unlock();
        }
    }

    @Override
    public final SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public final SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public final <T> T option(SocketOption<T> option) throws IOException {
        Objects.requireNonNull(option, "option");
        ensureOpen();
        checkSupported(option);
        try {
            return implGetOption(option);
        } catch (IOException e) {
            throw failure(e, false);
        }
    }

    @Override
    public final <T> Connection option(SocketOption<T> option, T value) throws IOException {
        SocketOptionSupport.checkValue(option, value);
        ensureOpen();
        checkSupported(option);
        try {
            implSetOption(option, value);
        } catch (IOException e) {
            throw failure(e, false);
        }
        return this;
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        try {
            return options.options();
        } catch (IOException e) {
            // The probe ran when this connection was made (its options were checked then); it cannot fail now.
            throw new IllegalStateException(e);
        }
    }

    @Override
    public final boolean isOpen() {
        return state < ST_CLOSED;
    }

    /**
     * Closes the connection. The first call marks it closed, so that every operation from then on,
     * and every thread the close wakes, reports {@link SocketClosedException}; then it closes the
     * descriptor, outside the state lock because {@code close(2)} may linger ({@code SO_LINGER}).
     */
    @Override
    public final void close() throws IOException {
        stateLock.lock();
        try {
            if (state >= ST_CLOSED) {
                return;
            }
            state = ST_CLOSED;
        } finally {
            stateLock.unlock();
        }
        implClose();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[local=" + localAddress + ", remote=" + remoteAddress
                + (isOpen() ? "" : ", closed") + "]";
    }

    final void ensureOpen() throws SocketClosedException {
        if (state >= ST_CLOSED) {
            throw Errors.closed();
        }
    }

    private void checkSupported(SocketOption<?> option) throws IOException {
        if (!options.options().contains(option)) {
            throw options.unsupported(option);
        }
    }

    /**
     * Translates what the JDK threw into the taxonomy of §2.5. Our own state decides first: a close
     * by this side is "Socket closed" whatever woke the thread, and a write that failed because this
     * side shut its output down is {@link OutputShutdownException}.
     */
    private IOException failure(IOException e, boolean writing) {
        if (state >= ST_CLOSED) {
            return new SocketClosedException("Socket closed", e);
        }
        if (writing && outputShutdown) {
            return new OutputShutdownException("Socket output is shutdown", e);
        }
        IOException translated = Errors.translate(e);
        if (translated instanceof SocketClosedException) {
            // The JDK closed the descriptor by itself (an interrupted channel operation closes its
            // channel): keep this object's state true to it, and release the rest.
            closeQuietly();
        }
        return translated;
    }

    /**
     * {@code shutdown(2)} fails with {@code ENOTCONN} once the peer reset the connection; there is
     * nothing left to shut down then, and the call is no error to the caller (§6.1, §6.2).
     */
    private static void throwUnlessNotConnected(IOException e) throws IOException {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (!message.contains("not connected")) {
            throw Errors.translate(e);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // The descriptor is gone already; there is nothing more to release.
        }
    }
}
