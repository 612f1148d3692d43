/**
 * The socket primitives of POSIX {@code sys/socket.h} as one small API: {@link dev.sockets.Connection}
 * (a connected stream socket), {@link dev.sockets.Listener} (a listening one),
 * {@link dev.sockets.DatagramEndpoint} (a bound datagram socket) and {@link dev.sockets.Server} (the
 * server loop), made by a {@link dev.sockets.SocketProvider} that {@link dev.sockets.Sockets} finds.
 *
 * <p>The addresses are the JDK's ({@link java.net.InetSocketAddress} for IPv4 and IPv6,
 * {@link java.net.UnixDomainSocketAddress} for UNIX-domain sockets), and so is the domain:
 * {@link dev.sockets.Domain#of}. Options are immutable records ({@link dev.sockets.StreamOptions},
 * {@link dev.sockets.ListenOptions}, {@link dev.sockets.DatagramOptions},
 * {@link dev.sockets.ServerOptions}) that start from {@code defaults()}. Errors are one taxonomy for
 * every provider: {@link dev.sockets.SocketClosedException}, {@link dev.sockets.ConnectionResetException},
 * {@link dev.sockets.OutputShutdownException}, and the JDK's {@link java.net.ConnectException},
 * {@link java.net.BindException} and {@link java.net.SocketTimeoutException}.
 *
 * <p>Every method's contract cites the numbered rules of the project's {@code SPEC.md} (§2.4 and the
 * like), which the conformance kit checks against every provider.
 */
package dev.sockets;
