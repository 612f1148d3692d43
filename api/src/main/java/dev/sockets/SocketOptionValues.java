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

    /** The largest {@code IP_TOS}: the IPv4 type of service and the IPv6 traffic class are a byte. */
    private static final int MAX_TRAFFIC_CLASS = 255;

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

    /** Checks that {@code value} has the option's type, that a standard buffer size is positive and an {@code IP_TOS} a byte (§10.3). */
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
        // A byte, as the JDK checks it: Linux would take -1 and 256 on IPv4 (as 252 and 0) and refuse them on IPv6.
        if (option == StandardSocketOptions.IP_TOS && ((Integer) value < 0 || (Integer) value > MAX_TRAFFIC_CLASS)) {
            throw new IllegalArgumentException("§10.3: " + option.name() + " outside 0.." + MAX_TRAFFIC_CLASS + ": " + value);
        }
        return value;
    }
}
