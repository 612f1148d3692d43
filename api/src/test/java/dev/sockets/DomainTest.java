package dev.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainTest {

    @Test
    void theDomainFollowsFromTheAddress() throws Exception {
        assertEquals(Domain.INET, Domain.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)));
        assertEquals(Domain.INET6, Domain.of(new InetSocketAddress(InetAddress.getByName("::1"), 80)));
        assertEquals(Domain.UNIX, Domain.of(UnixDomainSocketAddress.of("/tmp/x.sock")));
    }

    @Test
    void unresolvedAndForeignAddressesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Domain.of(InetSocketAddress.createUnresolved("nowhere.invalid", 7)));
        assertEquals("§1.4: unresolved address: nowhere.invalid:7", e.getMessage());
        SocketAddress foreign = new SocketAddress() {
            private static final long serialVersionUID = 1L;
        };
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Domain.of(foreign)).getMessage()
                .startsWith("§1.4: unsupported address type: "));
        assertEquals("address", assertThrows(NullPointerException.class, () -> Domain.of(null)).getMessage());
    }

    @Test
    void rawIsACapabilityOnlyWhereDeclared() {
        assertEquals("AF_INET SOCK_RAW", Capability.of(Domain.INET, SocketType.RAW).toString());
        assertEquals("AF_INET6 SOCK_DGRAM", Capability.of(Domain.INET6, SocketType.DATAGRAM).toString());
        SocketProvider raw = new FixedCapabilitiesProvider(Set.of(Capability.of(Domain.INET, SocketType.RAW)));
        assertTrue(raw.supports(Domain.INET, SocketType.RAW), "§1.3: declared");
        assertFalse(raw.supports(Domain.INET6, SocketType.RAW), "§1.3: not declared");
        assertEquals("§1.3: SOCK_RAW is not supported: the JDK has no raw sockets",
                assertThrows(UnsupportedOperationException.class, () -> raw.openRaw(Domain.INET6, 1)).getMessage());
    }

    @Test
    void checkSupportedSaysWhatAndWhy() {
        SocketProvider streamsOnly = new FixedCapabilitiesProvider(Set.of(Capability.of(Domain.INET, SocketType.STREAM)));
        streamsOnly.checkSupported(Domain.INET, SocketType.STREAM);
        assertEquals("§1.3: SOCK_RAW is not supported: the JDK has no raw sockets",
                assertThrows(UnsupportedOperationException.class, () -> streamsOnly.checkSupported(Domain.INET, SocketType.RAW)).getMessage());
        assertEquals("§1.2: AF_UNIX SOCK_DGRAM is not supported by provider 'fixed': the JDK has no UNIX-domain datagram sockets",
                assertThrows(UnsupportedOperationException.class, () -> streamsOnly.checkSupported(Domain.UNIX, SocketType.DATAGRAM)).getMessage());
        assertEquals("§1.2: AF_INET6 SOCK_STREAM is not supported by provider 'fixed'",
                assertThrows(UnsupportedOperationException.class, () -> streamsOnly.checkSupported(Domain.INET6, SocketType.STREAM)).getMessage());
    }
}
