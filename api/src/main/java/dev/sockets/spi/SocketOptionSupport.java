package dev.sockets.spi;

import dev.sockets.StreamOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The socket options ({@code setsockopt}) that one kind of socket supports, and the checks of
 * SPEC.md §10.2 and §10.3 made with them, with one wording for every provider.
 *
 * <p>The options of a kind are the JDK's own answer ({@code supportedOptions()}), asked once of a
 * probe socket that is closed at once. Knowing them without a real socket lets {@code connect} and
 * {@code listen} refuse an unsupported option before they open anything (§10.2), including the
 * options of the connections a listener will accept later (§4.3).
 */
public final class SocketOptionSupport {

    /** Asks the system which options a kind of socket has: opens a probe socket and closes it. */
    @FunctionalInterface
    public interface Probe {
        /**
         * Returns the options of a socket of this kind.
         *
         * @return what the probe socket's {@code supportedOptions()} says
         * @throws IOException if the probe socket cannot be opened
         */
        Set<SocketOption<?>> options() throws IOException;
    }

    /** Where options are set: {@code Socket}, {@code NetworkChannel}, … share {@code setOption} by name only. */
    @FunctionalInterface
    public interface Target {
        /**
         * Sets {@code option} to {@code value} on the socket.
         *
         * @param <T> the type of the option's value
         * @param option the option to set
         * @param value its new value
         * @throws IOException if the system call fails
         */
        <T> void set(SocketOption<T> option, T value) throws IOException;
    }

    private final String kind;
    private final Probe probe;
    // Racing first callers may both probe; they get equal sets, so no lock is needed.
    private volatile Set<SocketOption<?>> options;

    private SocketOptionSupport(String kind, Probe probe) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /**
     * Returns the options of the sockets called {@code kind} in messages ("AF_INET SOCK_STREAM
     * connections"), asked of {@code probe} the first time they are needed.
     *
     * @param kind what messages call these sockets, such as "AF_INET SOCK_STREAM connections"
     * @param probe asks the system for the options, once
     * @return the options, not yet asked for
     */
    public static SocketOptionSupport probed(String kind, Probe probe) {
        return new SocketOptionSupport(kind, probe);
    }

    /**
     * Returns the options of the sockets called {@code kind}, known already.
     *
     * @param kind what messages call these sockets, such as "AF_INET SOCK_STREAM connections"
     * @param options the options these sockets support; copied
     * @return the options
     */
    public static SocketOptionSupport of(String kind, Set<SocketOption<?>> options) {
        Set<SocketOption<?>> copy = Set.copyOf(options);
        return new SocketOptionSupport(kind, () -> copy);
    }

    /**
     * Returns the options this kind of socket supports.
     *
     * @return the options, asked of the probe the first time
     * @throws UncheckedIOException if the probe socket could not be opened
     */
    public Set<SocketOption<?>> options() {
        Set<SocketOption<?>> known = options;
        if (known == null) {
            try {
                known = Set.copyOf(probe.options());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a probe socket for " + kind, e);
            }
            options = known;
        }
        return known;
    }

    /**
     * Checks that this kind supports {@code option} (§10.2).
     *
     * @param option the option a caller asked for
     * @throws UnsupportedOperationException "§10.2: TCP_NODELAY is not supported by AF_UNIX SOCK_STREAM connections"
     */
    public void check(SocketOption<?> option) {
        Objects.requireNonNull(option, "option");
        if (!options().contains(option)) {
            throw new UnsupportedOperationException("§10.2: " + option.name() + " is not supported by " + kind);
        }
    }

    /**
     * Checks every option of {@code requested}, before anything is opened (§10.2).
     *
     * @param requested the socket options of an options record, by option
     * @throws UnsupportedOperationException if this kind does not support one of them, as {@link #check}
     */
    public void checkAll(Map<SocketOption<?>, Object> requested) {
        for (SocketOption<?> option : requested.keySet()) {
            check(option);
        }
    }

    /**
     * Checks a value for {@code option} as the options records do (§10.3): not null, of the
     * option's type (a raw or unchecked caller can pass anything), a positive buffer size, an {@code IP_TOS}
     * of 0 to 255.
     *
     * @param <T> the type of the option's value
     * @param option the option
     * @param value the value a caller gave for it
     * @return {@code value}
     * @throws NullPointerException if {@code option} or {@code value} is null
     * @throws IllegalArgumentException naming the option
     */
    public static <T> T checkValue(SocketOption<T> option, T value) {
        Objects.requireNonNull(option, "option");
        StreamOptions.defaults().with(option, value);
        return value;
    }

    /**
     * Sets every option of {@code options} on {@code target}, in order; the options record checked them.
     *
     * @param options the socket options of an options record, by option
     * @param target the socket to set them on
     * @throws IllegalArgumentException if the system refuses a value, naming the option (§10.3)
     * @throws IOException if the system call fails
     */
    @SuppressWarnings("unchecked")
    public static void apply(Map<SocketOption<?>, Object> options, Target target) throws IOException {
        for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
            set(target, (SocketOption<Object>) e.getKey(), e.getValue());
        }
    }

    /**
     * Sets one option; a value the system refuses is {@link IllegalArgumentException} naming the
     * option (§10.3).
     *
     * @param <T> the type of the option's value
     * @param target the socket to set it on
     * @param option the option
     * @param value its new value
     * @throws IllegalArgumentException if the system refuses {@code value}, naming the option (§10.3)
     * @throws IOException if the system call fails
     */
    public static <T> void set(Target target, SocketOption<T> option, T value) throws IOException {
        try {
            target.set(option, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("§10.3: " + option.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SocketOptionSupport[" + kind + "]";
    }
}
