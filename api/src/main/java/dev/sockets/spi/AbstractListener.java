package dev.sockets.spi;

import dev.sockets.Connection;
import dev.sockets.Listener;
import dev.sockets.SocketClosedException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine of a listening stream socket, SPEC.md §4, §7 and §9.2, written once for every
 * provider: a subclass does one {@code accept(2)} and {@code close(2)}.
 *
 * <p>As {@link AbstractConnection}: an ordered state in one volatile field, tracked here rather than
 * read from the JDK's exceptions, so that {@code accept} after {@link #close()}, or woken by it,
 * throws {@link SocketClosedException} (§7.2, §7.3); an interrupt of a thread blocked in accept
 * closes the listener (§7.5). Accepts are serialized; the accept timeout bounds the wait for that
 * lock too. A UNIX-domain listener's socket file is removed here when it closes (§4.5), after
 * {@link #implClose()} returned.
 */
public abstract class AbstractListener extends Lifecycle implements Listener {

    /** Serializes accepts. */
    private final ReentrantLock acceptLock = new ReentrantLock();
    private final SocketAddress localAddress;
    private final long acceptTimeoutNanos;

    /**
     * Makes the state machine of a socket that is bound and listening now.
     *
     * @param localAddress the bound address, with its actual port (§4.1), read now: it stays readable after close
     * @param acceptTimeout how long {@link #accept()} waits; ZERO for no limit (§9.2)
     */
    protected AbstractListener(SocketAddress localAddress, Duration acceptTimeout) {
        this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
        this.acceptTimeoutNanos = Timeouts.nanos(acceptTimeout);
    }

    /**
     * POSIX {@code accept(2)}: waits for the next client at most until {@code deadline} (on the
     * {@link System#nanoTime()} clock, {@link Long#MAX_VALUE} for none), then throws a
     * {@link SocketTimeoutException} with any message; returns the connection, with the listener's
     * connection options applied (§4.3). Called with the accept lock held, while open.
     *
     * @param deadline when to give up, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for no limit
     * @return the accepted connection, open
     * @throws SocketTimeoutException if no client came by {@code deadline}
     * @throws IOException if the system call fails
     */
    protected abstract Connection implAccept(long deadline) throws IOException;

    /**
     * POSIX {@code close(2)}: releases the descriptor and wakes a thread blocked in accept. Called
     * once. When it returns the address MUST be free to listen on again (§4.6): a model that defers
     * the release of the descriptor waits for it here.
     *
     * @throws IOException if the system call fails; what it throws is logged and dropped (§7.1)
     */
    protected abstract void implClose() throws IOException;

    @Override
    public final Connection accept() throws IOException {
        long deadline = Timeouts.deadline(acceptTimeoutNanos);
        lock(acceptLock, deadline, Errors::acceptTimedOut);
        try {
            ensureOpen();
            checkNotInterrupted();
            try {
                return implAccept(deadline);
            } catch (SocketTimeoutException e) {
                ensureOpen();
                SocketTimeoutException timedOut = Errors.acceptTimedOut(); // §9.2: the listener stays usable
                timedOut.initCause(e);
                throw timedOut;
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
        return open();
    }

    /** Stops listening (§7.1), removes the socket file of a UNIX-domain listener (§4.5). Never throws. */
    @Override
    public final void close() {
        closeOnce();
    }

    @Override
    final void closeDescriptor() throws IOException {
        try {
            implClose();
        } finally {
            Addresses.removeSocketFile(localAddress);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + Addresses.format(localAddress) + (isOpen() ? "" : ", closed") + "]";
    }

    /**
     * Throws {@link SocketClosedException} if this listener is closed (§7.2).
     *
     * @throws SocketClosedException "Socket closed", if {@link #close()} was called
     */
    protected final void ensureOpen() throws SocketClosedException {
        checkOpen();
    }

}
