package dev.sockets.posix;

import dev.sockets.Capability;
import dev.sockets.Connection;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.RawEndpoint;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.spi.AbstractSocketProvider;
import dev.sockets.spi.Arguments;
import dev.sockets.spi.Errors;
import dev.sockets.spi.ProviderThreads;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * The posix provider, {@code "posix"}: the seed's own calls, {@code socket}, {@code bind},
 * {@code listen}, {@code accept}, {@code connect}, {@code read}, {@code write} and {@code close},
 * made through the Foreign Function and Memory API ({@code java.lang.foreign}, Java 22), with no
 * native code to build or ship and no {@code java.net} or {@code java.nio.channels} socket underneath.
 *
 * <h2>What it serves</h2>
 * Every cell of the seed's table of domains and types where the kernel has one: streams and
 * datagrams over {@code AF_INET}, {@code AF_INET6} and {@code AF_UNIX}, and raw sockets over
 * {@code AF_INET} and {@code AF_INET6} ({@link #openRaw}, with {@code CAP_NET_RAW}): UNIX-domain
 * datagrams and raw sockets are what the JDK has not. {@code AF_UNIX SOCK_RAW} is refused with the
 * truth: Linux makes it a datagram socket.
 * {@code AF_UNIX SOCK_SEQPACKET} (records over a connection, §15) and the peer's credentials of a
 * UNIX-domain connection ({@code SO_PEERCRED}, as {@link jdk.net.ExtendedSocketOptions#SO_PEERCRED})
 * go beyond the seed. On Linux for x86-64 and aarch64 only: elsewhere its constants would be
 * wrong, so it declares no capability and every operation says why ({@link Platform}).
 *
 * <h2>Its model</h2>
 * The seed's: blocking calls on the calling thread, and a platform thread per client in
 * {@link #serve}, the core's server loop ({@link AbstractSocketProvider}; threads
 * {@code sockets-posix-accept-1}, {@code sockets-posix-handler-N}). The descriptors
 * are non-blocking underneath so that a wait can have a timeout and be ended by {@code close} or an
 * interrupt: a caller that must wait does so in {@code poll(2)} on its socket, which a close from
 * another thread shuts down to wake it (see {@link Descriptor}). {@code errno} is captured with each call and mapped to
 * the exceptions of SPEC.md in one table ({@link Errno}); {@code SIGPIPE} is never raised
 * ({@code MSG_NOSIGNAL}).
 *
 * <h2>Running it</h2>
 * Downcalls are restricted methods: run with {@code --enable-native-access=dev.sockets.posix} (module
 * path) or {@code --enable-native-access=ALL-UNNAMED} (class path), or the JDK prints a warning (and a
 * later JDK may refuse). On Java 21 the jar cannot load; {@link dev.sockets.Sockets} then skips it,
 * with the reason logged, and finds the others.
 *
 * <h2>Linux's abstract namespace</h2>
 * A {@link UnixDomainSocketAddress} whose path starts with {@code "@"} names a socket in Linux's
 * abstract namespace, as in Go's {@code net} package: {@code "@demo"} binds {@code sun_path} =
 * {@code "\0demo"}, with no file; see {@link #abstractAddress(String)}.
 */
public final class PosixSocketProvider extends AbstractSocketProvider {

    /** The name of this provider, the value of {@code dev.sockets.provider} that selects it. */
    public static final String NAME = "posix";

    private static final Set<Capability> CAPABILITIES = Platform.supported()
            ? Set.of(
                    Capability.of(Domain.INET, SocketType.STREAM),
                    Capability.of(Domain.INET6, SocketType.STREAM),
                    Capability.of(Domain.UNIX, SocketType.STREAM),
                    Capability.of(Domain.INET, SocketType.DATAGRAM),
                    Capability.of(Domain.INET6, SocketType.DATAGRAM),
                    Capability.of(Domain.UNIX, SocketType.DATAGRAM),
                    Capability.of(Domain.INET, SocketType.RAW),
                    Capability.of(Domain.INET6, SocketType.RAW),
                    Capability.of(Domain.UNIX, SocketType.SEQPACKET))
            : Set.of();

    /**
     * Why {@code AF_UNIX SOCK_RAW} is refused: Linux accepts {@code socket(AF_UNIX, SOCK_RAW, 0)} but
     * makes it a datagram socket ({@code net/unix/af_unix.c}: "SOCK_RAW ... fall through to
     * SOCK_DGRAM"; {@code getsockopt(SO_TYPE)} then says 2, SOCK_DGRAM). Handing that out as a raw
     * socket would be a lie; it is what {@link #openDatagram} gives (§14.4).
     */
    static final String UNIX_RAW_IS_DATAGRAM = "Linux makes AF_UNIX SOCK_RAW a SOCK_DGRAM socket"
            + " (getsockopt SO_TYPE says SOCK_DGRAM): use openDatagram with a UnixDomainSocketAddress";

    /** Why SOCK_SEQPACKET is refused over IP. */
    private static final String SEQPACKET_OVER_IP = "over IP it is SCTP's, which this provider does not speak; AF_UNIX has it";

    /** Shared by every server, so that thread numbers are unique in the process. */
    private static final ThreadFactory ACCEPT_THREADS = ProviderThreads.platform(NAME, "accept");
    private static final ThreadFactory HANDLER_THREADS = ProviderThreads.platform(NAME, "handler");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. It holds no resources. */
    public PosixSocketProvider() {
        super(NAME, CAPABILITIES, new Model(
                (remote, domain, options) -> PosixConnection.connect(remote, domain, Libc.SOCK_STREAM, options),
                (local, domain, options) -> PosixListener.listen(local, domain, Libc.SOCK_STREAM, options),
                PosixDatagramEndpoint::open,
                ACCEPT_THREADS, HANDLER_THREADS));
    }

    /**
     * Returns the address of {@code name} in Linux's abstract namespace: a UNIX-domain address whose
     * path is {@code "@" + name}, which this provider binds and connects to as {@code "\0" + name}.
     *
     * @param name the name, without the {@code "@"}
     * @return the address {@code "@" + name}
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public static UnixDomainSocketAddress abstractAddress(String name) {
        if (Objects.requireNonNull(name, "name").isEmpty()) {
            throw Errors.emptyAbstractName();
        }
        return UnixDomainSocketAddress.of(SockAddr.ABSTRACT_PREFIX + name);
    }

    /**
     * As {@link AbstractSocketProvider}'s, with the reasons of this provider: none of its cells off
     * Linux on x86-64 or aarch64 ({@link Platform}), no {@code SOCK_SEQPACKET} over IP, and no
     * {@code AF_UNIX SOCK_RAW}, which Linux makes a datagram socket (§14.4).
     */
    @Override
    public void checkSupported(Domain domain, SocketType type) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(type, "type");
        if (!Platform.supported()) {
            throw Errors.unsupported(domain, type, NAME, Platform.UNSUPPORTED.orElseThrow());
        }
        if (domain != Domain.UNIX && type == SocketType.SEQPACKET) {
            throw Errors.unsupported(domain, type, NAME, SEQPACKET_OVER_IP);
        }
        if (domain == Domain.UNIX && type == SocketType.RAW) {
            throw Errors.unsupported(domain, type, NAME, UNIX_RAW_IS_DATAGRAM);
        }
        super.checkSupported(domain, type);
    }

    /**
     * {@code SOCK_STREAM}, or {@code SOCK_SEQPACKET} over {@code AF_UNIX}: one record per write and per
     * read (§15).
     */
    @Override
    public Connection connect(SocketAddress remote, SocketType type, StreamOptions options) throws IOException {
        Domain domain = Arguments.socket(this, remote, options, connectionOriented(type));
        return PosixConnection.connect(remote, domain, socketType(type), options);
    }

    /** {@code SOCK_STREAM}, or {@code SOCK_SEQPACKET} over {@code AF_UNIX} (§15). */
    @Override
    public Listener listen(SocketAddress local, SocketType type, ListenOptions options) throws IOException {
        Domain domain = Arguments.socket(this, local, options, connectionOriented(type));
        return PosixListener.listen(local, domain, socketType(type), options);
    }

    private static SocketType connectionOriented(SocketType type) {
        Objects.requireNonNull(type, "type");
        if (type != SocketType.STREAM && type != SocketType.SEQPACKET) {
            throw Errors.notConnectionOriented(type);
        }
        return type;
    }

    private static int socketType(SocketType type) {
        return type == SocketType.SEQPACKET ? Libc.SOCK_SEQPACKET : Libc.SOCK_STREAM;
    }

    /**
     * {@code socket(AF_INET*, SOCK_RAW, protocol)}; see {@link RawEndpoint} for what is sent and
     * received. Needs {@code CAP_NET_RAW}: without it, fails at once saying so (§14.2).
     */
    @Override
    public RawEndpoint openRaw(Domain domain, int protocol, DatagramOptions options) throws IOException {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(options, "options");
        checkSupported(domain, SocketType.RAW);
        if (protocol < 1 || protocol > 255) {
            throw Errors.rawProtocolOutOfRange(protocol);
        }
        return PosixRawEndpoint.open(domain, protocol, options);
    }
}
