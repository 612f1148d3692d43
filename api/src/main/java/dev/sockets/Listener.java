package dev.sockets;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * A listening stream socket: the descriptor after POSIX {@code socket}, {@code bind} and
 * {@code listen}. Made by {@link SocketProvider#listen}.
 *
 * <p>{@link #close()} may be called by any thread: a thread blocked in {@link #accept()} wakes
 * promptly with {@link SocketClosedException} (§7.3). A UNIX-domain listener removes its socket
 * file when it closes (§4.5).
 */
public interface Listener extends Closeable {

    /**
     * Waits for the next connection and returns it, POSIX {@code accept}. The connection takes
     * the read timeout and socket options of {@link ListenOptions#connectionOptions()} (§4.3).
     *
     * @return the accepted connection, open
     * @throws java.net.SocketTimeoutException "Accept timed out", if none came within the accept
     *     timeout; the listener stays usable (§9.2)
     * @throws SocketClosedException if this listener is closed, before or during the call (§7.2)
     * @throws IOException if accepting fails for another reason
     */
    Connection accept() throws IOException;

    /**
     * Returns the address this listener is bound to, POSIX {@code getsockname}: with the actual
     * port if it was bound to port 0 (§4.1). Still available after close.
     *
     * @return the bound address
     */
    SocketAddress localAddress();

    /**
     * Returns whether this listener is open.
     *
     * @return true until {@link #close()}
     */
    boolean isOpen();

    /**
     * Stops listening and releases the descriptor, POSIX {@code close}; a UNIX-domain listener also
     * removes its socket file, POSIX {@code unlink}. Calling it again has no effect (§7.1).
     * Connections already accepted stay open.
     *
     * @throws IOException if the system call fails; the listener is closed nonetheless
     */
    @Override
    void close() throws IOException;
}
