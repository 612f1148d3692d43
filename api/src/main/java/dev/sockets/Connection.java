package dev.sockets;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A connected stream socket: the descriptor that POSIX {@code connect} leaves connected, or that
 * {@code accept} returns.
 *
 * <h2>Comparison with java.net.Socket and SocketChannel</h2>
 * One type for every domain and every provider, with {@link ByteBuffer}s as in
 * {@link java.nio.channels.SocketChannel}, but with the blocking semantics of {@code read(2)} and
 * {@code write(2)} on a blocking descriptor: {@link #read} waits for at least one byte,
 * {@link #write} writes every byte or throws. The exceptions are the same whoever implements it
 * (§2.5): {@link SocketClosedException} after {@link #close()}, {@link ConnectionResetException}
 * when the peer reset the connection, {@link OutputShutdownException} after
 * {@link #shutdownOutput()}, {@link java.net.SocketTimeoutException} when the read timeout passes.
 *
 * <h2>Threads</h2>
 * One thread may read while another writes. Concurrent reads are serialized, and so are concurrent
 * writes (§5.7). {@link #close()} may be called by any thread at any time: a thread blocked in
 * {@link #read} or {@link #write} wakes promptly with {@link SocketClosedException} (§7.3).
 */
public interface Connection extends Closeable {

    /**
     * Reads into {@code dst}, POSIX {@code read}: waits until at least one byte is available, then
     * transfers as many as are available and fit, and returns how many (§5.1).
     *
     * @param dst the buffer to read into, from its position up to its limit
     * @return the number of bytes read, 0 only if {@code dst} has no space remaining (§5.2), or −1
     *     at end of stream: after the peer shut its output down or closed, and after
     *     {@link #shutdownInput()} (§5.3, §6.2)
     * @throws java.net.SocketTimeoutException "Read timed out", if no byte came within the read timeout;
     *     the connection stays usable (§9.1)
     * @throws SocketClosedException if this connection is closed, before or during the call (§7.2)
     * @throws ConnectionResetException if the peer reset the connection (§5.5)
     * @throws IllegalArgumentException if {@code dst} is read-only (§2.4)
     * @throws IOException if reading fails for another reason
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes every remaining byte of {@code src}, POSIX {@code write} repeated until done: on return
     * {@code src} has nothing remaining (§5.4). A write of an empty buffer returns at once.
     *
     * @param src the bytes to write, from its position up to its limit
     * @throws OutputShutdownException after {@link #shutdownOutput()} (§6.3)
     * @throws SocketClosedException if this connection is closed, before or during the call (§7.2)
     * @throws ConnectionResetException if the peer closed or reset the connection ("Broken pipe",
     *     "Connection reset") (§5.6)
     * @throws IOException if writing fails for another reason
     */
    void write(ByteBuffer src) throws IOException;

    /**
     * Shuts the output down, POSIX {@code shutdown(fd, SHUT_WR)}: the peer reads the bytes already
     * written, then end of stream. Input is unaffected. Calling it again has no effect (§6.1).
     *
     * @throws SocketClosedException if this connection is closed
     * @throws IOException if the system call fails
     */
    void shutdownOutput() throws IOException;

    /**
     * Shuts the input down, POSIX {@code shutdown(fd, SHUT_RD)}: every later {@link #read} returns −1.
     * Output is unaffected. Calling it again has no effect (§6.2).
     *
     * @throws SocketClosedException if this connection is closed
     * @throws IOException if the system call fails
     */
    void shutdownInput() throws IOException;

    /**
     * Returns the local address, POSIX {@code getsockname}; still available after close (§3.5).
     *
     * @return the address this side is bound to
     */
    SocketAddress localAddress();

    /**
     * Returns the peer's address, POSIX {@code getpeername}; still available after close (§3.5).
     *
     * @return the address of the other end
     */
    SocketAddress remoteAddress();

    /**
     * Returns the value of a socket option, POSIX {@code getsockopt} (§10.1).
     *
     * @param <T> the type of the option's value
     * @param option the option, such as {@link java.net.StandardSocketOptions#TCP_NODELAY}
     * @return its value
     * @throws UnsupportedOperationException if this connection does not support {@code option}
     * @throws SocketClosedException if this connection is closed
     * @throws IOException if the system call fails
     */
    <T> T option(SocketOption<T> option) throws IOException;

    /**
     * Sets a socket option, POSIX {@code setsockopt} (§10.1).
     *
     * @param <T> the type of the option's value
     * @param option the option, such as {@link java.net.StandardSocketOptions#TCP_NODELAY}
     * @param value its new value
     * @return this connection
     * @throws UnsupportedOperationException if this connection does not support {@code option}
     * @throws IllegalArgumentException if {@code value} is not valid for {@code option}
     * @throws SocketClosedException if this connection is closed
     * @throws IOException if the system call fails
     */
    <T> Connection option(SocketOption<T> option, T value) throws IOException;

    /**
     * Returns the socket options this connection supports.
     *
     * @return the options that {@link #option(SocketOption)} reads
     */
    Set<SocketOption<?>> supportedOptions();

    /**
     * Returns whether this connection is open, that is {@link #close()} has not been called.
     *
     * @return true until {@link #close()}
     */
    boolean isOpen();

    /**
     * Closes this connection, POSIX {@code close}: releases its descriptor and wakes every thread
     * blocked on it. Calling it again has no effect (§7.1).
     *
     * @throws IOException if the system call fails; the connection is closed nonetheless
     */
    @Override
    void close() throws IOException;
}
