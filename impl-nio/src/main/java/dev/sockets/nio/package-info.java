/**
 * The NIO provider, {@link dev.sockets.nio.NioSocketProvider}: non-blocking channels owned by {@code Selector}
 * event loops on a few platform threads, with the blocking-style calls of the API parked until a loop reports
 * readiness; the state machines are the core's ({@code dev.sockets.spi}). Only the provider class and its
 * builder are public.
 */
package dev.sockets.nio;
