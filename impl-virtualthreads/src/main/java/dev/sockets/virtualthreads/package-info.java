/**
 * The provider {@code "virtualthreads"}: the blocking model of POSIX, on virtual threads.
 *
 * <p>{@link dev.sockets.virtualthreads.VirtualThreadSocketProvider} is the only public type. The state machines
 * of SPEC.md are the core's ({@code dev.sockets.spi}); behind them, a file per concept of this model:
 * <ul>
 *   <li>{@code VirtualThreadConnection}, {@code VirtualThreadListener}: blocking channels, which park a virtual
 *       thread since JDK 21, and wake on close and on interrupt; TCP calls with a timeout go through the
 *       channels' {@code java.net} adaptors (the core's {@code AdaptorReader}). Datagrams are the core's
 *       {@code ChannelDatagramEndpoint}, which works the same way;</li>
 *   <li>{@code TimedCall}: a timeout without a selector, for the calls that have no adaptor to time them
 *       (UNIX-domain reads and accepts), and {@code ReadAhead}, the UNIX-domain reads on it.</li>
 * </ul>
 * The server is the core's {@code ServerLoop}, with virtual threads for its accept loop and handlers. No
 * platform thread is started, and no lock is {@code synchronized}.
 */
package dev.sockets.virtualthreads;
