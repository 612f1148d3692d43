package dev.sockets.conformance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/** Whether this machine can bind the IPv6 loopback, checked once. */
final class Ipv6 {

    private static final boolean AVAILABLE = probe();

    private Ipv6() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean probe() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
