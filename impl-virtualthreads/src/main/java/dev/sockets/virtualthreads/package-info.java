/**
 * The provider {@code "virtualthreads"}: the blocking model of POSIX, on virtual threads.
 *
 * <p>{@link dev.sockets.virtualthreads.VirtualThreadSocketProvider} is the only public type. Behind it, a file per
 * concept:
 * <ul>
 *   <li>{@code StreamConnection}, {@code StreamListener}, {@code UdpEndpoint}: the state machines of SPEC.md
 *       (closed, shut down, end of stream), with {@code ReentrantLock}s, never {@code synchronized};</li>
 *   <li>{@code TcpSocket}, {@code TcpListeningSocket}: {@code java.net.Socket} and {@code ServerSocket}, which
 *       park a virtual thread since JDK 21;</li>
 *   <li>{@code UnixSocket}, {@code UnixListeningSocket}: blocking UNIX-domain channels, which park one too;</li>
 *   <li>{@code TimedCall}: read and accept timeouts for channels, without a selector;</li>
 *   <li>{@code VirtualThreadServer}: the accept loop and a handler per connection, each on a virtual thread;</li>
 *   <li>{@code VirtualThreads}: the thread factories, the one place threads are made.</li>
 * </ul>
 */
package dev.sockets.virtualthreads;
