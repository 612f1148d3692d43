package dev.sockets.blocking;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The socket options ({@code setsockopt}) each kind of socket of this provider supports, and the
 * checks of SPEC.md §10.2 and §10.3 made with them.
 *
 * <p>The options of a kind are the JDK's own answer ({@code supportedOptions()}), asked once of a
 * probe socket that is closed at once. Knowing them without a real socket lets {@code connect} and
 * {@code listen} refuse an unsupported option before they open anything (§10.2), including the
 * options of connections a listener will accept later (§4.3).
 */
final class SocketOptionSupport {

    /** Where options are set: {@code Socket}, {@code ServerSocket}, {@code DatagramSocket} and {@code NetworkChannel} share {@code setOption} by name only. */
    @FunctionalInterface
    interface Target {
        <T> void set(SocketOption<T> option, T value) throws IOException;
    }

    private static final Probe TCP = new Probe("TCP connections", () -> {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions();
        }
    });
    private static final Probe TCP_LISTENER = new Probe("TCP listeners", () -> {
        try (ServerSocket probe = new ServerSocket()) {
            return probe.supportedOptions();
        }
    });
    private static final Probe UNIX = new Probe("UNIX-domain connections", () -> {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.supportedOptions();
        }
    });
    private static final Probe UNIX_LISTENER = new Probe("UNIX-domain listeners", () -> {
        try (ServerSocketChannel probe = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            return probe.supportedOptions();
        }
    });
    private static final Probe UDP = new Probe("UDP endpoints", () -> {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            return probe.supportedOptions();
        }
    });

    private SocketOptionSupport() {
    }

    static Probe tcp() {
        return TCP;
    }

    static Probe tcpListener() {
        return TCP_LISTENER;
    }

    static Probe unix() {
        return UNIX;
    }

    static Probe unixListener() {
        return UNIX_LISTENER;
    }

    static Probe udp() {
        return UDP;
    }

    /**
     * Checks a value for {@code option} as the options records do (§10.3): not null, of the option's
     * type (a raw or unchecked caller can pass anything), and a positive buffer size.
     *
     * @throws IllegalArgumentException naming the option
     */
    static <T> T checkValue(SocketOption<T> option, T value) {
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

    /** Sets every option of {@code options} on {@code target}, in order; they were checked by the options record. */
    @SuppressWarnings("unchecked")
    static void apply(Map<SocketOption<?>, Object> options, Target target) throws IOException {
        for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
            target.set((SocketOption<Object>) e.getKey(), e.getValue());
        }
    }

    /** The options of one kind of socket, asked of a probe the first time they are needed. */
    static final class Probe {

        @FunctionalInterface
        private interface Ask {
            Set<SocketOption<?>> options() throws IOException;
        }

        private final String kind;
        private final Ask ask;
        // Racing first callers may both probe; they get equal sets, so no lock is needed.
        private volatile Set<SocketOption<?>> options;

        private Probe(String kind, Ask ask) {
            this.kind = kind;
            this.ask = ask;
        }

        /** Returns the options this kind of socket supports. */
        Set<SocketOption<?>> options() throws IOException {
            Set<SocketOption<?>> known = options;
            if (known == null) {
                known = Set.copyOf(ask.options());
                options = known;
            }
            return known;
        }

        /**
         * Checks that this kind supports every option of {@code requested} (§10.2).
         *
         * @throws UnsupportedOperationException naming the first option it does not support
         */
        void checkAll(Map<SocketOption<?>, Object> requested) throws IOException {
            Set<SocketOption<?>> supported = options();
            for (SocketOption<?> option : requested.keySet()) {
                if (!supported.contains(option)) {
                    throw unsupported(option);
                }
            }
        }

        /** Returns the exception of §10.2 for {@code option} on this kind of socket. */
        UnsupportedOperationException unsupported(SocketOption<?> option) {
            return new UnsupportedOperationException("§10.2: " + option.name() + " is not supported by " + kind);
        }
    }
}
