package dev.sockets.virtualthreads;

import dev.sockets.StreamOptions;
import java.net.SocketOption;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Checks socket options against what a socket supports, with the messages of SPEC.md §10.2 and §10.3. */
final class SocketOptions {

    private SocketOptions() {
    }

    /**
     * Checks that every option of {@code options} is in {@code supported}.
     *
     * @throws UnsupportedOperationException naming the first option that is not, and {@code what} it was given to
     */
    static void checkSupported(Map<SocketOption<?>, Object> options, Set<SocketOption<?>> supported, String what) {
        for (SocketOption<?> option : options.keySet()) {
            checkSupported(option, supported, what);
        }
    }

    /** @throws UnsupportedOperationException if {@code option} is not in {@code supported} (§10.2) */
    static void checkSupported(SocketOption<?> option, Set<SocketOption<?>> supported, String what) {
        Objects.requireNonNull(option, "option");
        if (!supported.contains(option)) {
            throw new UnsupportedOperationException("§10.2: " + option.name() + " is not supported by " + what);
        }
    }

    /**
     * Checks a value given to {@code option(o, v)} the way the options records check theirs (§10.3): same rules,
     * same messages.
     *
     * @throws IllegalArgumentException if {@code value} is of the wrong type, or a buffer size below 1
     */
    static <T> T checkValue(SocketOption<T> option, T value) {
        StreamOptions.defaults().with(option, value);
        return value;
    }

    /** Returns {@code value} as the option's type; the options records checked it when they were made. */
    static <T> T cast(SocketOption<T> option, Object value) {
        return option.type().cast(value);
    }
}
