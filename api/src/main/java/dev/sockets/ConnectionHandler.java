package dev.sockets;

/**
 * What a {@link Server} does with each accepted connection: the {@code do_operation(nv)} of the
 * POSIX server loop {@code while (1) { nv = accept(sv); do_operation(nv); }}.
 *
 * <p>The handler is blocking style: it may block in {@link Connection#read} and
 * {@link Connection#write} for as long as it likes. How that is paid for depends on the provider:
 * a platform thread per connection, or a virtual thread per connection (whose blocking calls, with the
 * nio provider, park until a selector reports readiness). No pool bounds the handlers: every
 * connection up to {@link ServerOptions#maxConnections()} is served at once (§12.2, §12.7).
 *
 * <p>The server closes the connection when the handler returns or throws; an exception is logged
 * and affects no other connection (§12.4).
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Serves one connection. May be called by many threads at once, for different connections.
     *
     * @param connection the accepted connection, open; closed by the server after this returns
     * @throws Exception to abandon the connection; it is logged through {@link System.Logger}
     */
    void handle(Connection connection) throws Exception;
}
