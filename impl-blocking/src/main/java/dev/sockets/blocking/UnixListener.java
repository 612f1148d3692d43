package dev.sockets.blocking;

import dev.sockets.Connection;
import dev.sockets.ListenOptions;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A UNIX-domain listener on a blocking {@link ServerSocketChannel}: POSIX
 * {@code socket(AF_UNIX, SOCK_STREAM, 0)}, {@code bind} (which creates the socket file) and
 * {@code listen(fd, backlog)}, then {@code accept}; {@code close} then {@code unlink} of the socket
 * file (§4.5), which the kernel leaves behind.
 *
 * <p>Without an accept timeout the channel stays in blocking mode and {@code accept} waits in
 * {@code accept(2)}; with one, the channel is non-blocking for good and {@code accept} waits in a
 * {@link ChannelPoll}, since a channel has no {@code SO_TIMEOUT} (see {@link UnixConnection}).
 * {@code close()} from another thread wakes a blocked {@code accept} either way, and removes the
 * socket file whoever called it.
 */
final class UnixListener extends StreamListener {

    private final ServerSocketChannel channel;
    private final Path path;
    private final Duration acceptTimeout;
    /** Where {@code accept} waits, with an accept timeout; null in blocking mode. */
    private final ChannelPoll acceptPoll;
    private final StreamOptions connectionOptions;

    private UnixListener(ServerSocketChannel channel, UnixDomainSocketAddress local, ListenOptions options) throws IOException {
        super(local);
        this.channel = channel;
        this.path = local.getPath();
        this.acceptTimeout = options.acceptTimeout();
        this.connectionOptions = options.connectionOptions();
        if (acceptTimeout.isZero()) {
            this.acceptPoll = null;
        } else {
            channel.configureBlocking(false);
            this.acceptPoll = ChannelPoll.open(channel, SelectionKey.OP_ACCEPT);
        }
    }

    /**
     * Binds and listens on {@code local}, creating its socket file. Every socket option, of the
     * listener and of the connections it will accept, is checked before anything is opened (§10.2).
     * On a failure after the bind, the socket file is removed too (§13.3).
     *
     * @throws BindException if the path exists, as a socket file or anything else (§4.2); the
     *     existing file is left alone
     */
    static UnixListener listen(UnixDomainSocketAddress local, ListenOptions options) throws IOException {
        SocketOptionSupport.unixListener().checkAll(options.socketOptions());
        SocketOptionSupport.unix().checkAll(options.connectionOptions().socketOptions());
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean bound = false;
        try {
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            try {
                channel.bind(local, options.backlog());
            } catch (BindException e) {
                throw Errors.addressInUse(local, e);
            }
            bound = true;
            return new UnixListener(channel, local, options);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
                if (bound) {
                    Files.deleteIfExists(local.getPath());
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    Connection implAccept() throws IOException {
        return UnixConnection.accepted(acceptChannel(), connectionOptions);
    }

    private SocketChannel acceptChannel() throws IOException {
        if (acceptPoll == null) {
            return channel.accept();
        }
        long deadline = Timeouts.deadline(acceptTimeout);
        while (true) {
            // The accepted channel is in blocking mode whatever the listener's mode is.
            SocketChannel accepted = channel.accept();
            if (accepted != null) {
                return accepted;
            }
            long remaining = Timeouts.remaining(deadline);
            if (remaining <= 0) {
                throw Errors.acceptTimedOut();
            }
            acceptPoll.await(remaining);
        }
    }

    /** Closes the channel (waking a blocked accept), then removes the socket file, even if the close failed. */
    @Override
    void implClose() throws IOException {
        try {
            try {
                channel.close();
            } finally {
                if (acceptPoll != null) {
                    acceptPoll.close();
                }
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
