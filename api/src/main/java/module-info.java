/**
 * The socket primitives of POSIX {@code sys/socket.h} behind one API: stream connections, listeners,
 * datagram endpoints and servers, over IPv4, IPv6 and UNIX-domain addresses.
 *
 * <p>The API has no dependency but the JDK. Implementations ({@link dev.sockets.SocketProvider}) are
 * found with {@link java.util.ServiceLoader} and chosen by name with the system property
 * {@code dev.sockets.provider}; see {@link dev.sockets.Sockets}. The package {@code dev.sockets.spi}
 * holds what providers share: argument checks, messages and counters.
 */
module dev.sockets {
    // The options of the API are the JDK's: java.net.StandardSocketOptions and, for what Linux has
    // beyond them, jdk.net.ExtendedSocketOptions (SO_PEERCRED and its UnixDomainPrincipal, §15.4).
    // Transitive, so that a module that reads dev.sockets (a user's, the kit once it is named again)
    // reads those types too, on the module path as on the class path.
    requires transitive jdk.net;

    exports dev.sockets;
    exports dev.sockets.spi;

    uses dev.sockets.SocketProvider;
}
