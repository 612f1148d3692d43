package dev.sockets.virtualthreads;

import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Locale;
import java.util.Map;

/**
 * A TCP listener on a {@link ServerSocket}: since JDK 21 its accept parks a virtual thread, and honours
 * {@code SO_TIMEOUT} with a timed park.
 */
final class TcpListeningSocket implements ListeningSocket {

    private final ServerSocket socket;
    private final SocketAddress local;
    private final StreamOptions connectionOptions;

    private TcpListeningSocket(ServerSocket socket, StreamOptions connectionOptions) {
        this.socket = socket;
        this.local = socket.getLocalSocketAddress();
        this.connectionOptions = connectionOptions;
    }

    /**
     * Opens a server socket, sets its options, then binds and listens: POSIX {@code socket}, {@code setsockopt},
     * {@code bind}, {@code listen(fd, backlog)} (Java binds and listens in one call). The connection options
     * are checked first, so that no accepted connection can fail on them (§10.2). Closes the socket on every
     * failure (§13.1).
     */
    static TcpListeningSocket open(InetSocketAddress local, ListenOptions options) throws IOException {
        Domain domain = Domain.of(local);
        SocketOptions.checkSupported(options.connectionOptions().socketOptions(), TcpSocket.streamOptions(),
                TcpSocket.kind(domain));
        ServerSocket socket = new ServerSocket();
        try {
            SocketOptions.checkSupported(options.socketOptions(), socket.supportedOptions(),
                    domain.posixName() + " SOCK_STREAM listeners");
            for (Map.Entry<SocketOption<?>, Object> e : options.socketOptions().entrySet()) {
                set(socket, e.getKey(), e.getValue());
            }
            socket.setSoTimeout(Timeouts.millis(options.acceptTimeout()));
            socket.bind(local, options.backlog());
            return new TcpListeningSocket(socket, options.connectionOptions());
        } catch (BindException e) {
            closeQuietly(socket);
            throw bindFailed(local, e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw Errors.translate(e);
        } catch (RuntimeException | Error e) {
            closeQuietly(socket);
            throw e;
        }
    }

    @Override
    public StreamSocket accept() throws IOException {
        return TcpSocket.accepted(socket.accept(), connectionOptions);
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** §4.2: "Address already in use: 127.0.0.1:4321"; another bind failure (no such address) as the JDK said. */
    static BindException bindFailed(SocketAddress local, BindException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("in use") ? Errors.addressInUse(local, e) : e;
    }

    private static <T> void set(ServerSocket socket, SocketOption<T> option, Object value) throws IOException {
        socket.setOption(option, SocketOptions.cast(option, value));
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do on this error path
        }
    }
}
