package dev.sockets.blocking;

import dev.sockets.spi.AbstractSocketProvider;
import dev.sockets.spi.ChannelConnection;
import dev.sockets.spi.ChannelDatagramEndpoint;
import dev.sockets.spi.ProviderThreads;
import java.util.concurrent.ThreadFactory;

/**
 * The blocking provider, {@code "blocking"}: every call blocks the calling platform thread in the
 * kernel, as the POSIX call it maps to does on a blocking descriptor. The state machines are the
 * core's ({@code dev.sockets.spi}); this provider supplies how bytes move and how a caller waits.
 *
 * <table>
 *   <caption>What carries each kind of socket, and how a timed call waits</caption>
 *   <tr><th>POSIX</th><th>JDK</th><th>a call with a timeout</th></tr>
 *   <tr><td>{@code AF_INET}/{@code AF_INET6} {@code SOCK_STREAM}</td>
 *       <td>{@link java.nio.channels.SocketChannel}, {@link java.nio.channels.ServerSocketChannel}</td>
 *       <td>{@code SO_TIMEOUT} of the channel's {@link java.net.Socket} / {@link java.net.ServerSocket} adaptor</td></tr>
 *   <tr><td>{@code AF_INET}/{@code AF_INET6} {@code SOCK_DGRAM}</td>
 *       <td>{@link java.nio.channels.DatagramChannel}</td>
 *       <td>{@code SO_TIMEOUT} of its {@link java.net.DatagramSocket} adaptor</td></tr>
 *   <tr><td>{@code AF_UNIX} {@code SOCK_STREAM}</td>
 *       <td>{@code SocketChannel}, {@code ServerSocketChannel}</td>
 *       <td>{@code poll(2)} on its one descriptor (they have no adaptor)</td></tr>
 * </table>
 *
 * <h2>Why channels in blocking mode, and not {@code java.net} sockets made directly</h2>
 * A {@code java.net.Socket}, {@code ServerSocket} or {@code DatagramSocket} made with its own
 * constructor ignores {@link Thread#interrupt()} on a platform thread: a thread blocked in its
 * {@code read}, {@code accept} or {@code receive} stays blocked, and SPEC.md §7.5 wants it woken and
 * the socket closed. A channel in blocking mode is interruptible, and so are the {@code java.net}
 * objects it hands out as {@code socket()}: they are adaptors whose calls go through the channel.
 * So every socket here is a channel in blocking mode; a call without a timeout is the channel's own
 * (which reads into direct buffers with no copy), and a call with one goes through the adaptor,
 * whose {@code SO_TIMEOUT} (a field of the adaptor, set per call to the time left, no system call)
 * is the only timed wait the JDK offers on a blocking channel. Both throw
 * {@link java.nio.channels.ClosedByInterruptException} when interrupted.
 *
 * <p>UNIX-domain channels have no adaptor ({@code socket()} throws). Without a timeout they block in
 * {@code read(2)} and {@code accept(2)}; with one, the channel is non-blocking for good and the caller
 * waits in a {@link ChannelPoll}, {@code poll(2)} on that one descriptor. That is the only
 * {@link java.nio.channels.Selector} of this provider: no event loop, nothing happens on a socket
 * unless a caller's thread is in a call on it.
 *
 * <p>{@link #serve} runs the core's server loop on platform threads: one accepts
 * ({@code sockets-blocking-accept-N}), and each client gets a thread of its own that runs the
 * handler ({@code sockets-blocking-handler-N}). Supports streams over IPv4, IPv6 and UNIX-domain
 * addresses, and datagrams over IPv4 and IPv6; the JDK has no UNIX-domain datagrams and no raw
 * sockets.
 */
public final class BlockingSocketProvider extends AbstractSocketProvider {

    /** The name of this provider, the value of {@code dev.sockets.provider} that selects it. */
    public static final String NAME = "blocking";

    /** Shared by every server, so that thread numbers are unique in the process. */
    private static final ThreadFactory ACCEPT_THREADS = ProviderThreads.platform(NAME, "accept");
    private static final ThreadFactory HANDLER_THREADS = ProviderThreads.platform(NAME, "handler");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. It holds no resources. */
    public BlockingSocketProvider() {
        super(NAME, JDK_CAPABILITIES, new Model(
                (remote, domain, options) -> ChannelConnection.connect(remote, domain, options, BlockingConnection::new),
                BlockingListener::listen,
                ChannelDatagramEndpoint::open,
                ACCEPT_THREADS, HANDLER_THREADS));
    }
}
