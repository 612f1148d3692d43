package dev.sockets.virtualthreads;

import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A UNIX-domain listener on a {@link ServerSocketChannel} in blocking mode: since JDK 21 its accept parks a
 * virtual thread. The channel has no {@code SO_TIMEOUT}; with an accept timeout, accepts go through a
 * {@link TimedCall}, and a connection accepted after its caller gave up is returned by the next accept, in
 * order (§4.4). The socket file this listener created is unlinked on close (§4.5).
 */
final class UnixListeningSocket implements ListeningSocket {

    private final ServerSocketChannel channel;
    private final UnixDomainSocketAddress local;
    private final StreamOptions connectionOptions;
    private final long acceptTimeoutNanos;
    /** Timed accepts, or null without an accept timeout; a connection nobody claims is closed. */
    private final TimedCall<SocketChannel> timedAccept;

    private UnixListeningSocket(ServerSocketChannel channel, UnixDomainSocketAddress local, ListenOptions options) {
        this.channel = channel;
        this.local = local;
        this.connectionOptions = options.connectionOptions();
        this.acceptTimeoutNanos = Timeouts.nanos(options.acceptTimeout());
        this.timedAccept = options.acceptTimeout().isZero() ? null : new TimedCall<>(UnixSocket::closeQuietly);
    }

    /**
     * Opens a channel, sets its options, binds and listens: POSIX {@code socket}, {@code bind} (which creates the
     * socket file; an existing path is {@code EADDRINUSE}, §4.2) and {@code listen}.
     */
    static UnixListeningSocket open(UnixDomainSocketAddress local, ListenOptions options) throws IOException {
        SocketOptions.checkSupported(options.connectionOptions().socketOptions(), UnixSocket.streamOptions(),
                TcpSocket.kind(Domain.UNIX));
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            SocketOptions.checkSupported(options.socketOptions(), channel.supportedOptions(), "AF_UNIX SOCK_STREAM listeners");
            for (Map.Entry<SocketOption<?>, Object> e : options.socketOptions().entrySet()) {
                set(channel, e.getKey(), e.getValue());
            }
            channel.bind(local, options.backlog());
            return new UnixListeningSocket(channel, (UnixDomainSocketAddress) channel.getLocalAddress(), options);
        } catch (BindException e) {
            UnixSocket.closeQuietly(channel);
            throw TcpListeningSocket.bindFailed(local, e);
        } catch (IOException e) {
            UnixSocket.closeQuietly(channel);
            throw Errors.translate(e);
        } catch (RuntimeException | Error e) {
            UnixSocket.closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public StreamSocket accept() throws IOException {
        SocketChannel accepted;
        if (timedAccept == null) {
            accepted = channel.accept();
        } else {
            try {
                accepted = timedAccept.await(channel::accept, acceptTimeoutNanos, Errors::acceptTimedOut);
            } catch (InterruptedException e) {
                // as a blocking channel does when its acceptor is interrupted
                Thread.currentThread().interrupt();
                close();
                throw new ClosedByInterruptException();
            }
        }
        return UnixSocket.accepted(accepted, connectionOptions);
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (timedAccept != null) {
                timedAccept.close();
            }
            Path path = local.getPath();
            Files.deleteIfExists(path);
        }
    }

    private static <T> void set(ServerSocketChannel channel, SocketOption<T> option, Object value) throws IOException {
        channel.setOption(option, SocketOptions.cast(option, value));
    }
}
