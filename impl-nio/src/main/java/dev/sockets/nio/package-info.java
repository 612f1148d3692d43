/**
 * The provider {@code "nio"}: non-blocking channels multiplexed by {@link java.nio.channels.Selector}
 * event loops, with the blocking-style calls of the API parked until a loop reports readiness.
 *
 * <p>{@link dev.sockets.nio.NioSocketProvider} is the public entry point; see it for the model, what it
 * costs, and its configuration. The state machines are the core's ({@code dev.sockets.spi}); behind the
 * provider, a file per concept of this model: {@code EventLoop} and {@code EventLoopGroup} (the selector
 * threads), {@code Readiness} (a caller parked until a loop reports it ready), {@code NioConnection},
 * {@code NioListener} and {@code NioDatagramEndpoint}.
 */
package dev.sockets.nio;
