package dev.sockets.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An echo server under test: whatever a client writes, it writes back, until the client closes.
 * Each implementation is the smallest faithful one of its model.
 */
interface EchoServer extends AutoCloseable {

    /** The listen backlog of every server, so that no server loses connections the others keep. */
    int BACKLOG = 1024;

    /**
     * The buffer policy of every server: each {@code read(2)} takes at most this many bytes, into a buffer of
     * the client's own (a thread per client, as the README's example) or one shared by a selector thread
     * (jdk-selector, and the nio provider's event loops, whose read buffer is this size); Netty reads with a
     * fixed allocator of this size.
     */
    int BUFFER_SIZE = 8192;

    /** Returns the loopback port the server listens on. */
    int port();

    /** Stops the server and closes every connection. */
    @Override
    void close();

    /** Starts the server of {@code contender} on an ephemeral loopback port. */
    static EchoServer start(Contender contender) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        return switch (contender) {
            case BLOCKING, NIO, VIRTUAL_THREADS, POSIX -> ProviderEchoServer.start(contender.id(), address);
            case BLOCKING_EVENTS, NIO_EVENTS, VIRTUAL_THREADS_EVENTS, POSIX_EVENTS ->
                    ProviderEchoServer.startEvents(contender.provider(), address);
            case C_PTHREADS, C_EPOLL -> throw new IllegalArgumentException(contender.id() + " is a native process: ServerProcess starts it");
            case NETTY -> NettyEchoServer.start(address);
            case JDK_THREADS -> ThreadPerClientEchoServer.platformThreads(address);
            case JDK_VIRTUAL -> ThreadPerClientEchoServer.virtualThreads(address);
            case JDK_SELECTOR -> SelectorEchoServer.start(address);
        };
    }
}
