/** The virtual-thread provider: blocking calls, and a virtual thread per client. */
module dev.sockets.virtualthreads {
    requires dev.sockets;
    provides dev.sockets.SocketProvider with dev.sockets.virtualthreads.VirtualThreadSocketProvider;
}
