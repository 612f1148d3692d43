package dev.sockets.posix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.net.StandardSocketOptions.IP_TOS;
import static java.net.StandardSocketOptions.SO_BROADCAST;
import static java.net.StandardSocketOptions.SO_KEEPALIVE;
import static java.net.StandardSocketOptions.SO_LINGER;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_REUSEADDR;
import static java.net.StandardSocketOptions.SO_REUSEPORT;
import static java.net.StandardSocketOptions.SO_SNDBUF;
import static java.net.StandardSocketOptions.TCP_NODELAY;

import dev.sockets.Domain;
import dev.sockets.spi.Errors;
import dev.sockets.spi.SocketOptionSupport;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketOption;
import java.nio.file.FileSystems;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Map;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The socket options, {@code setsockopt(2)} and {@code getsockopt(2)} by their JDK names
 * ({@link java.net.StandardSocketOptions}): which ones each kind of socket has (the JDK's own sets
 * for the same kinds, so that every provider offers the same), and their levels, numbers and C types.
 */
final class PosixOptions {

    /** {@code SO_LINGER}'s longest timeout, as the JDK caps it: {@code l_linger} is seconds in 16 bits on some systems. */
    private static final int MAX_LINGER = 65_535;

    private static final Set<SocketOption<?>> TCP = Set.of(SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, SO_REUSEADDR, SO_REUSEPORT,
            SO_LINGER, TCP_NODELAY, IP_TOS);
    private static final Set<SocketOption<?>> UNIX_STREAM = Set.of(SO_SNDBUF, SO_RCVBUF, SO_LINGER, ExtendedSocketOptions.SO_PEERCRED);
    private static final Set<SocketOption<?>> TCP_LISTENER = Set.of(SO_RCVBUF, SO_REUSEADDR, SO_REUSEPORT);
    private static final Set<SocketOption<?>> UNIX_LISTENER = Set.of(SO_RCVBUF);
    private static final Set<SocketOption<?>> UDP = Set.of(SO_SNDBUF, SO_RCVBUF, SO_REUSEADDR, SO_REUSEPORT, SO_BROADCAST, IP_TOS);
    private static final Set<SocketOption<?>> UNIX_DATAGRAM = Set.of(SO_SNDBUF, SO_RCVBUF);

    private static final Map<Domain, SocketOptionSupport> CONNECTIONS = Map.of(
            Domain.INET, SocketOptionSupport.of("AF_INET SOCK_STREAM connections", TCP),
            Domain.INET6, SocketOptionSupport.of("AF_INET6 SOCK_STREAM connections", TCP),
            Domain.UNIX, SocketOptionSupport.of("AF_UNIX SOCK_STREAM connections", UNIX_STREAM));
    private static final SocketOptionSupport SEQPACKET_CONNECTIONS =
            SocketOptionSupport.of("AF_UNIX SOCK_SEQPACKET connections", UNIX_STREAM);
    private static final Map<Domain, SocketOptionSupport> LISTENERS = Map.of(
            Domain.INET, SocketOptionSupport.of("AF_INET SOCK_STREAM listeners", TCP_LISTENER),
            Domain.INET6, SocketOptionSupport.of("AF_INET6 SOCK_STREAM listeners", TCP_LISTENER),
            Domain.UNIX, SocketOptionSupport.of("AF_UNIX SOCK_STREAM listeners", UNIX_LISTENER));
    private static final Map<Domain, SocketOptionSupport> DATAGRAMS = Map.of(
            Domain.INET, SocketOptionSupport.of("AF_INET SOCK_DGRAM endpoints", UDP),
            Domain.INET6, SocketOptionSupport.of("AF_INET6 SOCK_DGRAM endpoints", UDP),
            Domain.UNIX, SocketOptionSupport.of("AF_UNIX SOCK_DGRAM endpoints", UNIX_DATAGRAM));

    private PosixOptions() {
    }

    /** The options of stream connections in {@code domain}. */
    static SocketOptionSupport connections(Domain domain) {
        return CONNECTIONS.get(domain);
    }

    /** The options of connections of {@code type} ({@code SOCK_STREAM} or {@code SOCK_SEQPACKET}) in {@code domain}. */
    static SocketOptionSupport connections(Domain domain, int type) {
        return type == Libc.SOCK_SEQPACKET ? SEQPACKET_CONNECTIONS : CONNECTIONS.get(domain);
    }

    /** The options of listening sockets in {@code domain}. */
    static SocketOptionSupport listeners(Domain domain) {
        return LISTENERS.get(domain);
    }

    /** The options of datagram sockets in {@code domain}. */
    static SocketOptionSupport datagrams(Domain domain) {
        return DATAGRAMS.get(domain);
    }

