/**
 * The NIO provider of {@code dev.sockets}: non-blocking channels multiplexed by {@link java.nio.channels.Selector}
 * event loops on a few platform threads, with the blocking-style calls of the API parked until a loop reports
 * readiness. See {@link dev.sockets.nio.NioSocketProvider}.
 */
module dev.sockets.nio {
    requires transitive dev.sockets;

    exports dev.sockets.nio;

    provides dev.sockets.SocketProvider with dev.sockets.nio.NioSocketProvider;
}
