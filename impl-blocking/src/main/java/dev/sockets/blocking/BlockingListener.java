package dev.sockets.blocking;

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
 * A listening stream socket on a {@link ServerSocketChannel} in blocking mode: POSIX
 * {@code socket(AF_*, SOCK_STREAM, 0)}, {@code setsockopt}, then {@code bind} and
 * {@code listen(fd, backlog)}, which {@code bind(address, backlog)} does in one step, then
 * {@code accept}. The core's state machine ({@link AbstractListener}) does the rest, and removes a
 * UNIX-domain listener's socket file.
 *
 * <p>An accept without a timeout waits in the channel's blocking {@code accept(2)}. With one, over
 * TCP, it waits in the accept of the channel's {@link ServerSocket} adaptor, whose
 * {@code SO_TIMEOUT} is set to the time left; over UNIX domain (no adaptor), the channel is
 * non-blocking for good and the caller waits in a {@link ChannelPoll}. Every wait wakes on
 * {@code close()} and on an interrupt (§7.3, §7.5). {@code close(2)} releases the address before
 * {@code close()} returns, also under a blocked accept (the JDK closes the socket at once and
 * signals the thread), so it can be listened on again at once (§4.6).
 */
final class BlockingListener extends AbstractListener {

    private final ServerSocketChannel channel;
    private final Domain domain;
    /** Where {@code accept} waits, over UNIX domain with an accept timeout; else null and the channel blocks. */
    private final ChannelPoll poll;
    private final StreamOptions connectionOptions;

    private BlockingListener(ServerSocketChannel channel, Domain domain, ListenOptions options) throws IOException {
        super(channel.getLocalAddress(), options.acceptTimeout());
        this.channel = channel;
        this.domain = domain;
        this.connectionOptions = options.connectionOptions();
        boolean unix = domain == Domain.UNIX;
        if (unix && !options.acceptTimeout().isZero()) {
            channel.configureBlocking(false);
            this.poll = ChannelPoll.pollIn(channel);
        } else {
            this.poll = null;
        }
    }

    /**
     * Binds and listens on {@code local} (port 0: the system chooses, §4.1). Every socket option, of
     * the listener and of the connections it will accept, is checked before anything is opened
     * (§10.2); the socket is closed on every failure (§13.1), and a socket file it made removed.
     *
     * @throws java.net.BindException saying what the kernel said, "Address already in use: …" (§4.2)
     */
    static BlockingListener listen(SocketAddress local, Domain domain, ListenOptions options) throws IOException {
        ServerSocketChannel channel = Channels.listen(local, domain, options);
        return Channels.orCloseListener(channel, local, () -> new BlockingListener(channel, domain, options));
    }

    @Override
    protected Connection implAccept(long deadline) throws IOException {
        SocketChannel accepted;
        if (poll != null) {
            // The accepted channel is in blocking mode, whatever the listener's mode is.
            while ((accepted = channel.accept()) == null) {
                poll.await(deadline);
            }
        } else {
            accepted = Channels.accept(channel, deadline);
        }
        return ChannelConnection.accepted(accepted, domain, connectionOptions, BlockingConnection::new);
    }

    /** Closes the channel, waking a blocked accept, then the poll, waking a thread waiting in it. */
    @Override
    protected void implClose() throws IOException {
        Channels.closeAll(channel, poll);
    }
}
