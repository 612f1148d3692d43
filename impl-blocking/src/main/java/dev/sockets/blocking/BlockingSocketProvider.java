package dev.sockets.blocking;

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
 * The blocking provider, {@code "blocking"}: every call blocks the calling platform thread in the
 * kernel, as the POSIX calls it maps to do on a blocking descriptor.
 *
 * <table>
 *   <caption>What carries each kind of socket</caption>
 *   <tr><th>POSIX</th><th>JDK</th></tr>
 *   <tr><td>{@code AF_INET}/{@code AF_INET6} {@code SOCK_STREAM}: {@code connect}, {@code read}, {@code write}</td>
 *       <td>{@link java.net.Socket}</td></tr>
 *   <tr><td>{@code AF_INET}/{@code AF_INET6} {@code SOCK_STREAM}: {@code bind}, {@code listen}, {@code accept}</td>
 *       <td>{@link java.net.ServerSocket}</td></tr>
 *   <tr><td>{@code AF_UNIX} {@code SOCK_STREAM}</td>
 *       <td>{@link java.nio.channels.SocketChannel} and {@link java.nio.channels.ServerSocketChannel}
 *       in blocking mode ({@code java.net.Socket} has no UNIX domain)</td></tr>
 *   <tr><td>{@code AF_INET}/{@code AF_INET6} {@code SOCK_DGRAM}</td><td>{@link java.net.DatagramSocket}</td></tr>
 * </table>
 *
 * <p>Read and accept timeouts are {@code SO_TIMEOUT} on the {@code java.net} sockets. UNIX-domain
 * channels have none, so a UNIX-domain connection or listener made with a timeout waits in
 * {@code poll(2)} on its own descriptor (a private one-channel selector, never shared) instead of in
 * {@code read(2)} or {@code accept(2)}. There is no event loop: nothing happens on a socket unless a
 * caller's thread is in a call on it.
 *
 * <p>{@link #serve} runs the server loop on platform threads: one accepts, and each client gets a
 * thread of its own that runs the handler ({@code sockets-blocking-accept-N},
 * {@code sockets-blocking-handler-N}). Supports streams over IPv4, IPv6 and UNIX-domain addresses,
 * and datagrams over IPv4 and IPv6; the JDK has no UNIX-domain datagrams and no raw sockets.
 */
public final class BlockingSocketProvider implements SocketProvider {

    /** The name of this provider, the value of {@code dev.sockets.provider} that selects it. */
    static final String NAME = "blocking";

    private static final Set<Capability> CAPABILITIES = Set.of(
            Capability.of(Domain.INET, SocketType.STREAM),
            Capability.of(Domain.INET6, SocketType.STREAM),
            Capability.of(Domain.UNIX, SocketType.STREAM),
            Capability.of(Domain.INET, SocketType.DATAGRAM),
            Capability.of(Domain.INET6, SocketType.DATAGRAM));

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. It holds no resources. */
    public BlockingSocketProvider() {
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
        return domain == Domain.UNIX
                ? UnixConnection.connect((UnixDomainSocketAddress) remote, options)
                : TcpConnection.connect((InetSocketAddress) remote, options);
    }

    @Override
    public Listener listen(SocketAddress local, ListenOptions options) throws IOException {
        Domain domain = Arguments.stream(this, local, options);
        return domain == Domain.UNIX
                ? UnixListener.listen((UnixDomainSocketAddress) local, options)
                : TcpListener.listen((InetSocketAddress) local, options);
    }

    @Override
    public DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) throws IOException {
        Domain domain = Arguments.datagram(this, local, options);
        return UdpEndpoint.open((InetSocketAddress) local, domain, options);
    }

    /**
     * Listens on {@code local} and serves each client on a platform thread of its own; see the class
     * comment. An address in use throws {@link java.net.BindException} before any thread starts.
     */
    @Override
    public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException {
        Arguments.stream(this, local, options);
        Arguments.handler(handler);
        // The server accepts until it is closed: an accept timeout would only wake its thread for nothing.
        Listener listener = listen(local, options.listenOptions().withAcceptTimeout(Duration.ZERO));
        return ThreadPerClientServer.start(listener, handler, options);
    }

    @Override
    public String toString() {
        return "BlockingSocketProvider[" + NAME + "]";
    }
}
