package dev.sockets.spi;

import dev.sockets.ConnectionHandler;
import dev.sockets.DatagramEndpoint;
import dev.sockets.Domain;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The argument checks of SPEC.md §2, made before any system call so that bad input fails at once
 * and the same way with every provider.
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * Checks the address of {@link SocketProvider#connect}, {@link SocketProvider#listen} or
     * {@link SocketProvider#serve} and returns its domain.
     *
     * @param provider the provider called
     * @param address the address it was given
     * @param options the options it was given
     * @return the address's domain
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the address is unresolved, of an unknown type, or a path too long (§2.2, §2.3)
     * @throws UnsupportedOperationException if {@code provider} does not support streams in its domain (§1.2)
     */
    public static Domain stream(SocketProvider provider, SocketAddress address, Object options) {
        return checked(provider, address, options, SocketType.STREAM);
    }

    /**
     * As {@link #stream}, for {@link SocketProvider#openDatagram}.
     *
     * @param provider the provider called
     * @param address the address it was given
     * @param options the options it was given
     * @return the address's domain
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the address is unresolved or of an unknown type (§2.2)
     * @throws UnsupportedOperationException if {@code provider} does not support datagrams in its domain (§1.2)
     */
    public static Domain datagram(SocketProvider provider, SocketAddress address, Object options) {
        return checked(provider, address, options, SocketType.DATAGRAM);
    }

    /**
     * As {@link #stream}, for a socket of {@code type}: {@link SocketType#SEQPACKET} and the like (§15).
     *
     * @param provider the provider called
     * @param address the address it was given
     * @param options the options it was given
     * @param type the socket type asked for
     * @return the address's domain
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the address is unresolved, of an unknown type, or a path too long (§2.2, §2.3)
     * @throws UnsupportedOperationException if {@code provider} does not support {@code type} in its domain (§1.2)
     */
    public static Domain socket(SocketProvider provider, SocketAddress address, Object options, SocketType type) {
        Objects.requireNonNull(type, "type");
        return checked(provider, address, options, type);
    }

    /**
     * Checks the handler of {@link SocketProvider#serve}.
     *
     * @param handler the handler it was given
     * @return {@code handler}
     * @throws NullPointerException if {@code handler} is null
     */
    public static ConnectionHandler handler(ConnectionHandler handler) {
        return Objects.requireNonNull(handler, "handler");
    }

    /**
     * Checks a buffer to read into (§2.4).
     *
     * @param dst the buffer
     * @return {@code dst}
     * @throws NullPointerException if {@code dst} is null
     * @throws IllegalArgumentException if {@code dst} is read-only
     */
    public static ByteBuffer readable(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("§2.4: read-only buffer");
        }
        return dst;
    }

    /**
     * Checks a buffer to write from (§2.4).
     *
     * @param src the buffer
     * @return {@code src}
     * @throws NullPointerException if {@code src} is null
     */
    public static ByteBuffer writable(ByteBuffer src) {
        return Objects.requireNonNull(src, "src");
    }

    /**
     * Checks the target of a datagram endpoint bound in {@code domain}: same domain, resolved (§2.3).
     *
     * @param domain the endpoint's domain
     * @param peer the target or peer it was given
     * @return {@code peer}
     * @throws IllegalArgumentException naming both domains if they differ
     */
    public static SocketAddress peer(Domain domain, SocketAddress peer) {
        Domain theirs = Domain.of(peer);
        if (theirs != domain) {
            throw new IllegalArgumentException("§2.3: " + theirs.posixName() + " address " + Addresses.format(peer)
                    + " given to an " + domain.posixName() + " socket");
        }
        return peer;
    }

    /**
     * Checks the size of a datagram's payload (§11.4): at most 65,507 bytes over IPv4, 65,527 over
     * IPv6, 65,535 over a UNIX-domain path (§11.8).
     *
     * @param domain the endpoint's domain
     * @param src the payload, from its position up to its limit
     * @return {@code src}
     * @throws NullPointerException if {@code src} is null
     * @throws IllegalArgumentException "datagram too large: 70000 bytes, the most over AF_INET is 65507"
     */
    public static ByteBuffer datagramPayload(Domain domain, ByteBuffer src) {
        writable(src);
        int max = switch (domain) {
            case INET -> DatagramEndpoint.MAX_IPV4_PAYLOAD;
            case INET6 -> DatagramEndpoint.MAX_IPV6_PAYLOAD;
            case UNIX -> DatagramEndpoint.MAX_UNIX_PAYLOAD; // §11.8
        };
        if (src.remaining() > max) {
            throw new IllegalArgumentException("§11.4: datagram too large: " + src.remaining()
                    + " bytes, the most over " + domain.posixName() + " is " + max);
        }
        return src;
    }

    private static Domain checked(SocketProvider provider, SocketAddress address, Object options, SocketType type) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        Domain domain = Domain.of(address);
        if (address instanceof UnixDomainSocketAddress unix) {
            Addresses.checkUnixPath(unix);
        }
        provider.checkSupported(domain, type);
        return domain;
    }
}
