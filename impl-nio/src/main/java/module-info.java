/** The NIO provider: non-blocking channels multiplexed by Selector event loops. */
module dev.sockets.nio {
    requires dev.sockets;
}
