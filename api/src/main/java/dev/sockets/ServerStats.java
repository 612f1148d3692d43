package dev.sockets;

/**
 * A snapshot of a {@link Server}'s counters (§12.5), with the failures a server expects of its clients
 * counted by kind (§12.8): a server under attack counts, it does not write a log record per client.
 *
 * @param connectionsOpen connections accepted and not yet closed
 * @param connectionsAccepted connections accepted since the server started
 * @param bytesRead bytes read by handlers from their connections
 * @param bytesWritten bytes written by handlers to their connections
 * @param handlerFailures handlers that ended with an exception, of every kind (§12.4)
 * @param readTimeouts of {@code handlerFailures}, those that ended with a read timeout
 *     ({@link java.net.SocketTimeoutException} "Read timed out", §9.1): a client too slow to send
 * @param writeTimeouts of {@code handlerFailures}, those that ended with a write timeout ("Write timed out",
 *     §9.6): a client too slow to read
 * @param resets of {@code handlerFailures}, those that ended with {@link ConnectionResetException}: a client
 *     that went away abruptly
 * @param idleClosed connections the server closed because they were idle for longer than it allows
 */
public record ServerStats(
        long connectionsOpen,
        long connectionsAccepted,
        long bytesRead,
        long bytesWritten,
        long handlerFailures,
        long readTimeouts,
        long writeTimeouts,
        long resets,
        long idleClosed) {

    /**
     * A snapshot with no failure counted by kind.
     *
     * @param connectionsOpen connections accepted and not yet closed
     * @param connectionsAccepted connections accepted since the server started
     * @param bytesRead bytes read by handlers from their connections
     * @param bytesWritten bytes written by handlers to their connections
     * @param handlerFailures handlers that ended with an exception
     */
    public ServerStats(long connectionsOpen, long connectionsAccepted, long bytesRead, long bytesWritten,
            long handlerFailures) {
        this(connectionsOpen, connectionsAccepted, bytesRead, bytesWritten, handlerFailures, 0, 0, 0, 0);
    }

    /**
     * Returns the handler failures that are none of the kinds a server expects (a read or write timeout, a
     * reset): a handler's bug, or this server's shutdown closing a connection under its handler.
     *
     * @return {@code handlerFailures} less {@code readTimeouts}, {@code writeTimeouts} and {@code resets}
     */
    public long otherFailures() {
        return handlerFailures - readTimeouts - writeTimeouts - resets;
    }
}
