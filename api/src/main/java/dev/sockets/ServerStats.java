package dev.sockets;

/**
 * A snapshot of a {@link Server}'s counters (§12.5).
 *
 * @param connectionsOpen connections accepted and not yet closed
 * @param connectionsAccepted connections accepted since the server started
 * @param bytesRead bytes read by handlers from their connections
 * @param bytesWritten bytes written by handlers to their connections
 * @param handlerFailures handlers that ended with an exception
 * @param idleClosed connections closed because they were idle for the idle timeout (§16.7)
 */
public record ServerStats(
        long connectionsOpen,
        long connectionsAccepted,
        long bytesRead,
        long bytesWritten,
        long handlerFailures,
        long idleClosed) {

    /**
     * The counters of a server without idle closes.
     *
     * @param connectionsOpen connections accepted and not yet closed
     * @param connectionsAccepted connections accepted since the server started
     * @param bytesRead bytes read by handlers from their connections
     * @param bytesWritten bytes written by handlers to their connections
     * @param handlerFailures handlers that ended with an exception
     */
    public ServerStats(long connectionsOpen, long connectionsAccepted, long bytesRead, long bytesWritten,
            long handlerFailures) {
        this(connectionsOpen, connectionsAccepted, bytesRead, bytesWritten, handlerFailures, 0);
    }
}
