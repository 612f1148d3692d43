package dev.sockets.virtualthreads;

import dev.sockets.spi.AbstractSocketProvider;
import dev.sockets.spi.ChannelConnection;
import dev.sockets.spi.ChannelDatagramEndpoint;
import dev.sockets.spi.ProviderThreads;
import java.util.concurrent.ThreadFactory;

/**
 * The provider {@code "virtualthreads"}: blocking calls, and a virtual thread per client.
 *
 * <h2>The model</h2>
 * The code has the shape of a blocking provider, POSIX calls that wait, but every thread it starts is virtual,
 * and every wait parks a virtual thread instead of holding a platform thread in the kernel:
 * <ul>
 *   <li>Every socket is a JDK channel in blocking mode ({@link java.nio.channels.SocketChannel},
 *       {@link java.nio.channels.ServerSocketChannel}, {@link java.nio.channels.DatagramChannel}): since JDK 21
 *       a virtual thread blocked in one is parked on the JDK's poller and its carrier runs other virtual
 *       threads. A call with a timeout goes through the channel's {@code java.net} adaptor
 *       ({@link java.net.Socket}, {@link java.net.ServerSocket}, {@link java.net.DatagramSocket}), whose
 *       {@code SO_TIMEOUT} is a timed park. UNIX-domain channels have no adaptor: a read or accept with a
 *       timeout runs on a short-lived virtual thread of its own while the caller waits on a condition, see
 *       {@code TimedCall}. No {@link java.nio.channels.Selector}: a select blocks its carrier.</li>
 *   <li>{@link #serve} runs the accept loop on a virtual thread, and each handler on a virtual thread of its
 *       own ({@link dev.sockets.spi.ServerLoop}): a handler blocked in {@code read} costs a parked virtual thread, not a
 *       platform thread. No platform thread is started anywhere, and no lock is {@code synchronized} (on
 *       Java 21 a virtual thread that blocks inside one pins its carrier).</li>
 * </ul>
 * Its objects may also be used from platform threads, which then wait in the kernel as with any blocking
 * channel. Channels rather than {@code java.net.Socket} because a channel is interruptible on either kind of
 * thread: an interrupt closes it and wakes the caller (§7.5), where a platform thread blocked in a
 * {@code java.net.Socket} would not wake.
 *
 * <h2>Datagrams</h2>
 * The core's {@link ChannelDatagramEndpoint}: a blocking {@code DatagramChannel}, in which a virtual thread
 * parks; a receive with a timeout goes through the channel's {@code DatagramSocket} adaptor, whose
 * {@code SO_TIMEOUT} is a timed park. Not a {@code TimedCall}: a receive left in flight after its caller timed
 * out would hold the channel's read lock, which {@code DatagramChannel.connect} waits for. The price, on Java 21
 * to 23 only: the adaptor's receive holds a monitor on its packet while it waits, so a timed receive pins its
 * carrier there (JEP 491 ended that in Java 24).
 *
 * <h2>Capabilities</h2>
 * {@code AF_INET}, {@code AF_INET6} and {@code AF_UNIX} streams; {@code AF_INET} and {@code AF_INET6} datagrams
 * (the JDK has no UNIX-domain datagram channels).
 */
public final class VirtualThreadSocketProvider extends AbstractSocketProvider {

    /** This provider's name, {@value}: the middle of every thread name, {@code sockets-virtualthreads-…}. */
    public static final String NAME = "virtualthreads";

    /** Shared by every server, so that thread numbers are unique in the process. */
    private static final ThreadFactory ACCEPT_THREADS = ProviderThreads.virtual(NAME, "accept");
    private static final ThreadFactory HANDLER_THREADS = ProviderThreads.virtual(NAME, "handler");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. It holds no resource. */
    public VirtualThreadSocketProvider() {
        super(NAME, JDK_CAPABILITIES, new Model(
                (remote, domain, options) -> ChannelConnection.connect(remote, domain, options, VirtualThreadConnection::new),
                VirtualThreadListener::open,
                ChannelDatagramEndpoint::open,
                ACCEPT_THREADS, HANDLER_THREADS));
    }
}
