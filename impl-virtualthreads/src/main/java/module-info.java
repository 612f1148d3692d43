/** The virtual-thread provider: blocking calls, and a virtual thread per client. */
module dev.sockets.virtualthreads {
    requires dev.sockets;
}
