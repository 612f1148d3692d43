package dev.sockets.virtualthreads;

import dev.sockets.Connection;
import dev.sockets.OutputShutdownException;
import dev.sockets.SocketClosedException;
import dev.sockets.spi.Addresses;
import dev.sockets.spi.Arguments;
import dev.sockets.spi.Errors;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Connection} over a {@link StreamSocket}: the state machine of SPEC.md §5 to §7, shaped as the JDK's
 * {@code sun.nio.ch.NioSocketImpl}. One volatile state, a read lock that serializes readers, a write lock that
 * serializes writers (§5.7), and a state lock for close and the shutdowns. Every lock is a
 * {@link ReentrantLock}: a virtual thread that waits for one is parked, where {@code synchronized} would pin
 * it to its carrier (on Java 21) while it waits for a reader or writer blocked in I/O.
 *
 * <p>{@link #close()} from any thread closes the socket, which wakes a reader or writer blocked in it; they see
 * the state and throw {@link SocketClosedException} (§7.3). End of stream is remembered, so −1 stays −1 (§5.3).
 */
final class StreamConnection implements Connection {

    private static final int ST_OPEN = 0;
    private static final int ST_CLOSED = 1;

    private final StreamSocket socket;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock stateLock = new ReentrantLock();

    /** Written under stateLock. */
    private volatile int state = ST_OPEN;
    /** Written under stateLock; read by readers without it. */
    private volatile boolean inputShutdown;
    /** Written under stateLock; read by writers without it. */
    private volatile boolean outputShutdown;
    /** Guarded by readLock: the peer's end of stream was read. */
    private boolean endOfStream;

    StreamConnection(StreamSocket socket) {
        this.socket = socket;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
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
            int n;
            try {
                n = socket.read(dst);
            } catch (SocketTimeoutException e) {
                ensureOpen();
                throw Errors.readTimedOut();
            } catch (IOException e) {
                if (inputShutdown && state == ST_OPEN) {
                    return -1;
                }
                throw failed(e);
            }
            if (n < 0) {
                ensureOpen();
                endOfStream = true;
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        Arguments.writable(src);
        writeLock.lock();
        try {
            ensureOpen();
            if (outputShutdown) {
                throw new OutputShutdownException("§6.3: Socket output is shutdown");
            }
            if (!src.hasRemaining()) {
                return;
            }
            try {
                socket.write(src);
            } catch (IOException e) {
                if (outputShutdown && state == ST_OPEN) {
                    throw new OutputShutdownException("§6.3: Socket output is shutdown", e);
                }
                throw failed(e);
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
            if (outputShutdown) {
                return;
            }
            outputShutdown = true;
            socket.shutdownOutput();
        } catch (IOException e) {
            throw failed(e);
        } finally {
            stateLock.unlock();
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        stateLock.lock();
        try {
            ensureOpen();
            if (inputShutdown) {
                return;
            }
            inputShutdown = true;
            socket.shutdownInput();
        } catch (IOException e) {
            throw failed(e);
        } finally {
            stateLock.unlock();
        }
    }

    @Override
    public SocketAddress localAddress() {
        return socket.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return socket.remoteAddress();
    }

    @Override
    public <T> T option(SocketOption<T> option) throws IOException {
        Objects.requireNonNull(option, "option");
        ensureOpen();
        SocketOptions.checkSupported(option, socket.supportedOptions(), socket.kind());
        try {
            return socket.option(option);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public <T> Connection option(SocketOption<T> option, T value) throws IOException {
        Objects.requireNonNull(option, "option");
        SocketOptions.checkValue(option, value);
        ensureOpen();
        SocketOptions.checkSupported(option, socket.supportedOptions(), socket.kind());
        try {
            socket.option(option, value);
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }

    @Override
    public boolean isOpen() {
        return state == ST_OPEN;
    }

    /** Closes the socket once; a thread blocked in it wakes with {@link SocketClosedException}. Never throws. */
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
        // Holding the read lock, if no reader does, keeps readers out while the socket looks for unread data.
        boolean readerIdle = readLock.tryLock();
        try {
            socket.close(readerIdle);
        } catch (IOException ignored) {
            // the descriptor is released whatever close(2) reports; §7.1: close never throws
        } finally {
            if (readerIdle) {
                readLock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "Connection[" + Addresses.format(localAddress()) + " -> " + Addresses.format(remoteAddress())
                + (isOpen() ? "" : ", closed") + "]";
    }

    private void ensureOpen() throws SocketClosedException {
        if (state != ST_OPEN) {
            throw Errors.closed();
        }
    }

    /**
     * The exception of SPEC.md for a failure of the socket (§2.5). A failure after close, or one that closed the
     * socket (an interrupt of the thread blocked in it), is {@link SocketClosedException}, and leaves the
     * connection closed.
     */
    private IOException failed(IOException e) {
        if (state != ST_OPEN) {
            return new SocketClosedException("Socket closed", e);
        }
        IOException translated = Errors.translate(e);
        if (translated instanceof SocketClosedException) {
            close();
        }
        return translated;
    }
}
