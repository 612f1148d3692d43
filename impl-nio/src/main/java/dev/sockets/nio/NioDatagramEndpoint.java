package dev.sockets.nio;

import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.spi.AbstractDatagramEndpoint;
import dev.sockets.spi.ChannelDatagramEndpoint;
import dev.sockets.spi.Channels;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/**
 * A datagram endpoint over a non-blocking {@link DatagramChannel} owned by one {@link EventLoop}; the state
 * machine is the core's ({@link AbstractDatagramEndpoint}). A receive tries {@code recvfrom(2)} and, while
 * nothing is queued, waits for {@code OP_READ} parked, at most until its deadline; a send tries
 * {@code sendto(2)} and waits for {@code OP_WRITE} only if the send buffer had no room.
 *
 * <p>On a connected channel the JDK reports an ICMP port unreachable that the kernel queued
 * ({@code ECONNREFUSED}) as {@link java.net.PortUnreachableException} from the next receive or send: it goes
 * to the core as it is, which names the peer and keeps the endpoint open (§11.6).
 */
final class NioDatagramEndpoint extends ChannelDatagramEndpoint {

    private final Readiness readiness;

    private NioDatagramEndpoint(DatagramChannel channel, Readiness readiness, Domain domain, DatagramOptions options)
            throws IOException {
        super(channel, domain, options.receiveTimeout());
        this.readiness = readiness;
    }

    /** Opens a non-blocking datagram socket of {@code domain}, sets its options and binds it (§11.1, §4.2). */
    static NioDatagramEndpoint open(EventLoopGroup loops, Domain domain, SocketAddress local, DatagramOptions options)
            throws IOException {
        DatagramChannel channel = Channels.bind(local, domain, options); // never registered yet: closes at once
        return Channels.orClose(channel, () -> {
            channel.configureBlocking(false);
            return new NioDatagramEndpoint(channel, new Readiness(channel, loops.next()), domain, options);
        });
    }

    @Override
    protected void implSend(ByteBuffer src, SocketAddress target) throws IOException {
        // An empty datagram is sent with 0 too; UDP may drop it like any other when the buffer is full.
        while (channel().send(src, target) == 0 && src.hasRemaining()) {
            readiness.await(SelectionKey.OP_WRITE, Long.MAX_VALUE);
        }
    }

    @Override
    protected SocketAddress implReceive(ByteBuffer dst, long deadline) throws IOException {
        SocketAddress from;
        // Truncates a datagram longer than dst's room, and discards the rest (§11.5).
        while ((from = channel().receive(dst)) == null) {
            readiness.await(SelectionKey.OP_READ, deadline);
        }
        return from;
    }

    @Override
    protected void implClose() throws IOException {
        readiness.close();
    }
}
