package dev.sockets;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Set;

/**
 * An implementation of the socket primitives: the entry point of the API and the service
 * interface that implementations provide.
 *
 * <p>Each method maps to a sequence of POSIX calls:
 * <table>
 *   <caption>POSIX calls and their methods</caption>
 *   <tr><th>POSIX</th><th>Method</th></tr>
 *   <tr><td>{@code socket(AF_*, SOCK_STREAM, 0)}, {@code connect}</td><td>{@link #connect}</td></tr>
 *   <tr><td>{@code socket}, {@code bind}, {@code listen}</td><td>{@link #listen}</td></tr>
 *   <tr><td>{@code socket(AF_*, SOCK_DGRAM, 0)}, {@code bind}</td><td>{@link #openDatagram}</td></tr>
 *   <tr><td>{@code socket}, {@code bind}, {@code listen}, then {@code while (1) { nv = accept(sv); do_operation(nv); }}</td>
 *       <td>{@link #serve}</td></tr>
 * </table>
 * The domain ({@code AF_INET}, {@code AF_INET6}, {@code AF_UNIX}) is the one of the address
 * passed, see {@link Domain#of}.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} and chosen with
 * {@link Sockets#provider()}. They are thread-safe and stateless from the caller's point of view:
 * every object they return is independent of the others. Every thread a provider starts is named
 * {@code "sockets-" + name() + "-…"}, so that a test can tell when one is left behind (§13.2).
 *
 * <p>The contract of every method is written down as numbered rules in {@code SPEC.md}, and the
 * conformance kit ({@code dev.sockets.conformance}) checks them.
 */
public interface SocketProvider {

    /** Why {@link SocketType#RAW} is refused by the providers built on the JDK (§1.3). */
    String RAW_UNSUPPORTED = "SOCK_RAW is not supported: the JDK has no raw sockets";

    /**
     * Returns this provider's name, the value that selects it in the system property
     * {@code dev.sockets.provider}: lower case, such as {@code "blocking"} or {@code "nio"} (§1.1).
     *
     * @return the name, the same on every call and every instance
     */
    String name();

    /**
     * Returns the combinations of domain and type this provider supports (§1.2); RAW only where it can (§1.3).
     *
     * @return the capabilities, the same on every call
     */
    Set<Capability> capabilities();

