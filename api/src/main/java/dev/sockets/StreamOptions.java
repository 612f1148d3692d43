package dev.sockets;

import java.net.SocketOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a stream connection: how long to wait in {@code connect}, {@code read} and {@code write}, and the
 * socket options ({@code setsockopt}) to set before connecting. Immutable; start from
 * {@link #defaults()} and change with the {@code with…} methods:
 * {@snippet :
 * StreamOptions options = StreamOptions.defaults()
 *         .withConnectTimeout(Duration.ofSeconds(2))
 *         .with(StandardSocketOptions.TCP_NODELAY, true);
 * }
 *
 * <p>A timeout of {@link Duration#ZERO} means none: wait for as long as it takes, as POSIX does.
 * Socket options use the JDK's names ({@link java.net.StandardSocketOptions}): {@code TCP_NODELAY},
 * {@code SO_KEEPALIVE}, {@code SO_SNDBUF}, {@code SO_RCVBUF}, {@code SO_LINGER}, … An option that
 * the connection's domain does not support (say {@code TCP_NODELAY} on a UNIX-domain connection)
 * makes {@code connect} throw {@link UnsupportedOperationException} (§10.2).
 *
 * @param connectTimeout how long {@code connect} waits; ZERO for no limit (§3.3)
 * @param readTimeout how long {@link Connection#read} waits for a byte; ZERO for no limit (§9.1)
 * @param writeTimeout how long {@link Connection#write} may take to hand all its bytes to the system, the
 *     send side of {@code SO_TIMEOUT} ({@code SO_SNDTIMEO} in POSIX); ZERO for no limit (§9.6, §9.7)
 * @param socketOptions the socket options to set, by option
 */
public record StreamOptions(Duration connectTimeout, Duration readTimeout, Duration writeTimeout,
        Map<SocketOption<?>, Object> socketOptions) {

    private static final StreamOptions DEFAULTS = new StreamOptions(Duration.ZERO, Duration.ZERO, Duration.ZERO, Map.of());

    /**
     * Checks and copies the components.
     *
     * @param connectTimeout how long {@code connect} waits; ZERO for no limit
     * @param readTimeout how long {@link Connection#read} waits for a byte; ZERO for no limit
     * @param writeTimeout how long {@link Connection#write} may take; ZERO for no limit
     * @param socketOptions the socket options to set, by option; copied
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a timeout is negative, or a socket option's value is of the
     *     wrong type or out of range (§2.1, §10.3)
     */
    public StreamOptions {
        connectTimeout = SocketOptionValues.timeout("connectTimeout", connectTimeout);
        readTimeout = SocketOptionValues.timeout("readTimeout", readTimeout);
        writeTimeout = SocketOptionValues.timeout("writeTimeout", writeTimeout);
        socketOptions = SocketOptionValues.copy(socketOptions);
    }

    /**
     * Checks and copies the components, with no write timeout.
     *
     * @param connectTimeout how long {@code connect} waits; ZERO for no limit
     * @param readTimeout how long {@link Connection#read} waits for a byte; ZERO for no limit
     * @param socketOptions the socket options to set, by option; copied
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a timeout is negative, or a socket option's value is of the
     *     wrong type or out of range (§2.1, §10.3)
     */
    public StreamOptions(Duration connectTimeout, Duration readTimeout, Map<SocketOption<?>, Object> socketOptions) {
        this(connectTimeout, readTimeout, Duration.ZERO, socketOptions);
    }

    /**
     * Returns the defaults: no timeouts, no socket option set (the system's defaults apply).
     *
     * @return the default options
     */
    public static StreamOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns these options with {@code connectTimeout}; ZERO for none.
     *
     * @param connectTimeout how long {@code connect} waits; ZERO for no limit
     * @return new options
     * @throws IllegalArgumentException if {@code connectTimeout} is negative
     */
    public StreamOptions withConnectTimeout(Duration connectTimeout) {
        return new StreamOptions(connectTimeout, readTimeout, writeTimeout, socketOptions);
    }

    /**
     * Returns these options with {@code readTimeout}; ZERO for none.
     *
     * @param readTimeout how long {@link Connection#read} waits for a byte; ZERO for no limit
     * @return new options
     * @throws IllegalArgumentException if {@code readTimeout} is negative
     */
    public StreamOptions withReadTimeout(Duration readTimeout) {
        return new StreamOptions(connectTimeout, readTimeout, writeTimeout, socketOptions);
    }

    /**
     * Returns these options with {@code writeTimeout}; ZERO for none. A write that cannot hand all its
     * bytes to the system in that time (the peer does not read, the send buffers are full) throws
     * {@link java.net.SocketTimeoutException} "Write timed out", and the connection writes no more (§9.6, §9.7).
     *
     * @param writeTimeout how long {@link Connection#write} may take; ZERO for no limit
     * @return new options
     * @throws IllegalArgumentException if {@code writeTimeout} is negative
     */
    public StreamOptions withWriteTimeout(Duration writeTimeout) {
        return new StreamOptions(connectTimeout, readTimeout, writeTimeout, socketOptions);
    }

    /**
     * Returns these options with the socket option {@code option} set to {@code value}.
     *
     * @param <T> the type of the option's value
     * @param option the option to set before connecting
     * @param value its value
     * @return new options
     * @throws IllegalArgumentException if {@code value} is not valid for {@code option} (§10.3)
     */
    public <T> StreamOptions with(SocketOption<T> option, T value) {
        return new StreamOptions(connectTimeout, readTimeout, writeTimeout, SocketOptionValues.with(socketOptions, option, value));
    }

    /**
     * Returns the value set for {@code option}, or empty if it is left at the system's default.
     *
     * @param <T> the type of the option's value
     * @param option the option
     * @return the value set, if any
     */
    public <T> Optional<T> option(SocketOption<T> option) {
        return SocketOptionValues.get(socketOptions, option);
    }
}
