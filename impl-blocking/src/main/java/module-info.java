/**
 * The blocking provider of {@code dev.sockets}: channels in blocking mode (with their
 * {@code java.net} adaptors for timed calls) for every socket, and a platform thread per client in
 * its server.
 *
 * <p>Exports only {@link dev.sockets.blocking.BlockingSocketProvider}'s package, so that it can be
 * named directly as well as found with {@link java.util.ServiceLoader}; every other type in it is
 * package-private.
 */
module dev.sockets.blocking {
    requires transitive dev.sockets;

    exports dev.sockets.blocking;

    provides dev.sockets.SocketProvider with dev.sockets.blocking.BlockingSocketProvider;
}
