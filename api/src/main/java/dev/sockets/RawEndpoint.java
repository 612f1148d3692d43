package dev.sockets;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A raw socket: POSIX {@code socket(AF_INET, SOCK_RAW, protocol)} or {@code socket(AF_INET6, SOCK_RAW,
 * protocol)}, made by {@link SocketProvider#openRaw}. Each {@link #send} is one packet of the
 * protocol, to which the kernel adds the IP header; each {@link #receive} returns one packet of the
 * protocol that reached this host, as {@code raw(7)} and {@code ipv6(7)} deliver it:
 * <ul>
 *   <li>over IPv4, the whole IP datagram, its header included (read its length from the low four
 *       bits of the first byte, in 32-bit words);</li>
 *   <li>over IPv6, the packet of the protocol only: IPv6 has no header to hand over, the kernel keeps
 *       it. For ICMPv6 the kernel also computes the checksum of what is sent (RFC 3542), since it
 *       covers the addresses of the IPv6 header.</li>
 * </ul>
 * For ICMP over IPv4 the sender computes the checksum, {@link #checksum(ByteBuffer)}.
 *
 * <p>Opening one needs the privilege {@code CAP_NET_RAW} (or root): without it, the provider says
 * so at once, {@link java.net.SocketException} "Operation not permitted: SOCK_RAW needs
 * CAP_NET_RAW…" (§14.2). Addresses are {@link InetAddress}es: a raw packet has no port.
 *
 * <p>{@link #close()} may be called by any thread: a thread blocked in {@link #receive} wakes
 * promptly with {@link SocketClosedException}; an interrupt closes the endpoint (§7.3, §7.5, §14.3).
 */
public interface RawEndpoint extends Closeable {

    /** The largest packet {@link #send} takes: 65,535 bytes of IP datagram, less the IPv4 header. */
    int MAX_PACKET = 65_515;

    /**
     * Returns the domain of this socket.
     *
     * @return {@link Domain#INET} or {@link Domain#INET6}
     */
    Domain domain();

    /**
     * Returns the IP protocol number of this socket.
     *
     * @return the protocol, such as 1 for ICMP or 58 for ICMPv6
     */
    int protocol();

    /**
     * Sends the remaining bytes of {@code src} as one packet of the protocol to {@code target}, POSIX
     * {@code sendto}. On return {@code src} has nothing remaining. A buffer with nothing remaining is a packet
     * too, of the IP header alone (SPEC.md §14.6).
     *
     * @param src the packet of the protocol, without the IP header
     * @param target where to send it, an address of this socket's domain
     * @throws IOException if the kernel refuses the packet
     * @throws IllegalArgumentException if {@code target} is of another domain, or the packet is larger
     *     than {@link #MAX_PACKET}
     * @throws SocketClosedException if this endpoint is closed
     */
    void send(ByteBuffer src, InetAddress target) throws IOException;

    /**
     * Waits for the next packet of the protocol and copies it into {@code dst}, POSIX
     * {@code recvfrom}; a packet larger than the space remaining is cut, the rest discarded.
     *
     * @param dst where the packet goes (over IPv4 with its IP header)
     * @return the address it came from
     * @throws java.net.SocketTimeoutException "Receive timed out", after the receive timeout; the endpoint stays usable
     * @throws SocketClosedException if this endpoint is closed, before or during the call
     * @throws IOException if the kernel reports an error
     */
    InetAddress receive(ByteBuffer dst) throws IOException;

    /**
     * Returns the value of a socket option, POSIX {@code getsockopt}.
     *
     * @param <T> the type of the option's value
     * @param option one of {@link #supportedOptions()}
     * @return its value
     * @throws UnsupportedOperationException if the option is not supported (§10.2)
     * @throws IOException if this endpoint is closed, or the kernel refuses
     */
    <T> T option(SocketOption<T> option) throws IOException;

    /**
     * Sets a socket option, POSIX {@code setsockopt}.
     *
     * @param <T> the type of the option's value
     * @param option one of {@link #supportedOptions()}
     * @param value its new value
     * @return this endpoint
     * @throws UnsupportedOperationException if the option is not supported (§10.2)
     * @throws IllegalArgumentException if the value is not valid for it (§10.3)
     * @throws IOException if this endpoint is closed, or the kernel refuses
     */
    <T> RawEndpoint option(SocketOption<T> option, T value) throws IOException;

    /**
     * Returns the socket options this endpoint supports.
     *
     * @return the options, the same on every call
     */
    Set<SocketOption<?>> supportedOptions();

    /**
     * Returns whether this endpoint is open.
     *
     * @return false once {@link #close()} was called, or an interrupt closed it
     */
    boolean isOpen();

    /** Closes this endpoint, POSIX {@code close}. Calling it again has no effect (§7.1). */
    @Override
    void close() throws IOException;

    /**
     * Returns the Internet checksum of RFC 1071 of the remaining bytes of {@code data}, which it does
     * not consume: the one's complement of the one's-complement sum of its 16-bit big-endian words (an
     * odd last byte padded with zero). Write it into a header whose checksum field is 0 (ICMP: bytes 2
     * and 3); over a packet that carries its checksum the result is 0 when it is intact.
     *
     * @param data the bytes to sum, from its position to its limit
     * @return the checksum, 0 to 65,535
     */
    static int checksum(ByteBuffer data) {
        long sum = 0;
        int i = data.position();
        int end = data.limit();
        for (; i + 1 < end; i += 2) {
            sum += ((data.get(i) & 0xff) << 8) | (data.get(i + 1) & 0xff);
        }
        if (i < end) {
            sum += (data.get(i) & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
