/**
 * The provider {@code "virtualthreads"} of {@link dev.sockets.SocketProvider}: blocking calls, and a virtual
 * thread per client. See {@link dev.sockets.virtualthreads.VirtualThreadSocketProvider}.
 *
 * @provides dev.sockets.SocketProvider as {@code "virtualthreads"}
 */
module dev.sockets.virtualthreads {
    requires transitive dev.sockets;

    exports dev.sockets.virtualthreads;

    provides dev.sockets.SocketProvider with dev.sockets.virtualthreads.VirtualThreadSocketProvider;
}
