package dev.sockets.spi;

import dev.sockets.Domain;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A connection on a JDK {@link SocketChannel}, for the providers built on channels: the hooks that
 * are the same whatever the model — {@code shutdown(2)}, {@code getsockopt}/{@code setsockopt} and
 * {@code close(2)} are the channel's. A subclass says how bytes move and how a caller waits
 * ({@link #implRead}, {@link #implWrite}); one that has more to release overrides
 * {@link #implClose()} and calls it.
 */
public abstract class ChannelConnection extends AbstractConnection {

    /** Makes a provider's connection of a connected channel: its constructor. */
    @FunctionalInterface
    public interface Factory<C extends ChannelConnection> {
        /** Returns the connection of {@code channel}, a connected channel of {@code domain}. */
        C make(SocketChannel channel, Domain domain, Duration readTimeout) throws IOException;
    }

    private final SocketChannel channel;

    /**
     * Makes the connection of {@code channel}, which is connected; its addresses are read now.
     *
     * @param readTimeout how long a read waits; ZERO for no limit (§9.1)
     * @param options the options of this kind of channel, such as {@link Channels#streamOptions}
     */
    protected ChannelConnection(SocketChannel channel, Duration readTimeout, SocketOptionSupport options) throws IOException {
        super(channel.getLocalAddress(), channel.getRemoteAddress(), readTimeout, options);
        this.channel = channel;
    }

    /**
     * Opens a stream socket and connects it ({@link Channels#connect}), then makes the connection of
     * it with {@code factory}; closes the channel if that fails (§13.1).
     */
    public static <C extends ChannelConnection> C connect(SocketAddress remote, Domain domain, StreamOptions options,
            Factory<C> factory) throws IOException {
        SocketChannel channel = Channels.connect(remote, domain, options);
        return Channels.orClose(channel, () -> factory.make(channel, domain, options.readTimeout()));
    }

    /**
     * Makes the connection of a channel that {@code accept} returned, with the read timeout and
     * socket options of the listener's connection options (§4.3); closes the channel if that fails.
     */
    public static <C extends ChannelConnection> C accepted(SocketChannel channel, Domain domain, StreamOptions options,
            Factory<C> factory) throws IOException {
        return Channels.orClose(channel, () -> {
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            return factory.make(channel, domain, options.readTimeout());
        });
    }

    /** Returns the channel under this connection. */
    protected final SocketChannel channel() {
        return channel;
    }

    @Override
    protected void implShutdownInput() throws IOException {
        channel.shutdownInput();
    }

    @Override
    protected void implShutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Closes the channel, which wakes a thread blocked in it (§7.3): {@code close(2)} and nothing more (§7.4). */
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
