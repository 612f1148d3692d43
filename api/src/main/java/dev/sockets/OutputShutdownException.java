package dev.sockets;

import java.net.SocketException;

/**
 * Thrown when this side wrote after {@link Connection#shutdownOutput()}: POSIX {@code EPIPE} on a socket shut down for writing (§6.3).
 */
public class OutputShutdownException extends SocketException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message "Socket output is shutdown". */
    public OutputShutdownException() {
        super("Socket output is shutdown");
    }

    /**
     * Creates the exception with {@code message}.
     *
     * @param message what happened, and to what
     */
    public OutputShutdownException(String message) {
        super(message);
    }

    /**
     * Creates the exception with {@code message} and the exception of the JDK it translates.
     *
     * @param message what happened, and to what
     * @param cause the exception of the JDK it translates
     */
    public OutputShutdownException(String message, Throwable cause) {
        super(message, cause);
    }
}
