package dev.sockets;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/**
 * A bound datagram socket: POSIX {@code socket(AF_*, SOCK_DGRAM, 0)} and {@code bind}, made by
 * {@link SocketProvider#openDatagram}. Each {@link #send} is one datagram, and each
 * {@link #receive} returns exactly one: boundaries are kept (§11.2).
 *
 * <p>The largest payload is 65,507 bytes over IPv4 and 65,527 over IPv6 (65,535 less the IP and UDP
 * headers), and 65,535 over a UNIX-domain path; a larger one is refused before anything is sent
 * (§11.4, §11.8).
 *
 * <h2>UNIX-domain datagrams</h2>
 * A provider that declares {@code AF_UNIX SOCK_DGRAM} (the JDK has none, so only {@code posix} does)
 * binds an endpoint to a {@link java.net.UnixDomainSocketAddress}: the socket file is created by
 * {@link SocketProvider#openDatagram} and removed by {@link #close()}; {@link #receive} returns the
 * sender's path (an empty path for a sender that is not bound). A send to a path where no socket is
 * bound fails at once with {@link java.net.ConnectException} (§11.9), unlike UDP.
 *
 * <p>{@link #close()} may be called by any thread: a thread blocked in {@link #receive} wakes
 * promptly with {@link SocketClosedException} (§7.3).
 */
public interface DatagramEndpoint extends Closeable {

    /** The largest UDP payload over IPv4: 65,535 − 20 (IP header) − 8 (UDP header). */
    int MAX_IPV4_PAYLOAD = 65_507;

    /** The largest UDP payload over IPv6: 65,535 − 8 (UDP header); the IPv6 header is not counted. */
    int MAX_IPV6_PAYLOAD = 65_527;

    /**
     * The largest payload over {@code AF_UNIX}, with a provider that has UNIX-domain datagrams
     * (§11.8): 65,535, the bound of an IP datagram. The kernel's own limit is the sender's
     * {@code SO_SNDBUF} less its bookkeeping (about 200 KiB by default); the API keeps the 16-bit
     * bound of every other domain, so that one receive buffer of 64 KiB holds any datagram.
     */
    int MAX_UNIX_PAYLOAD = 65_535;

    /**
     * Sends the remaining bytes of {@code src} as one datagram to {@code target}, POSIX
     * {@code sendto}. On return {@code src} has nothing remaining (§11.2).
     *
     * @param src the payload, from its position up to its limit
     * @param target where to send it, an address of this endpoint's domain
     * @throws IllegalArgumentException if the payload is larger than the domain allows (§11.4), or
     *     {@code target} is of another domain than this endpoint (§2.3)
     * @throws IllegalStateException if this endpoint is connected to another address (§11.3)
     * @throws SocketClosedException if this endpoint is closed
     * @throws IOException if sending fails for another reason
     */
    void send(ByteBuffer src, SocketAddress target) throws IOException;

    /**
     * Sends the remaining bytes of {@code src} as one datagram to the connected peer, POSIX
     * {@code send} (§11.3).
     *
     * @param src the payload, from its position up to its limit
     * @throws IllegalStateException "Not connected", if {@link #connect} was not called
     * @throws IllegalArgumentException if the payload is larger than the domain allows (§11.4)
     * @throws SocketClosedException if this endpoint is closed
     * @throws IOException if sending fails for another reason
     */
    void send(ByteBuffer src) throws IOException;

    /**
     * Waits for the next datagram and copies it into {@code dst}, POSIX {@code recvfrom}. If the
     * datagram is larger than {@code dst}'s remaining space, the rest of it is discarded, and the
     * next call returns the next datagram (§11.5).
     *
     * @param dst the buffer to copy the datagram into, from its position up to its limit
     * @return the sender's address
     * @throws java.net.SocketTimeoutException "Receive timed out", if none came within the receive
     *     timeout; the endpoint stays usable (§9.3)
     * @throws SocketClosedException if this endpoint is closed, before or during the call
     * @throws IllegalArgumentException if {@code dst} is read-only
     * @throws IOException if receiving fails for another reason
     */
    SocketAddress receive(ByteBuffer dst) throws IOException;

    /**
     * Connects this endpoint to {@code peer}, POSIX {@code connect} on a datagram socket: from then
     * on {@link #send(ByteBuffer)} sends to it, and {@link #receive} returns only its datagrams
     * (§11.3). Nothing is sent on the network.
     *
     * @param peer the only address to talk to from now on, of this endpoint's domain
     * @throws IllegalArgumentException if {@code peer} is of another domain than this endpoint
     * @throws IllegalStateException if this endpoint is already connected
     * @throws SocketClosedException if this endpoint is closed
     * @throws IOException if the system call fails
     */
    void connect(SocketAddress peer) throws IOException;

    /**
     * Returns the address this endpoint is bound to, with the actual port if it was bound to port 0.
     *
     * @return the bound address
     */
    SocketAddress localAddress();

    /**
     * Returns the connected peer, or empty if {@link #connect} was not called.
     *
     * @return the peer, if connected
     */
    Optional<SocketAddress> remoteAddress();

    /**
     * Returns the value of a socket option, POSIX {@code getsockopt} (§10.1).
     *
     * @param <T> the type of the option's value
     * @param option the option, such as {@link java.net.StandardSocketOptions#SO_RCVBUF}
     * @return its value
     * @throws UnsupportedOperationException if this endpoint does not support {@code option}
     * @throws SocketClosedException if this endpoint is closed
     * @throws IOException if the system call fails
     */
    <T> T option(SocketOption<T> option) throws IOException;

    /**
     * Sets a socket option, POSIX {@code setsockopt} (§10.1), and returns this endpoint.
     *
     * @param <T> the type of the option's value
     * @param option the option, such as {@link java.net.StandardSocketOptions#SO_RCVBUF}
     * @param value its new value
     * @return this endpoint
     * @throws UnsupportedOperationException if this endpoint does not support {@code option}
     * @throws IllegalArgumentException if {@code value} is not valid for {@code option}
     * @throws SocketClosedException if this endpoint is closed
     * @throws IOException if the system call fails
     */
    <T> DatagramEndpoint option(SocketOption<T> option, T value) throws IOException;

    /**
     * Returns the socket options this endpoint supports.
     *
     * @return the options that {@link #option(SocketOption)} reads
     */
    Set<SocketOption<?>> supportedOptions();

    /**
     * Returns whether this endpoint is open.
     *
     * @return true until {@link #close()}
     */
    boolean isOpen();

    /**
     * Closes this endpoint, POSIX {@code close}. Calling it again has no effect (§7.1).
     *
     * @throws IOException if the system call fails; the endpoint is closed nonetheless
     */
    @Override
    void close() throws IOException;
}
