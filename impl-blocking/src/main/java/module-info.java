/** The blocking provider: java.net sockets, and a platform thread per client. */
module dev.sockets.blocking {
    requires dev.sockets;
}
