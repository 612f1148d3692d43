package dev.sockets;

/**
 * A snapshot of a {@link Server}'s counters (§12.5).
 *
 * @param connectionsOpen connections accepted and not yet closed
 * @param connectionsAccepted connections accepted since the server started
 * @param bytesRead bytes read by handlers from their connections
 * @param bytesWritten bytes written by handlers to their connections
 * @param handlerFailures handlers that ended with an exception
 */
public record ServerStats(
        long connectionsOpen,
        long connectionsAccepted,
        long bytesRead,
        long bytesWritten,
        long handlerFailures) {
}
