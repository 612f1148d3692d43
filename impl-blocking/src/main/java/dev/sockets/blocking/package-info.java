/**
 * The provider {@code "blocking"}: the blocking model of POSIX on platform threads.
 *
 * <p>{@link dev.sockets.blocking.BlockingSocketProvider} is the only public type; see it for which JDK
 * class carries each kind of socket. Every call blocks the calling platform thread in the kernel, on
 * channels in blocking mode and their {@code java.net} adaptors; the server is the core's, with a
 * platform thread per client. The state machines are the core's ({@code dev.sockets.spi}); the classes
 * here say only how bytes move and how a caller waits: {@code BlockingConnection},
 * {@code BlockingListener}, and {@code ChannelPoll} (timeouts on UNIX-domain channels).
 */
package dev.sockets.blocking;
