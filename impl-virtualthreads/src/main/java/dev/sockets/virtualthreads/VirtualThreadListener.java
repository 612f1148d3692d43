package dev.sockets.virtualthreads;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.StreamOptions;
import dev.sockets.spi.AbstractListener;
import dev.sockets.spi.ChannelConnection;
import dev.sockets.spi.Channels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening stream socket, TCP or UNIX-domain: a {@link ServerSocketChannel} in blocking mode under the state
 * machine of {@link AbstractListener}, which serializes accepts, tracks the state, translates failures and
 * removes a UNIX-domain socket file on close (§4.5).
 *
 * <p>An accept is the channel's blocking accept, which parks a virtual thread, and wakes on close and on an
 * interrupt (§7.3, §7.5). An accept with a deadline waits as a read does (see {@link VirtualThreadConnection}):
 * a TCP one through the channel's {@link ServerSocket} adaptor, whose {@code SO_TIMEOUT} is a timed park; a
 * UNIX-domain one through a {@link TimedCall}, and a connection it accepts after its caller gave up is returned
 * by the next accept, in order (§4.4), or closed if none comes.
 */
final class VirtualThreadListener extends AbstractListener {

    private final ServerSocketChannel channel;
    private final Domain domain;
    private final StreamOptions connectionOptions;
    /** UNIX-domain accepts with an accept timeout; null without one, and for TCP. */
    private final TimedCall<SocketChannel> timedAccept;

    private VirtualThreadListener(ServerSocketChannel channel, Domain domain, ListenOptions options) throws IOException {
        super(channel.getLocalAddress(), options.acceptTimeout());
        this.channel = channel;
        this.domain = domain;
        this.connectionOptions = options.connectionOptions();
        this.timedAccept = domain == Domain.UNIX && !options.acceptTimeout().isZero()
                ? new TimedCall<>(VirtualThreadListener::closeUnclaimed)
                : null;
    }

    /**
     * Opens a channel, sets its options, binds and listens: POSIX {@code socket}, {@code setsockopt},
     * {@code bind} (which creates a UNIX-domain socket file) and {@code listen(fd, backlog)}, which Java does in one
     * call. The connection options are checked first, so that no accepted connection can fail on them (§10.2).
     * Closes the channel on every failure (§13.1).
     */
    static VirtualThreadListener open(SocketAddress local, Domain domain, ListenOptions options) throws IOException {
        ServerSocketChannel channel = Channels.listen(local, domain, options);
        return Channels.orCloseListener(channel, local, () -> new VirtualThreadListener(channel, domain, options));
    }

    /** A connection accepted for a caller that gave up waiting, and that nobody will take: closed (§13.1). */
    private static void closeUnclaimed(SocketChannel accepted) {
        try {
            accepted.close();
        } catch (IOException ignored) {
            // The descriptor is released whatever close(2) reports.
        }
    }

    @Override
    protected Connection implAccept(long deadline) throws IOException {
        SocketChannel accepted;
        if (timedAccept != null) {
            accepted = timedAccept.await(channel::accept, deadline);
        } else {
            accepted = Channels.accept(channel, deadline); // a UNIX-domain channel has a deadline only with a TimedCall
        }
        return ChannelConnection.accepted(accepted, domain, connectionOptions, VirtualThreadConnection::new);
    }

    @Override
    protected void implClose() throws IOException {
        Channels.closeAll(channel, timedAccept);
    }
}
