/**
 * The provider {@code "blocking"}: the blocking model of POSIX on platform threads.
 *
 * <p>{@link dev.sockets.blocking.BlockingSocketProvider} is the only public type; see it for which JDK
 * class carries each kind of socket. Behind it, a file per concept: the connections and listeners of
 * each domain ({@code TcpConnection}, {@code UnixConnection}, {@code TcpListener}, {@code UnixListener}
 * over the state machines {@code StreamConnection} and {@code StreamListener}), {@code UdpEndpoint},
 * {@code ChannelPoll} (timeouts on UNIX-domain channels) and {@code ThreadPerClientServer} (one accept
 * thread and a platform thread per client).
 */
package dev.sockets.blocking;
