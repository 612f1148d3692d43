package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

/**
 * §4, listen and accept: the server pattern (POSIX {@code socket}, {@code bind}, {@code listen},
 * {@code accept}) in every supported domain; each bind failure as the kernel reported it, and an
 * address free again as soon as its listener's {@code close()} returns.
 */
public abstract class ListenAcceptVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected ListenAcceptVerification() {
    }

    /** A bound on calls that must end by themselves; reached only by a provider that hangs. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    /** The read timeout given to accepted connections in §4.3. */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(300);

    /** How much later than its timeout a timed read may give up, on a loaded machine. */
    private static final Duration TIMEOUT_SLACK = Duration.ofSeconds(5);

    /** How many times in a row §4.6 closes a listener and listens on its address again. */
    private static final int REBINDS = 20;

    /** How many clients §4.4 queues before the first accept; below every backlog used. */
    private static final int QUEUED = 5;

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s4_1_listenBindsListensAndTellsItsAddress(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketAddress requested = anyLocal(domain);
        try (Listener listener = serverProvider().listen(requested)) {
            assertTrue(listener.isOpen(), "§4.1: the listener is open");
            SocketAddress bound = listener.localAddress();
            if (domain == Domain.UNIX) {
                assertEquals(requested, bound, "§4.1: a UNIX-domain listener's address is its path");
            } else {
                InetSocketAddress inet = assertInstanceOf(InetSocketAddress.class, bound);
                assertEquals(((InetSocketAddress) requested).getAddress(), inet.getAddress(), "§4.1: the address bound");
                assertNotEquals(0, inet.getPort(), "§4.1: bound to port 0, localAddress() has the port the system chose");
            }
            try (Connection client = clientProvider().connect(bound);
                    Connection accepted = assertTimeoutPreemptively(BOUND, listener::accept, "accept")) {
                assertEquals(bound, accepted.localAddress(), "§4.1: an accepted connection's local address is the listener's");
                assertEquals(client.localAddress(), accepted.remoteAddress(),
                        "§4.1: an accepted connection's remote address is the client's local address");
                assertEquals(accepted.localAddress(), client.remoteAddress(), "§4.1: each side agrees on who is who");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s4_2_anAddressInUseIsRefused(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketProvider provider = serverProvider();
        try (Listener first = provider.listen(anyLocal(domain))) {
            InetSocketAddress inUse = (InetSocketAddress) first.localAddress();
            String expected = "Address already in use: " + (domain == Domain.INET ? "127.0.0.1" : "[::1]") + ":" + inUse.getPort();
            BindException e = assertThrows(BindException.class, () -> provider.listen(inUse).close(),
                    "§4.2: listen on an address where another listener is bound");
            assertEquals(expected, e.getMessage(), "§4.2: the message");
            assertTrue(first.isOpen(), "§4.2: the first listener is unaffected");
        }
    }

    @Test
    void required_s4_2_aUnixPathThatExistsIsRefused() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        SocketProvider provider = serverProvider();
        try (Listener first = provider.listen(anyLocal(Domain.UNIX))) {
            BindException e = assertThrows(BindException.class, () -> provider.listen(first.localAddress()).close(),
                    "§4.2: listen on a UNIX-domain path another listener is bound to");
            assertEquals("Address already in use: " + Loopback.format(first.localAddress()), e.getMessage(), "§4.2: the message");
            assertTrue(first.isOpen(), "§4.2: the first listener is unaffected");
        }
        UnixDomainSocketAddress plainFile = (UnixDomainSocketAddress) anyLocal(Domain.UNIX);
        Files.createFile(plainFile.getPath());
        try {
            BindException e = assertThrows(BindException.class, () -> provider.listen(plainFile).close(),
                    "§4.2: listen on a UNIX-domain path where a file exists");
            assertEquals("Address already in use: " + Loopback.format(plainFile), e.getMessage(), "§4.2: the message");
            assertTrue(Files.isRegularFile(plainFile.getPath()), "§4.2: the existing file is left as it was");
        } finally {
            Files.deleteIfExists(plainFile.getPath());
        }
    }

    /**
     * An IPv6 address in a message is written as RFC 5952 says (§2.6), whatever the provider: lower-case groups
     * without leading zeros, the longest run of zero groups as {@code ::} (the first of equal runs), a lone
     * zero group kept. Seen in §4.2's refusal of an address of the documentation prefix, never this machine's.
     */
    @ParameterizedTest
    @CsvSource({
        "2001:db8:0:0:1:0:0:1, [2001:db8::1:0:0:1]:0",
        "2001:db8:0:1:0:0:0:1, [2001:db8:0:1::1]:0",
        "2001:0DB8:00AA:0:0:0:0:1, [2001:db8:aa::1]:0",
        "2001:db8:1:2:3:4:0:1, [2001:db8:1:2:3:4:0:1]:0"
    })
    void required_s2_6_anIpv6AddressInAMessageIsWrittenAsRfc5952Says(String address, String text) throws IOException {
        assumeSupported(Domain.INET6, SocketType.STREAM);
        anyLocal(Domain.INET6); // skips where the machine has no IPv6 loopback
        InetSocketAddress foreign = new InetSocketAddress(java.net.InetAddress.getByName(address), 0);
        BindException refused = assertThrows(BindException.class, () -> serverProvider().listen(foreign).close(),
                () -> "§4.2: listen on " + address + ", an address of no interface of this machine");
        assertEquals("Cannot assign requested address: " + text, refused.getMessage(),
                () -> "§2.6: " + address + " in the message, as RFC 5952 writes it");
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s4_2_anAddressNotThisMachinesIsRefusedAsTheKernelSaid(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        anyLocal(domain); // skips where the machine has no such loopback (IPv6)
        SocketProvider provider = serverProvider();
        InetSocketAddress foreign = Loopback.notThisMachines(domain);
        String expected = "Cannot assign requested address: " + Loopback.format(foreign);
        long before = Descriptors.open();
        BindException listen = assertThrows(BindException.class, () -> provider.listen(foreign).close(),
                "§4.2: listen on " + Loopback.format(foreign) + ", an address of no interface of this machine");
        assertEquals(expected, listen.getMessage(), "§4.2: listen's message says what the kernel said (EADDRNOTAVAIL)");
        BindException serve = assertThrows(BindException.class, () -> provider.serve(foreign, connection -> { }).close(),
                "§4.2: serve on " + Loopback.format(foreign));
        assertEquals(expected, serve.getMessage(), "§4.2: serve's message");
        if (provider.supports(domain, SocketType.DATAGRAM)) {
            BindException datagram = assertThrows(BindException.class, () -> provider.openDatagram(foreign).close(),
                    "§4.2: openDatagram on " + Loopback.format(foreign));
            assertEquals(expected, datagram.getMessage(), "§4.2: openDatagram's message");
        }
        Descriptors.awaitNoMoreThan(before, "§13.1: binds that the kernel refused");
    }

    @Test
    void required_s4_2_aPrivilegedPortIsRefusedAsTheKernelSaid() throws IOException {
        assumeSupported(Domain.INET, SocketType.STREAM);
        InetSocketAddress privileged = new InetSocketAddress(((InetSocketAddress) anyLocal(Domain.INET)).getAddress(), 1);
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(privileged);
            assumeTrue(false, "this process may bind port 1 (root, or net.ipv4.ip_unprivileged_port_start <= 1): "
                    + "no bind is refused with EACCES here");
        } catch (BindException refused) {
            assumeTrue(String.valueOf(refused.getMessage()).contains("Permission denied"),
                    () -> "the JDK's bind of port 1 was refused otherwise: " + refused.getMessage());
        }
        BindException e = assertThrows(BindException.class, () -> serverProvider().listen(privileged).close(),
                "§4.2: listen on port 1 without the privilege");
        assertEquals("Permission denied: " + Loopback.format(privileged), e.getMessage(), "§4.2: the message says what the kernel said (EACCES)");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s4_3_acceptedConnectionsTakeTheListenersConnectionOptions(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        StreamOptions connectionOptions = StreamOptions.defaults().withReadTimeout(READ_TIMEOUT)
                .with(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        if (domain != Domain.UNIX) {
            connectionOptions = connectionOptions.with(StandardSocketOptions.TCP_NODELAY, true)
                    .with(StandardSocketOptions.SO_KEEPALIVE, true);
        }
        ListenOptions options = ListenOptions.defaults().withConnectionOptions(connectionOptions);
        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults(), options)) {
            Connection accepted = pair.server();
            if (domain != Domain.UNIX) {
                assertEquals(true, accepted.option(StandardSocketOptions.TCP_NODELAY), "§4.3: TCP_NODELAY of connectionOptions()");
                assertEquals(true, accepted.option(StandardSocketOptions.SO_KEEPALIVE), "§4.3: SO_KEEPALIVE of connectionOptions()");
            }
            assertTrue(accepted.option(StandardSocketOptions.SO_RCVBUF) >= 1, "§4.3: SO_RCVBUF of connectionOptions()");

            // The read timeout: a read with no data gives up. A provider that ignores it fails here, by the bound.
            assertTimeoutPreemptively(READ_TIMEOUT.plus(TIMEOUT_SLACK), () -> assertThrows(SocketTimeoutException.class,
                    () -> accepted.read(ByteBuffer.allocate(1)),
                    "§4.3: an accepted connection has the read timeout (" + READ_TIMEOUT + ") of connectionOptions()"),
                    "§4.3: read on an accepted connection with a read timeout of " + READ_TIMEOUT + " is still waiting");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s4_4_theBacklogQueuesClientsInOrderBeforeAccept(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        List<Connection> clients = new ArrayList<>();
        try (Listener listener = serverProvider().listen(anyLocal(domain), ListenOptions.defaults().withBacklog(2 * QUEUED))) {
            try {
                for (int i = 0; i < QUEUED; i++) {
                    Connection client = assertTimeoutPreemptively(BOUND, () -> clientProvider().connect(listener.localAddress()),
                            "§4.4: connect while the listener has not accepted");
                    clients.add(client);
                    client.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                }
                for (int i = 0; i < QUEUED; i++) {
                    int expected = i;
                    try (Connection accepted = assertTimeoutPreemptively(BOUND, listener::accept, "§4.4: accept of a queued client")) {
                        byte[] first = assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(accepted, 1));
                        assertEquals(expected, first[0], "§4.4: accept returns the queued clients in the order they connected");
                    }
                }
            } finally {
                for (Connection c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void required_s4_5_aUnixListenerCreatesItsSocketFileAndRemovesItOnClose() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        UnixDomainSocketAddress path = (UnixDomainSocketAddress) anyLocal(Domain.UNIX);
        Listener listener = serverProvider().listen(path);
        try {
            assertTrue(Files.exists(path.getPath()), "§4.5: listen creates the socket file");
        } finally {
            listener.close();
        }
        assertFalse(Files.exists(path.getPath()), "§4.5: close removes the socket file");
        try (Listener again = serverProvider().listen(path)) {
            assertTrue(again.isOpen(), "§4.5: the path can be bound again");
        }
    }

    @Test
    void required_s4_5_aUnixListenerRemovesItsSocketFileWhenClosedDuringAccept() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        UnixDomainSocketAddress path = (UnixDomainSocketAddress) anyLocal(Domain.UNIX);
        Listener listener = serverProvider().listen(path);
        try {
            BlockedCall<Connection> accept = BlockedCall.start("accept", listener::accept).awaitBlockedIn("accept");
            listener.close();
            assertInstanceOf(SocketClosedException.class, accept.awaitThrown(), "§7.3: accept woken by close");
        } finally {
            listener.close();
        }
        assertFalse(Files.exists(path.getPath()), "§4.5: close during accept removes the socket file");
    }

    // ---- §4.6

    /**
     * Close, then listen on the same address, twenty times in a row. Each listener has waited in
     * {@code accept} first (a provider with a selector has registered it then, and a channel registered
     * with a selector keeps its descriptor until the selector deregisters it): on even rounds a client
     * ends the wait, on odd ones the close does, from another thread (§7.3).
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s4_6_aClosedListenersAddressCanBeListenedOnAgainAtOnce(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketProvider provider = serverProvider();
        Listener listener = provider.listen(anyLocal(domain));
        SocketAddress address = listener.localAddress();
        try {
            for (int i = 1; i <= REBINDS; i++) {
                Listener current = listener;
                BlockedCall<Connection> accept = BlockedCall.start("accept", current::accept).awaitBlockedIn("accept");
                if (i % 2 == 0) {
                    try (Connection client = clientProvider().connect(address);
                            Connection accepted = accept.awaitValue(BOUND)) {
                        assertTrue(client.isOpen() && accepted.isOpen(), "§4.6: the listener accepts");
                        client.close();
                        assertEquals(-1, assertTimeoutPreemptively(BOUND, () -> accepted.read(ByteBuffer.allocate(1))),
                                "§7.4: the accepted end reads the client's close");
                    }
                    current.close();
                } else {
                    current.close();
                    assertInstanceOf(SocketClosedException.class, accept.awaitThrown(), "§7.3: accept woken by close");
                }
                int round = i;
                try {
                    listener = provider.listen(address);
                } catch (BindException e) {
                    throw new AssertionFailedError("§4.6: listen on " + Loopback.format(address) + " right after close() returned"
                            + (round % 2 == 0 ? "" : " (it woke an accept)") + ", round " + round + " of " + REBINDS + ": " + e, e);
                }
                assertEquals(address, listener.localAddress(), () -> "§4.6: the same address, round " + round);
            }
        } finally {
            listener.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s4_6_aClosedServersAddressCanBeServedOnAgainAtOnce(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketProvider provider = serverProvider();
        Server server = provider.serve(anyLocal(domain), Streams::echo);
        SocketAddress address = server.localAddress();
        try {
            for (int i = 1; i <= REBINDS; i++) {
                server.close();
                int round = i;
                try {
                    server = provider.serve(address, Streams::echo);
                } catch (BindException e) {
                    throw new AssertionFailedError("§4.6: serve on " + Loopback.format(address) + " right after close() returned, round "
                            + round + " of " + REBINDS + ": " + e, e);
                }
            }
            try (Connection client = clientProvider().connect(address)) {
                client.write(ByteBuffer.wrap(new byte[] {46}));
                assertArrayEquals(new byte[] {46}, assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(client, 1)),
                        "§4.6: the server served last echoes");
            }
        } finally {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s4_6_aListenersPortIsFreeAtOnceAlsoWithConnectionsInTimeWait(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketProvider provider = serverProvider();
        Listener listener = provider.listen(anyLocal(domain));
        SocketAddress address = listener.localAddress();
        try {
            for (int i = 1; i <= 3; i++) {
                // This side closes first, and its end of the connection stays in TIME_WAIT on the listener's port.
                try (Connection client = clientProvider().connect(address);
                        Connection accepted = assertTimeoutPreemptively(BOUND, listener::accept, "accept")) {
                    accepted.close();
                    assertEquals(-1, assertTimeoutPreemptively(BOUND, () -> client.read(ByteBuffer.allocate(1))),
                            "§7.4: the client reads the close");
                }
                listener.close();
                int round = i;
                try {
                    listener = provider.listen(address);
                } catch (BindException e) {
                    throw new AssertionFailedError("§4.6: listen on " + Loopback.format(address) + " after close(), with a connection"
                            + " of the listener in TIME_WAIT (round " + round + "): " + e, e);
                }
            }
        } finally {
            listener.close();
        }
    }
}
