/**
 * The provider {@code "nio"}: non-blocking channels multiplexed by {@link java.nio.channels.Selector}
 * event loops, with the blocking-style calls of the API parked until a loop reports readiness.
 *
 * <p>{@link dev.sockets.nio.NioSocketProvider} is the public entry point; see it for the model, what it
 * costs, and its configuration. Behind it, a file per concept: {@code EventLoop} and
 * {@code EventLoopGroup} (the selector threads), {@code Readiness} (a caller parked until a loop
 * reports it ready), {@code NioConnection}, {@code NioListener}, {@code NioDatagramEndpoint},
 * {@code NioServer} (the accept loop and its workers) and {@code AcceptBackoff} (what a server does
 * when it runs out of descriptors).
 */
package dev.sockets.nio;
