package dev.sockets.virtualthreads;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * The descriptor under a {@link StreamConnection}: a {@code java.net.Socket} for TCP, a blocking
 * {@code SocketChannel} for UNIX-domain streams. Its calls block the way the JDK blocks: a virtual thread is
 * parked, a platform thread waits in the kernel. It knows nothing of the connection's state; the connection
 * serializes readers and writers, checks the state, and translates failures (§2.5).
 */
sealed interface StreamSocket permits TcpSocket, UnixSocket {

    /**
     * Reads at least one byte into {@code dst}, which has space remaining, or returns −1 at end of stream.
     *
     * @throws java.net.SocketTimeoutException if the read timeout passed first
     */
    int read(ByteBuffer dst) throws IOException;

    /** Writes every remaining byte of {@code src}. */
    void write(ByteBuffer src) throws IOException;

    /** POSIX {@code shutdown(fd, SHUT_RD)}; wakes a reader blocked in this socket, which sees end of stream. */
    void shutdownInput() throws IOException;

    /** POSIX {@code shutdown(fd, SHUT_WR)}. */
    void shutdownOutput() throws IOException;

    <T> T option(SocketOption<T> option) throws IOException;

    <T> void option(SocketOption<T> option, T value) throws IOException;

    Set<SocketOption<?>> supportedOptions();

    /** The local address, read when the socket was connected. */
    SocketAddress localAddress();

    /** The peer's address, read when the socket was connected. */
    SocketAddress remoteAddress();

    /** What kind of socket this is, for messages: {@code "AF_INET SOCK_STREAM connections"}. */
    String kind();

    /**
     * Closes the descriptor, POSIX {@code close}, waking every thread blocked in it. As {@code close(2)}, a close
     * that discards unread data resets the connection (§7.4); {@code readerIdle} tells that no reader is in the
     * socket, so that unread data can be looked for without waiting for one.
     */
    void close(boolean readerIdle) throws IOException;
}
