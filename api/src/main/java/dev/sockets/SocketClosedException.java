package dev.sockets;

import java.net.SocketException;

/**
 * Thrown when this side closed the socket (or listener, or endpoint) and then used it, or closed it while another thread was blocked in it (§7.2). POSIX reports the first as {@code EBADF}; the JDK as {@code SocketException("Socket closed")} or {@code ClosedChannelException}, depending on the API.
 */
public class SocketClosedException extends SocketException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message "Socket closed". */
    public SocketClosedException() {
        super("Socket closed");
    }

    /**
     * Creates the exception with {@code message}.
     *
     * @param message what happened, and to what
     */
    public SocketClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with {@code message} and the exception of the JDK it translates.
     *
     * @param message what happened, and to what
     * @param cause the exception of the JDK it translates
     */
    public SocketClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
