package dev.sockets;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Objects;

/**
 * A communication domain, the first argument of POSIX {@code socket(domain, type, protocol)}.
 *
 * <p>Sockets uses the JDK's own address types and derives the domain from them with
 * {@link #of(SocketAddress)}: an {@link InetSocketAddress} holding an {@link Inet4Address} is
 * {@link #INET}, one holding an {@link java.net.Inet6Address} is {@link #INET6}, and a
 * {@link UnixDomainSocketAddress} is {@link #UNIX}.
 */
public enum Domain {
    /** IPv4, {@code AF_INET}. */
    INET("AF_INET"),
    /** IPv6, {@code AF_INET6}. */
    INET6("AF_INET6"),
    /** Local inter-process communication through a path in the file system, {@code AF_UNIX}. */
    UNIX("AF_UNIX");

    private final String posixName;

    Domain(String posixName) {
        this.posixName = posixName;
    }

    /**
     * Returns the POSIX constant this domain stands for, such as {@code "AF_INET6"}.
     *
     * @return the constant's name
     */
    public String posixName() {
        return posixName;
    }

    /**
     * Returns the domain of {@code address}.
     *
     * @param address an internet or UNIX-domain address
     * @return its domain
     * @throws NullPointerException if {@code address} is null
     * @throws IllegalArgumentException if {@code address} is an unresolved {@link InetSocketAddress},
     *     or of a type other than {@link InetSocketAddress} and {@link UnixDomainSocketAddress} (§1.4)
     */
    public static Domain of(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                throw new IllegalArgumentException("§1.4: unresolved address: " + inet.getHostString() + ":" + inet.getPort());
            }
            return inet.getAddress() instanceof Inet4Address ? INET : INET6;
        }
        if (address instanceof UnixDomainSocketAddress) {
            return UNIX;
        }
        throw new IllegalArgumentException("§1.4: unsupported address type: " + address.getClass().getName());
    }
}
