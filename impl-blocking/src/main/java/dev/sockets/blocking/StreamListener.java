package dev.sockets.blocking;

import dev.sockets.Connection;
import dev.sockets.Listener;
import dev.sockets.SocketClosedException;
import dev.sockets.spi.Errors;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine of a listening stream socket, shared by the TCP ({@code java.net.ServerSocket})
 * and UNIX-domain ({@code ServerSocketChannel}) listeners of this provider.
 *
 * <p>As {@link StreamConnection}: an ordered state in one volatile field, tracked here rather than
 * read from the JDK's exceptions, so that {@code accept} after {@link #close()}, or woken by it,
 * throws {@link SocketClosedException} (§7.2, §7.3). Accepts are serialized by {@link #acceptLock}.
 * A subclass does the system calls: one blocking {@code accept(2)} that honours the accept timeout,
 * and {@code close(2)} (and, for a UNIX-domain listener, {@code unlink(2)}).
 */
abstract sealed class StreamListener implements Listener permits TcpListener, UnixListener {

    private static final int ST_LISTENING = 1;
    private static final int ST_CLOSED = 2;

    /** Serializes accepts. */
    private final ReentrantLock acceptLock = new ReentrantLock();
    /** Guards the transition of {@link #state} to closed. */
    private final ReentrantLock stateLock = new ReentrantLock();

    // Written under stateLock, read without it.
    private volatile int state = ST_LISTENING;

    private final SocketAddress localAddress;

    StreamListener(SocketAddress localAddress) {
        // Cached now: getsockname fails after close, and the address stays readable then.
        this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
    }

    /** One blocking {@code accept(2)} within the accept timeout, the result wrapped with the connection options. */
    abstract Connection implAccept() throws IOException;

    /** Closes the descriptor, waking a thread blocked in accept, and removes what the listener created; called once. */
    abstract void implClose() throws IOException;

    @Override
    public final Connection accept() throws IOException {
        acceptLock.lock();
        try {
            ensureOpen();
            try {
                return implAccept();
            } catch (IOException e) {
                throw failure(e);
            }
        } finally {
            acceptLock.unlock();
        }
    }

    @Override
    public final SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public final boolean isOpen() {
        return state < ST_CLOSED;
    }

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
        return getClass().getSimpleName() + "[" + localAddress + (isOpen() ? "" : ", closed") + "]";
    }

    private void ensureOpen() throws SocketClosedException {
        if (state >= ST_CLOSED) {
            throw Errors.closed();
        }
    }

    /** As {@link StreamConnection}: this side's close decides first, then the JDK's exception is translated (§2.5). */
    private IOException failure(IOException e) {
        if (state >= ST_CLOSED) {
            return new SocketClosedException("Socket closed", e);
        }
        IOException translated = Errors.translate(e);
        if (translated instanceof SocketClosedException) {
            // The JDK closed the descriptor by itself (an interrupted channel accept): follow it.
            try {
                close();
            } catch (IOException suppressed) {
                translated.addSuppressed(suppressed);
            }
        }
        return translated;
    }
}
