package dev.sockets.conformance;

import dev.sockets.Domain;
import dev.sockets.spi.Addresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * Addresses the kit's tests need beyond {@link ProviderVerification#anyLocal}: a UDP port where nothing
 * listens, an address that is not this machine's, and the text of an address in messages (§2.6). No
 * packet leaves the machine: the non-local address is only ever bound to, which fails at once.
 */
final class Loopback {

    private Loopback() {
    }

    /** Returns {@code address} as messages show it (§2.6): {@code 127.0.0.1:4321}, {@code [::1]:4321}, or a path. */
    static String format(SocketAddress address) {
        return Addresses.format(address);
    }

    /**
     * Returns an address of {@code loopback}'s family with a UDP port that was bound a moment ago and is
     * closed now: a datagram sent there draws an ICMP port unreachable (§11.6).
     */
    static InetSocketAddress closedUdpPort(InetSocketAddress loopback) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(loopback);
            return (InetSocketAddress) probe.getLocalAddress();
        }
    }

    /**
     * Returns an address of {@code domain} (INET or INET6) that no interface of this machine has, port 0:
     * 192.0.2.1 (TEST-NET-1, RFC 5737) or 2001:db8::1 (the documentation prefix, RFC 3849). A bind to it
     * fails with {@code EADDRNOTAVAIL} (§4.2); a bind sends no packet.
     */
    static InetSocketAddress notThisMachines(Domain domain) throws IOException {
        return switch (domain) {
            case INET -> new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0);
            case INET6 -> new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 0);
            case UNIX -> throw new IllegalArgumentException("a UNIX-domain path is always this machine's");
        };
    }
}
