package dev.sockets;

import java.net.SocketException;

/**
 * Thrown when the peer reset the connection, or closed it while this side was still writing: POSIX
 * {@code ECONNRESET} and {@code EPIPE}. The message says which: "Connection reset" or "Broken pipe"
 * (§5.5, §5.6).
 */
public class ConnectionResetException extends SocketException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message "Connection reset". */
    public ConnectionResetException() {
        super("Connection reset");
    }

    /**
     * Creates the exception with {@code message}.
     *
     * @param message what happened, and to what
     */
    public ConnectionResetException(String message) {
        super(message);
    }

    /**
     * Creates the exception with {@code message} and the exception of the JDK it translates.
     *
     * @param message what happened, and to what
     * @param cause the exception of the JDK it translates
     */
    public ConnectionResetException(String message, Throwable cause) {
        super(message, cause);
    }
}
