package dev.sockets;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of a {@link Server}: how it listens, how many connections it serves at once, and how
 * long {@link Server#close()} lets running handlers finish. Immutable; start from {@link #defaults()}.
 *
 * @param listenOptions the backlog, the listening socket's options, and the options of every accepted
 *     connection; its accept timeout does not apply, the server accepts until it is closed
 * @param maxConnections the most connections served at once, at least 1; while that many are open the
 *     server does not accept, and clients wait in the backlog (§12.3)
 * @param shutdownTimeout how long {@link Server#close()} waits for running handlers before it closes
 *     their connections; ZERO to close them at once (§12.6)
 */
public record ServerOptions(ListenOptions listenOptions, int maxConnections, Duration shutdownTimeout) {

    /** The connection limit of {@link #defaults()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /** The shutdown timeout of {@link #defaults()}. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private static final ServerOptions DEFAULTS =
            new ServerOptions(ListenOptions.defaults(), DEFAULT_MAX_CONNECTIONS, DEFAULT_SHUTDOWN_TIMEOUT);

    /**
     * Checks the components.
     *
     * @param listenOptions the backlog, the listening socket's options, and the options of every accepted connection
     * @param maxConnections the most connections served at once, at least 1
     * @param shutdownTimeout how long {@link Server#close()} waits for running handlers
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code maxConnections < 1} or the timeout is negative
     */
    public ServerOptions {
        Objects.requireNonNull(listenOptions, "listenOptions");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("§2.1: maxConnections < 1: " + maxConnections);
        }
        shutdownTimeout = SocketOptionValues.timeout("shutdownTimeout", shutdownTimeout);
    }

    /**
     * Returns the defaults: {@link ListenOptions#defaults()}, 10,000 connections, 5 seconds to shut down.
     *
     * @return the default options
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns these options with {@code listenOptions}.
     *
     * @param listenOptions the backlog, the listening socket's options, and the options of every accepted connection
     * @return new options
     */
    public ServerOptions withListenOptions(ListenOptions listenOptions) {
        return new ServerOptions(listenOptions, maxConnections, shutdownTimeout);
    }

    /**
     * Returns these options with {@code maxConnections}.
     *
     * @param maxConnections the most connections served at once, at least 1
     * @return new options
     * @throws IllegalArgumentException if {@code maxConnections < 1}
     */
    public ServerOptions withMaxConnections(int maxConnections) {
        return new ServerOptions(listenOptions, maxConnections, shutdownTimeout);
    }

    /**
     * Returns these options with {@code shutdownTimeout}.
     *
     * @param shutdownTimeout how long {@link Server#close()} waits for running handlers; ZERO to close their connections at once
     * @return new options
     * @throws IllegalArgumentException if {@code shutdownTimeout} is negative
     */
    public ServerOptions withShutdownTimeout(Duration shutdownTimeout) {
        return new ServerOptions(listenOptions, maxConnections, shutdownTimeout);
    }
}
