package dev.sockets.spi;

import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/**
 * A datagram endpoint on a JDK {@link DatagramChannel}, for the providers built on channels:
 * {@code connect}, {@code getsockopt}/{@code setsockopt} and {@code close(2)} are the channel's.
 *
 * <p>As it is, the endpoint of the blocking models (blocking, virtualthreads): the channel is in
 * blocking mode, a send is its {@code sendto}, a receive without a timeout its {@code recvfrom},
 * and a receive with one goes through its adaptor ({@link AdaptorReceiver}). Every wait wakes on
 * {@code close()} and on an interrupt (§7.3, §7.5); a virtual thread is parked, a platform thread
 * waits in the kernel. A model that waits otherwise (a selector) overrides {@link #implSend} and
 * {@link #implReceive}; one that has more to release overrides {@link #implClose()} and calls it.
 */
public class ChannelDatagramEndpoint extends AbstractDatagramEndpoint {

    private final DatagramChannel channel;
    /** Timed receives of a channel in blocking mode, made the first time; guarded by the receive lock. */
    private AdaptorReceiver timedReceives;

    /**
     * Makes the endpoint of {@code channel}, which is bound; its address is read now.
     *
     * @param channel the bound channel, in blocking mode, which the endpoint owns from now on
     * @param domain the domain of {@code channel}, which every peer and target must have (§2.3)
     * @param receiveTimeout how long a receive waits; ZERO for no limit (§9.3)
     * @throws IOException if the channel's address cannot be read ({@code getsockname}), such as
     *     when it is closed
     */
    protected ChannelDatagramEndpoint(DatagramChannel channel, Domain domain, Duration receiveTimeout) throws IOException {
        super(domain, channel.getLocalAddress(), receiveTimeout, Channels.datagramOptions(domain));
        this.channel = channel;
    }

    /**
     * Opens a datagram socket of {@code domain} bound to {@code local}, in blocking mode (see
     * {@link Channels#bind}), and returns its endpoint.
     *
     * @param local the address to bind, resolved and of {@code domain}
     * @param domain the domain of {@code local}
     * @param options the receive timeout and the socket options of the endpoint
     * @return the bound endpoint
     * @throws java.net.BindException if the address is in use (§11.1)
     * @throws IOException if the socket cannot be opened or bound for another reason
     */
    public static ChannelDatagramEndpoint open(SocketAddress local, Domain domain, DatagramOptions options) throws IOException {
        DatagramChannel channel = Channels.bind(local, domain, options);
        return Channels.orClose(channel, () -> new ChannelDatagramEndpoint(channel, domain, options.receiveTimeout()));
    }

    /**
     * Returns the channel under this endpoint.
     *
     * @return the channel, bound, which this endpoint closes
     */
    protected final DatagramChannel channel() {
        return channel;
    }

    /** {@code sendto}: a channel in blocking mode sends the whole datagram, waiting for room if it must. */
    @Override
    protected void implSend(ByteBuffer src, SocketAddress target) throws IOException {
        channel.send(src, target);
    }

    /** {@code recvfrom} on a channel in blocking mode, through its adaptor when it has a deadline. */
    @Override
    protected SocketAddress implReceive(ByteBuffer dst, long deadline) throws IOException {
        if (deadline == Long.MAX_VALUE) {
            return channel.receive(dst);
        }
        if (timedReceives == null) {
            timedReceives = new AdaptorReceiver(channel);
        }
        return timedReceives.receive(dst, deadline);
    }

    @Override
    protected void implConnect(SocketAddress peer) throws IOException {
        channel.connect(peer);
    }

    /** Closes the channel, which wakes a thread blocked in it (§7.3). */
    @Override
    protected void implClose() throws IOException {
        channel.close();
    }

    @Override
    protected final <T> T implGetOption(SocketOption<T> option) throws IOException {
        return channel.getOption(option);
    }

    @Override
    protected final <T> void implSetOption(SocketOption<T> option, T value) throws IOException {
        channel.setOption(option, value);
    }
}
