package dev.sockets;

import java.net.SocketOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a datagram endpoint: how long {@link DatagramEndpoint#receive} waits, and the
 * socket options to set before binding ({@code SO_SNDBUF}, {@code SO_RCVBUF}, {@code SO_REUSEADDR},
 * {@code SO_BROADCAST}, …). Immutable; start from {@link #defaults()}.
 *
 * @param receiveTimeout how long {@link DatagramEndpoint#receive} waits; ZERO for no limit (§9.3)
 * @param socketOptions the socket options to set, by option
 */
public record DatagramOptions(Duration receiveTimeout, Map<SocketOption<?>, Object> socketOptions) {

    private static final DatagramOptions DEFAULTS = new DatagramOptions(Duration.ZERO, Map.of());

    /**
     * Checks and copies the components.
     *
     * @param receiveTimeout how long {@link DatagramEndpoint#receive} waits; ZERO for no limit
     * @param socketOptions the socket options to set, by option; copied
     * @throws IllegalArgumentException if the timeout is negative, or a socket option's value is invalid
     */
    public DatagramOptions {
        receiveTimeout = SocketOptionValues.timeout("receiveTimeout", receiveTimeout);
        socketOptions = SocketOptionValues.copy(socketOptions);
    }

    /**
     * Returns the defaults: no receive timeout, the system's socket options.
     *
     * @return the default options
     */
    public static DatagramOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns these options with {@code receiveTimeout}; ZERO for none.
     *
     * @param receiveTimeout how long {@link DatagramEndpoint#receive} waits; ZERO for no limit
     * @return new options
     * @throws IllegalArgumentException if {@code receiveTimeout} is negative
     */
    public DatagramOptions withReceiveTimeout(Duration receiveTimeout) {
        return new DatagramOptions(receiveTimeout, socketOptions);
    }

    /**
     * Returns these options with the socket option {@code option} set to {@code value}.
     *
     * @param <T> the type of the option's value
     * @param option the option to set before binding
     * @param value its value
     * @return new options
     * @throws IllegalArgumentException if {@code value} is not valid for {@code option}
     */
    public <T> DatagramOptions with(SocketOption<T> option, T value) {
        return new DatagramOptions(receiveTimeout, SocketOptionValues.with(socketOptions, option, value));
    }

    /**
     * Returns the value set for {@code option}, or empty.
     *
     * @param <T> the type of the option's value
     * @param option the option
     * @return the value set, if any
     */
    public <T> Optional<T> option(SocketOption<T> option) {
        return SocketOptionValues.get(socketOptions, option);
    }
}
