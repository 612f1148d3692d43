package dev.sockets.spi;

import dev.sockets.Domain;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
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

    /**
     * Makes a provider's connection of a connected channel: its constructor.
     *
     * @param <C> the provider's connection class
     */
    @FunctionalInterface
    public interface Factory<C extends ChannelConnection> {
        /**
         * Returns the connection of {@code channel}, a connected channel of {@code domain}.
         *
         * @param channel the connected channel, in blocking mode
         * @param domain the domain of {@code channel}
         * @param timeouts the read timeout (§9.1) and the write timeout (§9.6) of the connection
         * @return the connection, which owns {@code channel} from now on
         * @throws IOException if the system call fails, such as reading the channel's addresses
         */
        C make(SocketChannel channel, Domain domain, StreamOptions timeouts) throws IOException;
    }

    private final SocketChannel channel;

    /**
     * Makes the connection of {@code channel}, which is connected; its addresses are read now.
     *
     * @param channel the connected channel, which the connection owns from now on
     * @param readTimeout how long a read waits; ZERO for no limit (§9.1)
     * @param options the options of this kind of channel, such as {@link Channels#streamOptions}
     * @throws IOException if the channel's addresses cannot be read ({@code getsockname},
     *     {@code getpeername}), such as when it is closed
     */
    protected ChannelConnection(SocketChannel channel, Duration readTimeout, SocketOptionSupport options) throws IOException {
        this(channel, readTimeout, Duration.ZERO, options);
    }

    /**
     * Makes the connection of {@code channel}, which is connected, with a write timeout; its addresses are read now.
     *
     * @param channel the connected channel, which the connection owns from now on
     * @param readTimeout how long a read waits; ZERO for no limit (§9.1)
     * @param writeTimeout how long a write may take; ZERO for no limit (§9.6)
     * @param options the options of this kind of channel, such as {@link Channels#streamOptions}
     * @throws IOException if the channel's addresses cannot be read ({@code getsockname},
     *     {@code getpeername}), such as when it is closed
     */
    protected ChannelConnection(SocketChannel channel, Duration readTimeout, Duration writeTimeout,
            SocketOptionSupport options) throws IOException {
        super(channel.getLocalAddress(), channel.getRemoteAddress(), readTimeout, writeTimeout, options);
        this.channel = channel;
    }

    /**
     * Opens a stream socket and connects it ({@link Channels#connect}), then makes the connection of
     * it with {@code factory}; closes the channel if that fails (§13.1).
     *
     * @param <C> the provider's connection class
     * @param remote where to connect, resolved and of {@code domain}
     * @param domain the domain of {@code remote}
     * @param options the connect timeout, the read timeout and the socket options of the connection
     * @param factory makes the provider's connection of the connected channel
     * @return the connected connection
     * @throws java.net.ConnectException "Connection refused: &lt;address&gt;", if nothing listens at
     *     {@code remote} (§3.2)
     * @throws java.net.SocketTimeoutException "Connect timed out: &lt;address&gt;", if the connect
     *     timeout passes first (§3.3)
     * @throws IOException if the socket cannot be opened or connected, or {@code factory} fails
     */
    public static <C extends ChannelConnection> C connect(SocketAddress remote, Domain domain, StreamOptions options,
            Factory<C> factory) throws IOException {
        SocketChannel channel = Channels.connect(remote, domain, options);
        return Channels.orClose(channel, () -> factory.make(channel, domain, options));
    }

    /**
     * Makes the connection of a channel that {@code accept} returned, with the read timeout and
     * socket options of the listener's connection options (§4.3); closes the channel if that fails.
     *
     * @param <C> the provider's connection class
     * @param channel the channel {@code accept} returned, in blocking mode
     * @param domain the listener's domain
     * @param options the listener's connection options: timeouts and socket options
     * @param factory makes the provider's connection of {@code channel}
     * @return the accepted connection, open
     * @throws IOException if a socket option cannot be set, or {@code factory} fails
     */
    public static <C extends ChannelConnection> C accepted(SocketChannel channel, Domain domain, StreamOptions options,
            Factory<C> factory) throws IOException {
        return Channels.orClose(channel, () -> {
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            return factory.make(channel, domain, options);
        });
    }

    /**
     * Returns the channel under this connection.
     *
     * @return the channel, connected, which this connection closes
     */
    protected final SocketChannel channel() {
        return channel;
    }

    /**
     * One non-blocking {@code write(2)} of what the send buffer takes of {@code src} now, for
     * {@link #implWriteNow}: a channel in blocking mode is made non-blocking for that write, and blocking again
     * after ({@code fcntl(O_NONBLOCK)} twice; nothing on a virtual thread's channel, which the JDK keeps
     * non-blocking underneath). The JDK makes that switch wait for every read and write in progress in the
     * channel, so a model calls this only where none can be: with the connection's locks held, as
     * {@code implWriteNow} is called, and no thread of the model's own in the channel.
     *
     * @param src the bytes to write, from its position up to its limit
     * @return how many bytes went, 0 if the send buffer is full
     * @throws IOException if the system call fails
     */
    protected final int writeWithoutWaiting(ByteBuffer src) throws IOException {
        if (!channel.isBlocking()) {
            return channel.write(src);
        }
        channel.configureBlocking(false);
        try {
            return channel.write(src);
        } finally {
            channel.configureBlocking(true);
        }
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
