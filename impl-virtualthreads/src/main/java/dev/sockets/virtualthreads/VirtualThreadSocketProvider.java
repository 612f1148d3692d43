package dev.sockets.virtualthreads;

import dev.sockets.Capability;
import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Arguments;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Set;

/**
 * The provider {@code "virtualthreads"}: blocking calls, and a virtual thread per client.
 *
 * <h2>The model</h2>
 * The code has the shape of a blocking provider, POSIX calls that wait, but every thread it starts is virtual,
 * and every wait parks a virtual thread instead of holding a platform thread in the kernel:
 * <ul>
 *   <li>TCP uses {@link java.net.Socket} and {@link java.net.ServerSocket}, UDP {@link java.net.DatagramSocket};
 *       since JDK 21 their {@code NioSocketImpl} parks a virtual thread on the JDK's poller, with
 *       {@code SO_TIMEOUT} as a timed park.</li>
 *   <li>UNIX-domain streams use blocking {@link java.nio.channels.SocketChannel}s, the only UNIX-domain sockets
 *       of the JDK; they park virtual threads too. Channels have no timeouts; a read or accept with a timeout
 *       runs on a short-lived virtual thread of its own while the caller waits on a condition (no
 *       {@link java.nio.channels.Selector}: a select blocks its carrier), see {@code TimedCall}.</li>
 *   <li>{@link #serve} runs the accept loop on a virtual thread, and each handler on a virtual thread of its
 *       own: a handler blocked in {@code read} costs a parked virtual thread, a few hundred bytes of stack,
 *       not a platform thread. No platform thread is started anywhere, and no lock is {@code synchronized}
 *       (on Java 21 a virtual thread that blocks inside one pins its carrier): every lock is a
 *       {@link java.util.concurrent.locks.ReentrantLock}.</li>
 * </ul>
 * Its objects may also be used from platform threads, which then wait in the kernel as with any blocking
 * socket of the JDK.
 *
 * <h2>Capabilities</h2>
 * {@code AF_INET}, {@code AF_INET6} and {@code AF_UNIX} streams; {@code AF_INET} and {@code AF_INET6} datagrams
 * (the JDK has no UNIX-domain datagram sockets).
 */
public final class VirtualThreadSocketProvider implements SocketProvider {

    /** This provider's name, {@value}. */
    public static final String NAME = VirtualThreads.PROVIDER;

    private static final Set<Capability> CAPABILITIES = Set.of(
            Capability.of(Domain.INET, SocketType.STREAM),
            Capability.of(Domain.INET6, SocketType.STREAM),
            Capability.of(Domain.UNIX, SocketType.STREAM),
            Capability.of(Domain.INET, SocketType.DATAGRAM),
            Capability.of(Domain.INET6, SocketType.DATAGRAM));

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. It holds no resource. */
    public VirtualThreadSocketProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Connection connect(SocketAddress remote, StreamOptions options) throws IOException {
        Domain domain = Arguments.stream(this, remote, options);
        StreamSocket socket = domain == Domain.UNIX
                ? UnixSocket.connect((UnixDomainSocketAddress) remote, options)
                : TcpSocket.connect((InetSocketAddress) remote, options);
        return new StreamConnection(socket);
    }

    @Override
    public Listener listen(SocketAddress local, ListenOptions options) throws IOException {
        return open(local, options);
    }

    @Override
    public DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) throws IOException {
        Domain domain = Arguments.datagram(this, local, options);
        return UdpEndpoint.open((InetSocketAddress) local, domain, options);
    }

    /** Listens on {@code local}, then serves each connection on a virtual thread of its own (§12). */
    @Override
    public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException {
        Arguments.stream(this, local, options);
        Arguments.handler(handler);
        // The server accepts until it is closed: the accept timeout does not apply (ServerOptions).
        StreamListener listener = open(local, options.listenOptions().withAcceptTimeout(Duration.ZERO));
        return VirtualThreadServer.start(listener, handler, options);
    }

    private StreamListener open(SocketAddress local, ListenOptions options) throws IOException {
        Domain domain = Arguments.stream(this, local, options);
        ListeningSocket socket = domain == Domain.UNIX
                ? UnixListeningSocket.open((UnixDomainSocketAddress) local, options)
                : TcpListeningSocket.open((InetSocketAddress) local, options);
        return new StreamListener(socket);
    }

    @Override
    public String toString() {
        return "SocketProvider[" + NAME + "]";
    }
}
