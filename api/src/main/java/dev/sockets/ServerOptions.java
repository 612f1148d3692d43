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
 * @param idleTimeout how long a connection may go without a byte read from it or written to it before
 *     the server closes it (a blocking-style handler's connection) or calls
 *     {@link EventHandler#onIdle} (an event-driven one); ZERO, the default, for no limit (§16.7)
 * @param waterMarks the write queue bounds of each event-driven connection ({@link SocketProvider#serveEvents})
 */
public record ServerOptions(ListenOptions listenOptions, int maxConnections, Duration shutdownTimeout,
        Duration idleTimeout, WaterMarks waterMarks) {

    /** The connection limit of {@link #defaults()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /** The shutdown timeout of {@link #defaults()}. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private static final ServerOptions DEFAULTS =
            new ServerOptions(ListenOptions.defaults(), DEFAULT_MAX_CONNECTIONS, DEFAULT_SHUTDOWN_TIMEOUT);

    /**
     * Options without an idle timeout, with the default water marks.
     *
     * @param listenOptions the backlog, the listening socket's options, and the options of every accepted connection
     * @param maxConnections the most connections served at once, at least 1
     * @param shutdownTimeout how long {@link Server#close()} waits for running handlers
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code maxConnections < 1} or the timeout is negative
     */
    public ServerOptions(ListenOptions listenOptions, int maxConnections, Duration shutdownTimeout) {
        this(listenOptions, maxConnections, shutdownTimeout, Duration.ZERO, WaterMarks.defaults());
    }

    /**
     * Checks the components.
     *
     * @param listenOptions the backlog, the listening socket's options, and the options of every accepted connection
     * @param maxConnections the most connections served at once, at least 1
     * @param shutdownTimeout how long {@link Server#close()} waits for running handlers
     * @param idleTimeout how long a connection may be idle before it is closed; ZERO for no limit
     * @param waterMarks the write queue bounds of each event-driven connection
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code maxConnections < 1} or a timeout is negative
     */
    public ServerOptions {
        Objects.requireNonNull(listenOptions, "listenOptions");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("§2.1: maxConnections < 1: " + maxConnections);
        }
        shutdownTimeout = SocketOptionValues.timeout("shutdownTimeout", shutdownTimeout);
        idleTimeout = SocketOptionValues.timeout("idleTimeout", idleTimeout);
        Objects.requireNonNull(waterMarks, "waterMarks");
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
        return new ServerOptions(listenOptions, maxConnections, shutdownTimeout, idleTimeout, waterMarks);
    }

    /**
     * Returns these options with {@code maxConnections}.
     *
     * @param maxConnections the most connections served at once, at least 1
     * @return new options
     * @throws IllegalArgumentException if {@code maxConnections < 1}
     */
    public ServerOptions withMaxConnections(int maxConnections) {
        return new ServerOptions(listenOptions, maxConnections, shutdownTimeout, idleTimeout, waterMarks);
    }

    /**
     * Returns these options with {@code shutdownTimeout}.
     *
     * @param shutdownTimeout how long {@link Server#close()} waits for running handlers; ZERO to close their connections at once
     * @return new options
     * @throws IllegalArgumentException if {@code shutdownTimeout} is negative
     */
    public ServerOptions withShutdownTimeout(Duration shutdownTimeout) {
        return new ServerOptions(listenOptions, maxConnections, shutdownTimeout, idleTimeout, waterMarks);
    }

    /**
     * Returns these options with {@code idleTimeout} (§16.7).
     *
     * @param idleTimeout how long a connection may go without a byte read or written before it is
     *     closed, or its event handler's {@link EventHandler#onIdle} called; ZERO for no limit
     * @return new options
     * @throws IllegalArgumentException if {@code idleTimeout} is negative
     */
    public ServerOptions withIdleTimeout(Duration idleTimeout) {
        return new ServerOptions(listenOptions, maxConnections, shutdownTimeout, idleTimeout, waterMarks);
    }

    /**
     * Returns these options with {@code waterMarks}, the write queue bounds of each event-driven connection (§16.4).
     *
     * @param waterMarks the low and high water marks
     * @return new options
     */
    public ServerOptions withWaterMarks(WaterMarks waterMarks) {
        return new ServerOptions(listenOptions, maxConnections, shutdownTimeout, idleTimeout, waterMarks);
    }
}
