package dev.sockets;

import java.net.SocketOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of a listener: the backlog of POSIX {@code listen(fd, backlog)}, how long
 * {@link Listener#accept()} waits, the socket options of the listening socket (such as
 * {@code SO_REUSEADDR} and {@code SO_RCVBUF}), and the options every accepted connection gets.
 * Immutable; start from {@link #defaults()}.
 *
 * @param backlog the most connections the system queues before they are accepted, at least 1 (§4.4)
 * @param acceptTimeout how long {@link Listener#accept()} waits; ZERO for no limit (§9.2)
 * @param socketOptions the socket options of the listening socket
 * @param connectionOptions the read timeout and socket options of each accepted connection (its
 *     connect timeout does not apply) (§4.3)
 */
public record ListenOptions(
        int backlog,
        Duration acceptTimeout,
        Map<SocketOption<?>, Object> socketOptions,
        StreamOptions connectionOptions) {

    /** The backlog of {@link #defaults()}, as {@code java.net.ServerSocket}'s. */
    public static final int DEFAULT_BACKLOG = 50;

    private static final ListenOptions DEFAULTS =
            new ListenOptions(DEFAULT_BACKLOG, Duration.ZERO, Map.of(), StreamOptions.defaults());

    /**
     * Checks and copies the components.
     *
     * @param backlog the most connections the system queues before they are accepted, at least 1
     * @param acceptTimeout how long {@link Listener#accept()} waits; ZERO for no limit
     * @param socketOptions the socket options of the listening socket; copied
     * @param connectionOptions the read timeout and socket options of each accepted connection
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code backlog < 1}, the timeout is negative, or a socket
     *     option's value is invalid
     */
    public ListenOptions {
        if (backlog < 1) {
            throw new IllegalArgumentException("§2.1: backlog < 1: " + backlog);
        }
        acceptTimeout = SocketOptionValues.timeout("acceptTimeout", acceptTimeout);
        socketOptions = SocketOptionValues.copy(socketOptions);
        Objects.requireNonNull(connectionOptions, "connectionOptions");
    }

    /**
     * Returns the defaults: a backlog of 50, no accept timeout, the system's socket options.
     *
     * @return the default options
     */
    public static ListenOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns these options with {@code backlog}.
     *
     * @param backlog the most connections the system queues before they are accepted, at least 1
     * @return new options
     * @throws IllegalArgumentException if {@code backlog < 1}
     */
    public ListenOptions withBacklog(int backlog) {
        return new ListenOptions(backlog, acceptTimeout, socketOptions, connectionOptions);
    }

    /**
     * Returns these options with {@code acceptTimeout}; ZERO for none.
     *
     * @param acceptTimeout how long {@link Listener#accept()} waits; ZERO for no limit
     * @return new options
     * @throws IllegalArgumentException if {@code acceptTimeout} is negative
     */
    public ListenOptions withAcceptTimeout(Duration acceptTimeout) {
        return new ListenOptions(backlog, acceptTimeout, socketOptions, connectionOptions);
    }

    /**
     * Returns these options with the listening socket's option {@code option} set to {@code value}.
     *
     * @param <T> the type of the option's value
     * @param option the option to set before binding
     * @param value its value
     * @return new options
     * @throws IllegalArgumentException if {@code value} is not valid for {@code option}
     */
    public <T> ListenOptions with(SocketOption<T> option, T value) {
        return new ListenOptions(backlog, acceptTimeout, SocketOptionValues.with(socketOptions, option, value), connectionOptions);
    }

    /**
     * Returns these options with {@code connectionOptions} for every accepted connection.
     *
     * @param connectionOptions the read timeout and socket options of each accepted connection
     * @return new options
     */
    public ListenOptions withConnectionOptions(StreamOptions connectionOptions) {
        return new ListenOptions(backlog, acceptTimeout, socketOptions, connectionOptions);
    }

    /**
     * Returns the value set for the listening socket's {@code option}, or empty.
     *
     * @param <T> the type of the option's value
     * @param option the option
     * @return the value set, if any
     */
    public <T> Optional<T> option(SocketOption<T> option) {
        return SocketOptionValues.get(socketOptions, option);
    }
}
