package dev.sockets;

import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The checks and copies that every options record shares. */
final class SocketOptionValues {

    private SocketOptionValues() {
    }

    /** Checks a timeout: not null, not negative; {@link Duration#ZERO} means none (§2.1). */
    static Duration timeout(String name, Duration timeout) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("§2.1: " + name + " < 0: " + timeout);
        }
        return timeout;
    }

    /** An immutable copy of {@code options}, with every value checked. */
    static Map<SocketOption<?>, Object> copy(Map<SocketOption<?>, Object> options) {
        Objects.requireNonNull(options, "socketOptions");
        Map<SocketOption<?>, Object> copy = new LinkedHashMap<>();
        options.forEach((option, value) -> copy.put(option, check(option, value)));
        return Collections.unmodifiableMap(copy);
    }

    /** {@code options} with {@code option} set to {@code value}, checked. */
    static <T> Map<SocketOption<?>, Object> with(Map<SocketOption<?>, Object> options, SocketOption<T> option, T value) {
        Map<SocketOption<?>, Object> copy = new LinkedHashMap<>(options);
        copy.put(option, check(option, value));
        return Collections.unmodifiableMap(copy);
    }

    static <T> Optional<T> get(Map<SocketOption<?>, Object> options, SocketOption<T> option) {
        Objects.requireNonNull(option, "option");
        return Optional.ofNullable(options.get(option)).map(option.type()::cast);
    }

    /** Checks that {@code value} has the option's type and, for the standard buffer sizes, is positive (§10.3). */
    static Object check(SocketOption<?> option, Object value) {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(value, () -> "value of " + option.name());
        if (!option.type().isInstance(value)) {
            throw new IllegalArgumentException("§10.3: " + option.name() + " takes a " + option.type().getSimpleName()
                    + ", not a " + value.getClass().getSimpleName() + ": " + value);
        }
        if ((option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) && (Integer) value < 1) {
            throw new IllegalArgumentException("§10.3: " + option.name() + " < 1: " + value);
        }
        return value;
    }
}
