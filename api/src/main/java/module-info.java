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
    exports dev.sockets;
    exports dev.sockets.spi;

    uses dev.sockets.SocketProvider;
}