    /**
     * Returns whether this provider supports sockets of {@code domain} and {@code type} (§1.2).
     *
     * @param domain the communication domain
     * @param type the socket type
     * @return whether {@link #capabilities()} holds the pair; false for {@link SocketType#RAW}
     */
    default boolean supports(Domain domain, SocketType type) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(type, "type");
        return capabilities().contains(Capability.of(domain, type));
    }

    /**
     * Checks that {@code socket(domain, type, 0)} would succeed with this provider.
     *
     * @param domain the communication domain
     * @param type the socket type
     * @throws UnsupportedOperationException naming the combination and why it is refused, if this
     *     provider does not support it; for {@link SocketType#RAW}, {@link #RAW_UNSUPPORTED} (§1.3)
     */
    default void checkSupported(Domain domain, SocketType type) {
        if (supports(domain, type)) {
            return;
        }
        if (type == SocketType.RAW) {
            throw new UnsupportedOperationException("§1.3: " + RAW_UNSUPPORTED);
        }
        String why = domain == Domain.UNIX && type == SocketType.DATAGRAM
                ? ": the JDK has no UNIX-domain datagram sockets"
                : type == SocketType.SEQPACKET ? ": the JDK has no SOCK_SEQPACKET sockets" : "";
        throw new UnsupportedOperationException(
                "§1.2: " + domain.posixName() + " " + type.posixName() + " is not supported by provider '" + name() + "'" + why);
    }

    /**
     * Opens a stream socket of the address's domain and connects it to {@code remote}: POSIX
     * {@code socket(AF_*, SOCK_STREAM, 0)} then {@code connect}.
     *
     * @param remote where to connect; an {@link java.net.InetSocketAddress} or a
     *     {@link java.net.UnixDomainSocketAddress}
     * @param options the connect timeout, the read timeout and the socket options of the connection
     * @return the connected connection
     * @throws java.net.ConnectException if nothing listens at {@code remote}: "Connection refused: 127.0.0.1:4321" (§3.2)
     * @throws java.net.SocketTimeoutException if the connect timeout passes first (§3.3)
     * @throws UnsupportedOperationException if this provider does not support the domain, or a socket
     *     option of {@code options} does not apply to it (§1.2, §10.2)
     * @throws IllegalArgumentException if {@code remote} is unresolved, of an unknown type, or a
     *     UNIX-domain path too long for the platform (§2.2, §2.3)
     * @throws IOException if the connection fails for another reason
     */
    Connection connect(SocketAddress remote, StreamOptions options) throws IOException;

    /**
     * Same as {@link #connect(SocketAddress, StreamOptions)} with {@link StreamOptions#defaults()}.
     *
     * @param remote where to connect
     * @return the connected connection
     * @throws IOException as {@link #connect(SocketAddress, StreamOptions)}
     */
    default Connection connect(SocketAddress remote) throws IOException {
        return connect(remote, StreamOptions.defaults());
    }

    /**
     * Opens a stream socket, binds it to {@code local} and listens on it: POSIX {@code socket},
     * {@code bind} and {@code listen(fd, backlog)}. Java binds and listens in one step
     * ({@code ServerSocket.bind(address, backlog)}), and so does this method: there is no state in
     * which a socket is bound but not listening.
     *
     * <p>Port 0 of an internet address binds an ephemeral port; {@link Listener#localAddress()} tells
     * which. A UNIX-domain listener creates its socket file and removes it when it closes (§4.5).
     *
     * @param local the address to bind; an {@link java.net.InetSocketAddress} or a
     *     {@link java.net.UnixDomainSocketAddress}
     * @param options the backlog, the accept timeout, and the socket options of the listener and of
     *     the connections it accepts
     * @return the listening listener
     * @throws java.net.BindException if the address is in use: "Address already in use: 127.0.0.1:4321" (§4.2)
     * @throws UnsupportedOperationException if this provider does not support the domain, or a socket
     *     option of {@code options} does not apply to it (§1.2, §10.2)
     * @throws IllegalArgumentException as for {@link #connect}
     * @throws IOException if binding or listening fails for another reason
     */
    Listener listen(SocketAddress local, ListenOptions options) throws IOException;

    /**
     * Same as {@link #listen(SocketAddress, ListenOptions)} with {@link ListenOptions#defaults()}.
     *
     * @param local the address to bind
     * @return the listening listener
     * @throws IOException as {@link #listen(SocketAddress, ListenOptions)}
     */
    default Listener listen(SocketAddress local) throws IOException {
        return listen(local, ListenOptions.defaults());
    }

    /**
     * Opens a datagram socket bound to {@code local}: POSIX {@code socket(AF_*, SOCK_DGRAM, 0)} and
     * {@code bind}.
     *
     * @param local the address to bind, an {@link java.net.InetSocketAddress}; port 0 for an ephemeral one
     * @param options the receive timeout and the socket options of the endpoint
     * @return the bound endpoint
     * @throws java.net.BindException if the address is in use (§11.1)
     * @throws UnsupportedOperationException if this provider does not support datagrams in the
     *     address's domain (UNIX-domain datagrams: the JDK has none) (§1.2)
     * @throws IllegalArgumentException as for {@link #connect}
     * @throws IOException if binding fails for another reason
     */
    DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) throws IOException;

    /**
     * Same as {@link #openDatagram(SocketAddress, DatagramOptions)} with {@link DatagramOptions#defaults()}.
     *
     * @param local the address to bind
     * @return the bound endpoint
     * @throws IOException as {@link #openDatagram(SocketAddress, DatagramOptions)}
     */
    default DatagramEndpoint openDatagram(SocketAddress local) throws IOException {
        return openDatagram(local, DatagramOptions.defaults());
    }

    /**
     * Opens a connection-oriented socket of {@code type} and connects it: POSIX
     * {@code socket(AF_*, type, 0)} then {@code connect}. {@link SocketType#STREAM} is
     * {@link #connect(SocketAddress, StreamOptions)}; {@link SocketType#SEQPACKET} ({@code AF_UNIX},
     * where declared) gives a {@link Connection} whose every {@code write} is one record and every
     * {@code read} returns one record, cut to the buffer if it is larger (§15).
     *
     * @param remote where to connect, as {@link #connect(SocketAddress, StreamOptions)}
     * @param type {@link SocketType#STREAM} or {@link SocketType#SEQPACKET}
     * @param options the connect timeout, the read timeout and the socket options of the connection
     * @return the connected connection
     * @throws UnsupportedOperationException if this provider does not support {@code type} in the
     *     address's domain, or {@code type} is not connection-oriented (§1.2)
     * @throws IOException as {@link #connect(SocketAddress, StreamOptions)}
     */
    default Connection connect(SocketAddress remote, SocketType type, StreamOptions options) throws IOException {
        Objects.requireNonNull(type, "type");
        if (type == SocketType.STREAM) {
            return connect(remote, options);
        }
        checkSupported(Domain.of(remote), type);
        throw new UnsupportedOperationException("§1.2: provider '" + name() + "' cannot connect a " + type.posixName() + " socket");
    }

    /**
     * Opens a connection-oriented socket of {@code type}, binds it and listens: POSIX
     * {@code socket(AF_*, type, 0)}, {@code bind}, {@code listen}. {@link SocketType#STREAM} is
     * {@link #listen(SocketAddress, ListenOptions)}; the connections a {@link SocketType#SEQPACKET}
     * listener accepts keep record boundaries (§15).
     *
     * @param local the address to bind, as {@link #listen(SocketAddress, ListenOptions)}
     * @param type {@link SocketType#STREAM} or {@link SocketType#SEQPACKET}
     * @param options the backlog, the accept timeout, and the socket options of the listener and of the
     *     connections it accepts
     * @return the listening listener
     * @throws UnsupportedOperationException as {@link #connect(SocketAddress, SocketType, StreamOptions)}
     * @throws IOException as {@link #listen(SocketAddress, ListenOptions)}
     */
    default Listener listen(SocketAddress local, SocketType type, ListenOptions options) throws IOException {
        Objects.requireNonNull(type, "type");
        if (type == SocketType.STREAM) {
            return listen(local, options);
        }
        checkSupported(Domain.of(local), type);
        throw new UnsupportedOperationException("§1.2: provider '" + name() + "' cannot listen on a " + type.posixName() + " socket");
    }

    /**
     * Opens a raw socket for IP protocol {@code protocol} in {@code domain}: POSIX
     * {@code socket(AF_INET*, SOCK_RAW, protocol)}. Its endpoint sends and receives packets of that
     * protocol (§14); the kernel adds the IP header of what is sent. Not bound: it receives every
     * packet of the protocol that reaches this host.
     *
     * <p>Only a provider that declares {@code RAW} for the domain can; the default refuses, as the
     * JDK-based providers must (§1.3).
     *
     * @param domain {@link Domain#INET} or {@link Domain#INET6}
     * @param protocol the IP protocol number, 1 to 255 ({@code IPPROTO_ICMP} is 1, {@code IPPROTO_ICMPV6} 58)
     * @param options the receive timeout and socket options ({@code SO_RCVBUF}, {@code SO_SNDBUF})
     * @return the open raw endpoint
     * @throws UnsupportedOperationException if this provider does not support raw sockets in {@code domain} (§1.3, §14.4)
     * @throws java.net.SocketException "Operation not permitted: SOCK_RAW needs CAP_NET_RAW…" if the
     *     process lacks the privilege (§14.2)
     * @throws IllegalArgumentException if {@code protocol} is out of range
     * @throws IOException if the socket cannot be opened for another reason
     */
    default RawEndpoint openRaw(Domain domain, int protocol, DatagramOptions options) throws IOException {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(options, "options");
        checkSupported(domain, SocketType.RAW);
        throw new UnsupportedOperationException("§1.3: provider '" + name() + "' declares " + domain.posixName()
                + " SOCK_RAW but does not implement openRaw");
    }

    /**
     * Same as {@link #openRaw(Domain, int, DatagramOptions)} with {@link DatagramOptions#defaults()}.
     *
     * @param domain {@link Domain#INET} or {@link Domain#INET6}
     * @param protocol the IP protocol number, 1 to 255
     * @return the open raw endpoint
     * @throws IOException as {@link #openRaw(Domain, int, DatagramOptions)}
     */
    default RawEndpoint openRaw(Domain domain, int protocol) throws IOException {
        return openRaw(domain, protocol, DatagramOptions.defaults());
    }

    /**
     * Listens on {@code local} and runs the server loop of POSIX,
     * {@code while (1) { nv = accept(sv); do_operation(nv); close(nv); }}, in this provider's model:
     * every accepted connection is passed to {@code handler}, and closed when the handler returns or
     * throws. The server accepts before this method returns.
     *
     * @param local the address to listen on
     * @param handler what to do with each connection; may block
     * @param options how to listen, how many connections at once, how long to let handlers finish on close
     * @return the running server
     * @throws java.net.BindException if the address is in use (§12.1)
     * @throws UnsupportedOperationException if this provider does not support streams in the address's domain (§1.2)
     * @throws IllegalArgumentException as for {@link #connect}
     * @throws IOException if binding or listening fails for another reason
     */
    Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException;

    /**
     * Same as {@link #serve(SocketAddress, ConnectionHandler, ServerOptions)} with {@link ServerOptions#defaults()}.
     *
     * @param local the address to listen on
     * @param handler what to do with each connection; may block
     * @return the running server
     * @throws IOException as {@link #serve(SocketAddress, ConnectionHandler, ServerOptions)}
     */
    default Server serve(SocketAddress local, ConnectionHandler handler) throws IOException {
        return serve(local, handler, ServerOptions.defaults());
    }

    /**
     * Listens on {@code local} and serves every accepted connection event-driven (SPEC.md §16): each
     * gets an {@link EventConnection}, and {@code handler}'s callbacks, on the connection's own thread,
     * are called when it opens, when bytes arrive, when the peer shuts its output down, when the write
     * queue fell below its low mark, when it is idle, and once when it is closed. The limits of
     * {@code options} apply as to {@link #serve}: {@code maxConnections} (§12.3), the shutdown timeout
     * (§12.6, connections still open then are aborted), the idle timeout (§16.7), and the water marks of
     * each connection's write queue (§16.4).
     *
     * <p>By default ({@link dev.sockets.spi.ThreadedEvents#serve}) each connection runs on two virtual
     * threads of its own over this provider's blocking-style connections; a provider with a model of its
     * own (an event loop) overrides this.
     *
     * @param local the address to listen on
     * @param handler the callbacks of every connection; called for many connections at once, never twice at once for one
     * @param options how to listen, how many connections at once, the shutdown and idle timeouts, the water marks
     * @return the running server
     * @throws java.net.BindException if the address is in use (§12.1)
     * @throws UnsupportedOperationException if this provider does not support streams in the address's domain (§1.2)
     * @throws IllegalArgumentException as for {@link #connect}
     * @throws IOException if binding or listening fails for another reason
     */
    default Server serveEvents(SocketAddress local, EventHandler handler, ServerOptions options) throws IOException {
        return dev.sockets.spi.ThreadedEvents.serve(this, local, handler, options);
    }

    /**
     * Same as {@link #serveEvents(SocketAddress, EventHandler, ServerOptions)} with {@link ServerOptions#defaults()}.
     *
     * @param local the address to listen on
     * @param handler the callbacks of every connection
     * @return the running server
     * @throws IOException as {@link #serveEvents(SocketAddress, EventHandler, ServerOptions)}
     */
    default Server serveEvents(SocketAddress local, EventHandler handler) throws IOException {
        return serveEvents(local, handler, ServerOptions.defaults());
    }

    /**
     * Connects to {@code remote} as {@link #connect(SocketAddress, StreamOptions)} does, then drives the
     * connection event-driven (SPEC.md §16): {@code handler}'s {@link EventHandler#onOpen} comes first, on
     * the connection's own thread. A client has no idle timeout: {@link EventHandler#onIdle} is not called.
     *
     * @param remote where to connect
     * @param options the connect timeout and the socket options (its read timeout does not apply)
     * @param waterMarks the bounds of the connection's write queue (§16.4)
     * @param handler the callbacks
     * @return the connection, open
     * @throws java.net.ConnectException if nothing listens at {@code remote} (§3.2)
     * @throws IOException as {@link #connect(SocketAddress, StreamOptions)}
     */
    default EventConnection connectEvents(SocketAddress remote, StreamOptions options, WaterMarks waterMarks,
            EventHandler handler) throws IOException {
        return dev.sockets.spi.ThreadedEvents.connect(this, remote, options, waterMarks, handler);
    }
}
