package dev.sockets.virtualthreads;

import dev.sockets.Listener;
import dev.sockets.SocketClosedException;
import dev.sockets.spi.Addresses;
import dev.sockets.spi.Errors;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Listener} over a {@link ListeningSocket}: one volatile state, an accept lock that serializes
 * acceptors, and a state lock for close, as {@link StreamConnection}. {@link #close()} from any thread closes the
 * socket, which wakes an acceptor blocked in it with {@link SocketClosedException} (§7.3).
 */
final class StreamListener implements Listener {

    private static final int ST_OPEN = 0;
    private static final int ST_CLOSED = 1;

    private final ListeningSocket socket;
    private final ReentrantLock acceptLock = new ReentrantLock();
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Written under stateLock. */
    private volatile int state = ST_OPEN;

    StreamListener(ListeningSocket socket) {
        this.socket = socket;
    }

    @Override
    public StreamConnection accept() throws IOException {
        acceptLock.lock();
        try {
            ensureOpen();
            StreamSocket accepted;
            try {
                accepted = socket.accept();
            } catch (SocketTimeoutException e) {
                ensureOpen();
                throw Errors.acceptTimedOut();
            } catch (IOException e) {
                throw failed(e);
            }
            if (state != ST_OPEN) {
                // closed while the connection was being accepted: nobody else will close it
                UnixSocket.closeQuietly(() -> accepted.close(true));
                throw Errors.closed();
            }
            return new StreamConnection(accepted);
        } finally {
            acceptLock.unlock();
        }
    }

    @Override
    public SocketAddress localAddress() {
        return socket.localAddress();
    }

    @Override
    public boolean isOpen() {
        return state == ST_OPEN;
    }

    /** Closes the socket once (and unlinks a UNIX-domain socket file); never throws (§7.1). */
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
        try {
            socket.close();
        } catch (IOException ignored) {
            // the descriptor is released whatever close(2) reports; a socket file already gone is no error
        }
    }

    @Override
    public String toString() {
        return "Listener[" + Addresses.format(localAddress()) + (isOpen() ? "" : ", closed") + "]";
    }

    private void ensureOpen() throws SocketClosedException {
        if (state != ST_OPEN) {
            throw Errors.closed();
        }
    }

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
