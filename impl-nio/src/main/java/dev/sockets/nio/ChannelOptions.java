package dev.sockets.nio;

import dev.sockets.Domain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Socket options ({@code setsockopt}/{@code getsockopt}) on channels: the checks of §10.2 and §10.3 with
 * messages that name the option, and the options a stream socket of each domain supports, learnt once per
 * domain so that {@code connect} and {@code listen} can refuse an option before they open anything.
 */
final class ChannelOptions {

    private static final Map<Domain, Set<SocketOption<?>>> STREAM_OPTIONS = new ConcurrentHashMap<>();

    private ChannelOptions() {
    }

    /**
     * Checks that a stream socket of {@code domain} supports every option of {@code options}, before any
     * descriptor is opened for it (§10.2).
     *
     * @throws UnsupportedOperationException naming the first option it does not support
     */
    static void checkStream(Domain domain, Map<SocketOption<?>, Object> options) throws IOException {
        if (options.isEmpty()) {
            return;
        }
        Set<SocketOption<?>> supported;
        try {
            supported = STREAM_OPTIONS.computeIfAbsent(domain, ChannelOptions::probeStream);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (SocketOption<?> option : options.keySet()) {
            if (!supported.contains(option)) {
                throw unsupported(option, domain.posixName() + " stream sockets");
            }
        }
    }

    /**
     * Sets every option of {@code options} on {@code channel}, in order (§3.4).
     *
     * @throws UnsupportedOperationException naming an option the channel does not support (§10.2)
     */
    static void apply(NetworkChannel channel, Map<SocketOption<?>, Object> options, String what) throws IOException {
        for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
            set(channel, e.getKey(), e.getValue(), what);
        }
    }

    /** Sets one option, checked (§10.2, §10.3). */
    @SuppressWarnings("unchecked")
    static void set(NetworkChannel channel, SocketOption<?> option, Object value, String what) throws IOException {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(value, () -> "value of " + option.name());
        if (!channel.supportedOptions().contains(option)) {
            throw unsupported(option, what);
        }
        if (!option.type().isInstance(value)) {
            throw new IllegalArgumentException("§10.3: " + option.name() + " takes a " + option.type().getSimpleName()
                    + ", not a " + value.getClass().getSimpleName() + ": " + value);
        }
        if ((option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) && (Integer) value < 1) {
            throw new IllegalArgumentException("§10.3: " + option.name() + " < 1: " + value);
        }
        try {
            channel.setOption((SocketOption<Object>) option, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("§10.3: " + option.name() + ": " + e.getMessage(), e);
        }
    }

    /** Reads one option (§10.1). */
    static <T> T get(NetworkChannel channel, SocketOption<T> option, String what) throws IOException {
        Objects.requireNonNull(option, "option");
        if (!channel.supportedOptions().contains(option)) {
            throw unsupported(option, what);
        }
        return channel.getOption(option);
    }

    static UnsupportedOperationException unsupported(SocketOption<?> option, String what) {
        return new UnsupportedOperationException("§10.2: " + option.name() + " is not supported by " + what);
    }

    /** What the kernel offers a stream socket of {@code domain}: asked once of a socket opened and closed at once. */
    private static Set<SocketOption<?>> probeStream(Domain domain) {
        try (SocketChannel probe = SocketChannel.open(Families.of(domain))) {
            return Set.copyOf(probe.supportedOptions());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open an " + domain.posixName() + " stream socket", e);
        }
    }
}
