package dev.sockets.nio;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.StreamOptions;
import dev.sockets.spi.AbstractListener;
import dev.sockets.spi.Channels;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listener over a non-blocking {@link ServerSocketChannel}; the state machine is the core's
 * ({@link AbstractListener}). An accept tries {@code accept(2)}, and while no client is queued waits for
 * {@code OP_ACCEPT} in {@link Readiness#await}, parked, at most until its deadline. Each accepted connection
 * is handed to the next loop of the group, so the connections of one listener spread over every loop.
 * {@link #implClose()} returns once the descriptor is released, so that the address is free at once (§4.6).
 */
final class NioListener extends AbstractListener {

    private final ServerSocketChannel channel;
    private final Readiness readiness;
    private final EventLoopGroup loops;
    private final Domain domain;
    private final StreamOptions connectionOptions;

    private NioListener(ServerSocketChannel channel, EventLoopGroup loops, Domain domain, ListenOptions options)
            throws IOException {
        super(channel.getLocalAddress(), options.acceptTimeout());
        this.channel = channel;
        this.readiness = new Readiness(channel, loops.next());
        this.loops = loops;
        this.domain = domain;
        this.connectionOptions = options.connectionOptions();
    }

    /**
     * Opens a non-blocking listening socket: POSIX {@code socket}, the options, then {@code bind} and
     * {@code listen} in one step. Refuses an unsupported option, its own or its connections', before anything
     * is opened (§10.2); a failed bind says what the kernel said (§4.2).
     */
    static NioListener listen(EventLoopGroup loops, Domain domain, SocketAddress local, ListenOptions options)
            throws IOException {
        ServerSocketChannel channel = Channels.listen(local, domain, options); // never registered yet: closes at once
        return Channels.orCloseListener(channel, local, () -> {
            channel.configureBlocking(false);
            return new NioListener(channel, loops, domain, options);
        });
    }

    @Override
    protected Connection implAccept(long deadline) throws IOException {
        SocketChannel accepted;
        while ((accepted = channel.accept()) == null) {
            readiness.await(SelectionKey.OP_ACCEPT, deadline);
        }
        return NioConnection.accepted(accepted, loops.next(), domain, connectionOptions);
    }

    @Override
    protected void implClose() throws IOException {
        readiness.close();
    }
}
