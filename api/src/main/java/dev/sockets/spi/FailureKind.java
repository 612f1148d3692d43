package dev.sockets.spi;

import dev.sockets.ConnectionResetException;
import dev.sockets.SocketClosedException;
import java.net.SocketTimeoutException;

/**
 * What ended a handler, as a server counts it (§12.8): the failures a server expects of its clients, each
 * a count of {@link dev.sockets.ServerStats} and a log record at DEBUG only, and the others, logged at
 * WARNING through a {@link RateLimitedLog}.
 */
public enum FailureKind {
    /** A read timed out (§9.1): the client is too slow to send. Expected. */
    READ_TIMEOUT,
    /** A write timed out (§9.6): the client is too slow to read. Expected. */
    WRITE_TIMEOUT,
    /** The client reset the connection, or a write hit a closed peer (§5.5, §5.6). Expected. */
    RESET,
    /** The connection was closed under the handler, by the server's shutdown (§12.6). Expected. */
    CLOSED,
    /** Anything else: a handler's bug, or a failure no client causes on its own. Unexpected. */
    OTHER;

    /**
     * Returns the kind of {@code failure}, what a handler threw: a {@link SocketTimeoutException} is a
     * write timeout if its message is {@link Errors#WRITE_TIMED_OUT}, else a read timeout.
     *
     * @param failure what the handler threw
     * @return its kind
     */
    public static FailureKind of(Throwable failure) {
        if (failure instanceof SocketTimeoutException) {
            return Errors.WRITE_TIMED_OUT.equals(failure.getMessage()) ? WRITE_TIMEOUT : READ_TIMEOUT;
        }
        if (failure instanceof ConnectionResetException) {
            return RESET;
        }
        if (failure instanceof SocketClosedException) {
            return CLOSED;
        }
        return OTHER;
    }

    /**
     * Returns whether a server expects this kind of its clients, or of its own shutdown.
     *
     * @return true for every kind but {@link #OTHER}
     */
    public boolean expected() {
        return this != OTHER;
    }
}
