package dev.sockets;

import java.net.SocketAddress;

/**
 * A running server: a listener and the loop that accepts its connections and passes each to a
 * {@link ConnectionHandler}. Made by {@link SocketProvider#serve}.
 *
 * <p>At most {@link ServerOptions#maxConnections()} connections are served at once; while that
 * many are open the server stops accepting, and new clients wait in the listen backlog (§12.3).
 */
public interface Server extends AutoCloseable {

    /**
     * Returns the address the server listens on, with the actual port if it was bound to port 0.
     *
     * @return the bound address; still available after close
     */
    SocketAddress localAddress();

    /**
     * Returns a snapshot of the server's counters (§12.5).
     *
     * @return the counters now
     */
    ServerStats stats();

    /**
     * Returns whether the server is open, that is {@link #close()} has not been called.
     *
     * @return true until {@link #close()}
     */
    boolean isOpen();

    /**
     * Stops the server (§12.6): stops accepting and closes the listener at once, then gives running
     * handlers up to {@link ServerOptions#shutdownTimeout()} to finish, then closes the connections
     * still open (which wakes their handlers) and waits for the server's threads to end. On return
     * no thread of the server runs and no descriptor of it is open. Calling it again has no effect.
     * If the calling thread is interrupted, it stops waiting, and its interrupt status is set.
     */
    @Override
    void close();
}