    /**
     * {@code getsockopt(2)} of a supported option.
     *
     * @throws IOException what the kernel said
     */
    static <T> T get(Descriptor socket, Domain domain, SocketOption<T> option) throws IOException {
        if (option == ExtendedSocketOptions.SO_PEERCRED) {
            return option.type().cast(peerCredentials(socket));
        }
        int[] where = where(domain, option);
        int r = socket.getsockopt(where[0], where[1]);
        if (r < 0) {
            throw Errno.exception(-r, Errno.Call.STREAM, "getsockopt(" + option.name() + ")");
        }
        MemorySegment value = Libc.scratch().value;
        Object result;
        if (option == SO_LINGER) {
            result = value.get(JAVA_INT, 0) == 0 ? -1 : value.get(JAVA_INT, 4);
        } else if (option.type() == Boolean.class) {
            result = value.get(JAVA_INT, 0) != 0;
        } else {
            result = value.get(JAVA_INT, 0);
        }
        return option.type().cast(result);
    }

    /**
     * {@code setsockopt(2)} of a supported option with a checked value.
     *
     * @throws IllegalArgumentException if the kernel refused the value ({@code EINVAL})
     * @throws java.net.SocketException "SO_PEERCRED cannot be set", for that read-only option
     * @throws IOException what else the kernel said
     */
    static <T> void set(Descriptor socket, Domain domain, SocketOption<T> option, T value) throws IOException {
        if (option == ExtendedSocketOptions.SO_PEERCRED) {
            // Read-only: the kernel records the peer's credentials at connect. Worded as the JDK's channel words it.
            throw Errors.readOnlyOption(option);
        }
        int[] where = where(domain, option);
        MemorySegment v = Libc.scratch().value;
        int length = 4;
        if (option == SO_LINGER) {
            int seconds = (Integer) value;
            v.set(JAVA_INT, 0, seconds < 0 ? 0 : 1);
            v.set(JAVA_INT, 4, seconds < 0 ? 0 : Math.min(seconds, MAX_LINGER));
            length = 8;
        } else if (value instanceof Boolean b) {
            v.set(JAVA_INT, 0, b ? 1 : 0);
        } else {
            v.set(JAVA_INT, 0, (Integer) value);
        }
        int r = socket.setsockopt(where[0], where[1], length);
        if (r == -Errno.EINVAL) {
            throw new IllegalArgumentException(Errno.text(Errno.EINVAL) + ": " + value);
        }
        if (r < 0) {
            throw Errno.exception(-r, Errno.Call.STREAM, "setsockopt(" + option.name() + ")");
        }
    }

    /**
     * {@code getsockopt(SOL_SOCKET, SO_PEERCRED)}: the user and group of the process that connected (or
     * listened), as the kernel recorded them at {@code connect(2)}, in the JDK's type for them. The
     * principals are made by the JDK's own lookup from the names of {@code getpwuid(3)} and
     * {@code getgrgid(3)}, so they equal those of the JDK's {@code SocketChannel}; an id with no name is
     * looked up as its number. (The pid of {@code struct ucred} has no place in the JDK's type.)
     */
    private static UnixDomainPrincipal peerCredentials(Descriptor socket) throws IOException {
        int r = socket.getsockopt(Libc.SOL_SOCKET, Libc.SO_PEERCRED);
        if (r < 0) {
            throw Errno.exception(-r, Errno.Call.STREAM, "getsockopt(SO_PEERCRED)");
        }
        MemorySegment ucred = Libc.scratch().value;
        int uid = ucred.get(JAVA_INT, 4);
        int gid = ucred.get(JAVA_INT, 8);
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(Libc.userName(uid).orElse(Integer.toUnsignedString(uid)));
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(Libc.groupName(gid).orElse(Integer.toUnsignedString(gid)));
        return new UnixDomainPrincipal(user, group);
    }

    /** The level and number of {@code option}: {@code {SOL_SOCKET, SO_SNDBUF}}, … */
    private static int[] where(Domain domain, SocketOption<?> option) {
        if (option == SO_SNDBUF) {
            return new int[] {Libc.SOL_SOCKET, Libc.SO_SNDBUF};
        } else if (option == SO_RCVBUF) {
            return new int[] {Libc.SOL_SOCKET, Libc.SO_RCVBUF};
        } else if (option == SO_KEEPALIVE) {
            return new int[] {Libc.SOL_SOCKET, Libc.SO_KEEPALIVE};
        } else if (option == SO_REUSEADDR) {
            return new int[] {Libc.SOL_SOCKET, Libc.SO_REUSEADDR};
        } else if (option == SO_REUSEPORT) {
            return new int[] {Libc.SOL_SOCKET, Libc.SO_REUSEPORT};
        } else if (option == SO_BROADCAST) {
            return new int[] {Libc.SOL_SOCKET, Libc.SO_BROADCAST};
        } else if (option == SO_LINGER) {
            return new int[] {Libc.SOL_SOCKET, Libc.SO_LINGER};
        } else if (option == TCP_NODELAY) {
            return new int[] {Libc.IPPROTO_TCP, Libc.TCP_NODELAY};
        } else if (option == IP_TOS) {
            // The JDK's IP_TOS is the traffic class on an IPv6 socket.
            return domain == Domain.INET6 ? new int[] {Libc.IPPROTO_IPV6, Libc.IPV6_TCLASS} : new int[] {Libc.IPPROTO_IP, Libc.IP_TOS};
        }
        throw new UnsupportedOperationException("no setsockopt for " + option.name());
    }
}
