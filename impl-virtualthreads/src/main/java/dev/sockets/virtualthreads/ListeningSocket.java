package dev.sockets.virtualthreads;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * The descriptor under a {@link StreamListener}: a {@code java.net.ServerSocket} for TCP, a blocking
 * {@code ServerSocketChannel} for UNIX-domain streams. It knows nothing of the listener's state.
 */
sealed interface ListeningSocket permits TcpListeningSocket, UnixListeningSocket {

    /**
     * Waits for a connection and returns it with the listener's connection options, POSIX {@code accept}.
     *
     * @throws java.net.SocketTimeoutException if the accept timeout passed first
     */
    StreamSocket accept() throws IOException;

    /** The bound address, with the port the system chose. */
    SocketAddress localAddress();

    /** Closes the descriptor, waking a thread blocked in {@link #accept()}; a UNIX-domain one unlinks its file. */
    void close() throws IOException;
}
