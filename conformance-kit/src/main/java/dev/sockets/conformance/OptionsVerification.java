package dev.sockets.conformance;

import static java.net.StandardSocketOptions.IP_TOS;
import static java.net.StandardSocketOptions.SO_BROADCAST;
import static java.net.StandardSocketOptions.SO_KEEPALIVE;
import static java.net.StandardSocketOptions.SO_LINGER;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_REUSEPORT;
import static java.net.StandardSocketOptions.SO_SNDBUF;
import static java.net.StandardSocketOptions.TCP_NODELAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

/**
 * §10, socket options: {@code setsockopt} and {@code getsockopt}, typed with the JDK's
 * {@link SocketOption}s. A supported option reads back what was set (or, for buffer sizes, what the
 * system rounded it to); an unsupported one is refused with {@link UnsupportedOperationException}
 * naming it, never silently ignored, and when it comes in an options record, before any descriptor
 * is left open or any connection made; a bad value is refused with {@link IllegalArgumentException}
 * naming the option, where it is written.
 *
 * <p>That options of {@link StreamOptions} are applied before connect (§3.4) and those of
 * {@link ListenOptions#connectionOptions()} to accepted connections (§4.3) is checked in
 * {@link ConnectVerification} and {@link ListenAcceptVerification}.
 *
 * <p>The option nobody supports, {@code KIT_MADE_UP_OPTION}, stands for any option a provider does not know: it
 * must be refused like {@code TCP_NODELAY} on a UNIX-domain socket, not dropped.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class OptionsVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected OptionsVerification() {
    }

    /** An option that no socket supports: a provider must refuse it, not ignore it (§10.2). */
    private static final SocketOption<Boolean> MADE_UP = new SocketOption<>() {
        @Override
        public String name() {
            return "KIT_MADE_UP_OPTION";
        }

        @Override
        public Class<Boolean> type() {
            return Boolean.class;
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /** SO_LINGER values that must read back as set: off (−1), an abortive close (0), and timeouts in seconds. */
    private static final List<Integer> LINGERS = List.of(0, 1, 30, 65_535, -1);

    // ---- §10.1 read and set

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s10_1_tcpNoDelayReadsBackWhatWasSet(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (Connection end : ends(pair)) {
                assertBooleanRoundTrip(end, TCP_NODELAY);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s10_1_keepAliveReadsBackWhatWasSet(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (Connection end : ends(pair)) {
                assertBooleanRoundTrip(end, SO_KEEPALIVE);
            }
        }
    }

    /**
     * Options given when a socket is made are set on it before it is used: a connection's and an accepted one's
     * ({@code TCP_NODELAY}, {@code SO_KEEPALIVE}, both off by default), and a datagram endpoint's
     * ({@code SO_BROADCAST}, off by default) read back true.
     */
    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s10_1_optionsGivenWhenASocketIsMadeAreSet(Domain domain) throws IOException {
        StreamOptions given = StreamOptions.defaults().with(TCP_NODELAY, true).with(SO_KEEPALIVE, true);
        try (ConnectedPair pair = connectedPair(domain, given, ListenOptions.defaults().withConnectionOptions(given))) {
            for (Connection end : ends(pair)) {
                for (SocketOption<Boolean> option : List.of(TCP_NODELAY, SO_KEEPALIVE)) {
                    assertEquals(true, end.option(option), () -> "§10.1: " + option + " given in the options of " + end);
                }
            }
        }
        if (provider().supports(domain, SocketType.DATAGRAM)) {
            try (DatagramEndpoint plain = provider().openDatagram(anyLocal(domain));
                    DatagramEndpoint broadcasting = provider().openDatagram(anyLocal(domain),
                            DatagramOptions.defaults().with(SO_BROADCAST, true))) {
                assertEquals(false, plain.option(SO_BROADCAST), "SO_BROADCAST is off by default");
                assertEquals(true, broadcasting.option(SO_BROADCAST),
                        "§10.1: SO_BROADCAST given in a datagram endpoint's options");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_1_bufferSizesArePositive(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (Connection end : ends(pair)) {
                for (SocketOption<Integer> option : List.of(SO_SNDBUF, SO_RCVBUF)) {
                    assertTrue(end.supportedOptions().contains(option), () -> "§10.1: supportedOptions() lacks " + option);
                    assertPositive(end, option, "by default");
                    // The smallest valid value, which the system rounds up, then a large one it may cap.
                    for (int size : new int[] {1, 256 * 1024}) {
                        assertSame(end, end.option(option, size), "§10.1: option(o, v) returns the connection");
                        assertPositive(end, option, "after setting " + size);
                    }
                }
                assertStillUsable(pair);
            }
        }
    }

    /**
     * A buffer size is applied, not only taken: on a connection's two ends and on a datagram endpoint, given in the
     * options or set by {@code option(o, v)}, {@link #LARGE_BUFFER} reads back more than {@link #SMALL_BUFFER}.
     * The system rounds, doubles or caps a size (§10.4), so the kit compares the two, and does not equate either.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_1_aBufferSizeGivenOrSetIsApplied(Domain domain) throws IOException {
        for (SocketOption<Integer> option : List.of(SO_SNDBUF, SO_RCVBUF)) {
            if (provider().supports(domain, SocketType.STREAM)) {
                try (ConnectedPair pair = connectedPair(domain)) {
                    for (Connection end : ends(pair)) {
                        assertBufferSizeApplied(option, "set on " + end, size -> end.option(option, size).option(option));
                    }
                }
                assertBufferSizeApplied(option, "given in a connect's options", size -> {
                    try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().with(option, size), ListenOptions.defaults())) {
                        return pair.client().option(option);
                    }
                });
                assertBufferSizeApplied(option, "given in a listener's connection options", size -> {
                    try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults(),
                            ListenOptions.defaults().withConnectionOptions(StreamOptions.defaults().with(option, size)))) {
                        return pair.server().option(option);
                    }
                });
            }
            if (provider().supports(domain, SocketType.DATAGRAM)) {
                try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain))) {
                    assertBufferSizeApplied(option, "set on a datagram endpoint", size -> endpoint.option(option, size).option(option));
                }
                assertBufferSizeApplied(option, "given in a datagram endpoint's options", size -> {
                    try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain), DatagramOptions.defaults().with(option, size))) {
                        return endpoint.option(option);
                    }
                });
            }
        }
    }

    /**
     * A listener's own options ({@link ListenOptions#with}) are set on its socket before it binds. A listener has no
     * {@code option()} to read them back, so the kit shows it by what {@code SO_REUSEPORT} does: a second listener
     * that gives it binds the port of a first that gave it too, where without it the bind fails (§4.2). A provider
     * whose listeners do not take {@code SO_REUSEPORT} refuses it (§10.2), and the test is skipped saying so.
     */
    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s10_1_aListenersOwnOptionsAreSetBeforeItBinds(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        ListenOptions sharing = ListenOptions.defaults().with(SO_REUSEPORT, true);
        Listener first;
        try {
            first = serverProvider().listen(anyLocal(domain), sharing);
        } catch (UnsupportedOperationException e) {
            first = abort("provider '" + serverProvider().name() + "' refuses SO_REUSEPORT on listeners: " + e.getMessage());
        }
        try (Listener closing = first) {
            SocketAddress address = first.localAddress();
            try (Listener second = serverProvider().listen(address, sharing)) {
                assertEquals(address, second.localAddress(), "§10.1: the second listener's address");
            } catch (BindException e) {
                throw new AssertionFailedError("§10.1: two listeners given SO_REUSEPORT in their ListenOptions could not share "
                        + Loopback.format(address) + ", so the option was not set before bind: " + e, e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_1_lingerReadsBackWhatWasSet(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (Connection end : ends(pair)) {
                assertTrue(end.supportedOptions().contains(SO_LINGER), "§10.1: supportedOptions() lacks SO_LINGER");
                for (int linger : LINGERS) {
                    assertSame(end, end.option(SO_LINGER, linger), "§10.1: option(o, v) returns the connection");
                    assertEquals(linger, end.option(SO_LINGER), "§10.1: SO_LINGER read back after setting " + linger);
                }
            }
        }
    }

    // ---- §10.2 unsupported options

    @Test
    void required_s10_2_tcpNoDelayOnUnixDomainIsRefusedAtConnect() throws IOException {
        assertRefusedAtConnect(Domain.UNIX, StreamOptions.defaults().with(TCP_NODELAY, true), TCP_NODELAY);
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_2_unknownOptionIsRefusedAtConnect(Domain domain) throws IOException {
        assertRefusedAtConnect(domain, StreamOptions.defaults().with(MADE_UP, true), MADE_UP);
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_2_unsupportedOptionIsRefusedOnAConnection(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            List<SocketOption<Boolean>> unsupported = domain == Domain.UNIX ? List.of(TCP_NODELAY, MADE_UP) : List.of(MADE_UP);
            for (Connection end : ends(pair)) {
                for (SocketOption<Boolean> option : unsupported) {
                    assertFalse(end.supportedOptions().contains(option), () -> "§10.2: supportedOptions() lists " + option);
                    assertNamesOption(option, assertThrows(UnsupportedOperationException.class, () -> end.option(option, true),
                            "§10.2: option(" + option + ", true) on an " + domain.posixName() + " connection"));
                    assertNamesOption(option, assertThrows(UnsupportedOperationException.class, () -> end.option(option),
                            "§10.2: option(" + option + ") on an " + domain.posixName() + " connection"));
                }
                assertTrue(end.isOpen(), "§10.2: a refused option leaves the connection open");
            }
            assertStillUsable(pair);
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_2_unknownOptionIsRefusedAtListen(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketAddress local = anyLocal(domain);
        long before = Descriptors.open();
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> serverProvider().listen(local, ListenOptions.defaults().with(MADE_UP, true)).close(),
                "§10.2: listen with an unsupported option");
        assertNamesOption(MADE_UP, refused);
        assertNoDescriptorLeftSince(before, "listen refused an option");
        if (local instanceof UnixDomainSocketAddress unix) {
            assertFalse(Files.exists(unix.getPath()), "§10.2, §13.3: listen refused an option and left its socket file");
        }
        // The address is free: nothing was left bound to it.
        serverProvider().listen(local).close();
    }

    /**
     * The options a listener gives its connections (§4.3) are checked at {@code listen}, with its own: an option the
     * connections could not take is refused there, not at the first accept, when a client is already connected.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_2_anUnsupportedConnectionOptionIsRefusedAtListen(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketOption<Boolean> unsupported = domain == Domain.UNIX ? TCP_NODELAY : MADE_UP;
        SocketAddress local = anyLocal(domain);
        long before = Descriptors.open();
        ListenOptions options = ListenOptions.defaults().withConnectionOptions(StreamOptions.defaults().with(unsupported, true));
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> serverProvider().listen(local, options).close(), "§10.2: listen whose connection options hold " + unsupported);
        assertNamesOption(unsupported, refused);
        assertNoDescriptorLeftSince(before, "listen refused a connection option");
        serverProvider().listen(local).close();
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_2_unsupportedOptionIsRefusedAtOpenDatagram(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        for (SocketOption<Boolean> option : List.of(TCP_NODELAY, MADE_UP)) {
            SocketAddress local = anyLocal(domain);
            long before = Descriptors.open();
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                    () -> provider().openDatagram(local, DatagramOptions.defaults().with(option, true)).close(),
                    "§10.2: openDatagram with " + option);
            assertNamesOption(option, refused);
            assertNoDescriptorLeftSince(before, "openDatagram refused " + option);
        }
    }

    // ---- §10.3 values

    @Test
    void required_s10_3_valueOfTheWrongTypeIsRefusedWhenOptionsAreMade() {
        SocketOption<Object> noDelay = mistyped(TCP_NODELAY);
        SocketOption<Object> receiveBuffer = mistyped(SO_RCVBUF);
        SocketOption<Object> linger = mistyped(SO_LINGER);
        assertRefusedNaming(TCP_NODELAY, () -> StreamOptions.defaults().with(noDelay, 1));
        assertRefusedNaming(SO_RCVBUF, () -> ListenOptions.defaults().with(receiveBuffer, "big"));
        assertRefusedNaming(SO_LINGER, () -> DatagramOptions.defaults().with(linger, true));
        assertRefusedNaming(TCP_NODELAY, () -> new StreamOptions(Duration.ZERO, Duration.ZERO, Map.of(TCP_NODELAY, "yes")));
        assertRefusedNaming(SO_SNDBUF, () -> new DatagramOptions(Duration.ZERO, Map.of(SO_SNDBUF, 1L)));
        assertRefusedNaming(SO_KEEPALIVE, () -> ListenOptions.defaults()
                .withConnectionOptions(new StreamOptions(Duration.ZERO, Duration.ZERO, Map.of(SO_KEEPALIVE, 1))));
    }

    @Test
    void required_s10_3_bufferSizeBelowOneIsRefusedWhenOptionsAreMade() {
        for (SocketOption<Integer> option : List.of(SO_SNDBUF, SO_RCVBUF)) {
            for (int size : new int[] {0, -1, Integer.MIN_VALUE}) {
                assertRefusedNaming(option, () -> StreamOptions.defaults().with(option, size));
                assertRefusedNaming(option, () -> ListenOptions.defaults().with(option, size));
                assertRefusedNaming(option, () -> DatagramOptions.defaults().with(option, size));
                assertRefusedNaming(option, () -> new StreamOptions(Duration.ZERO, Duration.ZERO, Map.of(option, size)));
            }
            // The smallest valid size is accepted.
            assertEquals(1, StreamOptions.defaults().with(option, 1).option(option).orElseThrow());
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_3_invalidValueIsRefusedWhenSetOnAConnection(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            SocketOption<Object> receiveBuffer = mistyped(SO_RCVBUF);
            for (Connection end : ends(pair)) {
                assertRefusedNaming(SO_RCVBUF, () -> end.option(SO_RCVBUF, 0));
                assertRefusedNaming(SO_SNDBUF, () -> end.option(SO_SNDBUF, -1));
                assertRefusedNaming(SO_RCVBUF, () -> end.option(receiveBuffer, "big"));
                assertPositive(end, SO_RCVBUF, "after refused values");
                assertPositive(end, SO_SNDBUF, "after refused values");
            }
            assertStillUsable(pair);
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_3_invalidValueIsRefusedWhenSetOnADatagramEndpoint(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain))) {
            SocketOption<Object> sendBuffer = mistyped(SO_SNDBUF);
            assertRefusedNaming(SO_SNDBUF, () -> endpoint.option(SO_SNDBUF, 0));
            assertRefusedNaming(SO_RCVBUF, () -> endpoint.option(SO_RCVBUF, -1));
            assertRefusedNaming(SO_SNDBUF, () -> endpoint.option(sendBuffer, Boolean.TRUE));
            assertTrue(endpoint.option(SO_SNDBUF) > 0, "§10.3: SO_SNDBUF after refused values");
            assertTrue(endpoint.isOpen(), "§10.3: a refused value leaves the endpoint open");
        }
    }

    // ---- §10.4 numeric options at their limits

    /** The largest buffer size an int holds; the system caps it at its own limit (net.core.[rw]mem_max). */
    private static final int LARGEST = Integer.MAX_VALUE;

    /** What {@code Integer.MAX_VALUE + 1} wraps to: a value past the largest that must not pass as a size. */
    private static final int OVERFLOWED = Integer.MAX_VALUE + 1;

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_4_bufferSizesOfOneAndTheLargestIntAreTakenAndRounded(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        StreamOptions largest = StreamOptions.defaults().with(SO_SNDBUF, LARGEST).with(SO_RCVBUF, LARGEST);
        ListenOptions smallest = ListenOptions.defaults().withConnectionOptions(StreamOptions.defaults().with(SO_SNDBUF, 1).with(SO_RCVBUF, 1));
        try (ConnectedPair pair = connectedPair(domain, largest, smallest)) {
            for (Connection end : ends(pair)) {
                for (SocketOption<Integer> option : List.of(SO_SNDBUF, SO_RCVBUF)) {
                    assertPositive(end, option, "§10.4: in options of 1 or Integer.MAX_VALUE");
                    for (int size : new int[] {LARGEST, 1}) {
                        assertSame(end, end.option(option, size), "§10.4: option(o, v) returns the connection");
                        assertPositive(end, option, "§10.4: after setting " + size);
                    }
                    assertRefusedNaming(option, () -> end.option(option, OVERFLOWED));
                }
            }
            assertStillUsable(pair);
        }
        if (provider().supports(domain, SocketType.DATAGRAM)) {
            try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain),
                    DatagramOptions.defaults().with(SO_SNDBUF, LARGEST).with(SO_RCVBUF, 1))) {
                for (SocketOption<Integer> option : List.of(SO_SNDBUF, SO_RCVBUF)) {
                    assertTrue(endpoint.option(option) > 0, () -> "§10.4: " + option + " of a datagram endpoint opened with 1 or Integer.MAX_VALUE");
                    for (int size : new int[] {LARGEST, 1}) {
                        endpoint.option(option, size);
                        assertTrue(endpoint.option(option) > 0, () -> "§10.4: " + option + " of a datagram endpoint after setting " + size);
                    }
                    assertRefusedNaming(option, () -> endpoint.option(option, OVERFLOWED));
                }
                assertTrue(endpoint.isOpen(), "§10.4: the endpoint stays open");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_4_lingerPastItsLargestIsTheLargestAndBelowZeroIsOff(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        Map<Integer, Integer> readsBack = new LinkedHashMap<>();
        readsBack.put(65_536, 65_535);
        readsBack.put(Integer.MAX_VALUE, 65_535);
        readsBack.put(Integer.MIN_VALUE, -1);
        readsBack.put(-2, -1);
        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().with(SO_LINGER, Integer.MAX_VALUE), ListenOptions.defaults())) {
            assertEquals(65_535, pair.client().option(SO_LINGER), "§10.4: SO_LINGER of Integer.MAX_VALUE in the options reads back");
            for (Connection end : ends(pair)) {
                for (Map.Entry<Integer, Integer> linger : readsBack.entrySet()) {
                    end.option(SO_LINGER, linger.getKey());
                    assertEquals(linger.getValue(), end.option(SO_LINGER), "§10.4: SO_LINGER read back after setting " + linger.getKey());
                }
            }
            assertStillUsable(pair);
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s10_4_backlogAndMaxConnectionsOfOneAndTheLargestIntServeAClient(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        for (int limit : new int[] {1, Integer.MAX_VALUE}) {
            try (Listener listener = provider().listen(anyLocal(domain), ListenOptions.defaults().withBacklog(limit));
                    Connection client = provider().connect(listener.localAddress());
                    Connection accepted = listener.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {7}));
                assertEquals(7, readOne(accepted), "§10.4: a listener with a backlog of " + limit + " accepts a client");
            }
            ServerOptions options = ServerOptions.defaults().withMaxConnections(limit).withListenOptions(ListenOptions.defaults().withBacklog(limit));
            try (Server server = provider().serve(anyLocal(domain), connection -> connection.write(ByteBuffer.wrap(new byte[] {(byte) readOne(connection)})), options);
                    Connection client = provider().connect(server.localAddress())) {
                client.write(ByteBuffer.wrap(new byte[] {9}));
                assertEquals(9, readOne(client), "§10.4: a server with a backlog and maxConnections of " + limit + " serves a client");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ListenOptions.defaults().withBacklog(OVERFLOWED), "§10.4: a backlog of Integer.MIN_VALUE");
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.defaults().withMaxConnections(OVERFLOWED),
                "§10.4: a maxConnections of Integer.MIN_VALUE");
    }

    /** The values just past {@code IP_TOS}'s eight bits, and the ints at either end, which must not pass as a byte. */
    private static final int[] PAST_A_BYTE = {-1, 256, Integer.MIN_VALUE, Integer.MAX_VALUE};

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s10_4_trafficClassOfZeroAnd255IsTakenAndPastThemRefused(Domain domain) throws IOException {
        for (int past : PAST_A_BYTE) {
            assertRefusedNaming(IP_TOS, () -> StreamOptions.defaults().with(IP_TOS, past));
            assertRefusedNaming(IP_TOS, () -> DatagramOptions.defaults().with(IP_TOS, past));
        }
        assumeSupported(domain, SocketType.STREAM);
        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().with(IP_TOS, 255), ListenOptions.defaults())) {
            assertTrafficClass(255, pair.client().option(IP_TOS), "a connection given 255 in its options");
            for (Connection end : ends(pair)) {
                for (int tos : new int[] {255, 0, 255}) {
                    assertSame(end, end.option(IP_TOS, tos), "§10.4: option(o, v) returns the connection");
                    assertTrafficClass(tos, end.option(IP_TOS), "a connection after setting " + tos);
                }
                for (int past : PAST_A_BYTE) {
                    assertRefusedNaming(IP_TOS, () -> end.option(IP_TOS, past));
                }
                assertTrafficClass(255, end.option(IP_TOS), "a connection whose values past a byte were refused");
            }
            assertStillUsable(pair);
        }
        if (provider().supports(domain, SocketType.DATAGRAM)) {
            try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain), DatagramOptions.defaults().with(IP_TOS, 255))) {
                assertTrafficClass(255, endpoint.option(IP_TOS), "a datagram endpoint given 255 in its options");
                for (int tos : new int[] {0, 255}) {
                    endpoint.option(IP_TOS, tos);
                    assertTrafficClass(tos, endpoint.option(IP_TOS), "a datagram endpoint after setting " + tos);
                }
                for (int past : PAST_A_BYTE) {
                    assertRefusedNaming(IP_TOS, () -> endpoint.option(IP_TOS, past));
                }
                assertTrafficClass(255, endpoint.option(IP_TOS), "a datagram endpoint whose values past a byte were refused");
            }
        }
    }

    /**
     * Asserts that {@code IP_TOS} reads back {@code set} in its upper six bits, the DSCP: the system keeps the two
     * low ones, the ECN field, for itself on TCP (Linux reads 255 back as 252 there), and as set on UDP.
     */
    private static void assertTrafficClass(int set, int read, String what) {
        assertEquals(set & ~ECN_BITS, read & ~ECN_BITS, () -> "§10.4: IP_TOS of " + what + " reads back " + read);
        assertTrue(read >= 0 && read <= 255, () -> "§10.4: IP_TOS of " + what + " reads back " + read + ", not a byte");
    }

    /** The two low bits of the IPv4 TOS and IPv6 traffic class: explicit congestion notification, the system's. */
    private static final int ECN_BITS = 0b11;

    // ---- helpers

    /**
     * Connects with {@code options}, which hold an option the domain does not support, and checks that
     * connect refuses it naming it, leaves no descriptor, and made no connection: the next client
     * the listener accepts is a good one, not an abandoned first attempt.
     */
    private void assertRefusedAtConnect(Domain domain, StreamOptions options, SocketOption<?> unsupported) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(domain))) {
            long before = Descriptors.open();
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                    () -> clientProvider().connect(listener.localAddress(), options).close(),
                    "§10.2: connect with " + unsupported + " over " + domain.posixName());
            assertNamesOption(unsupported, refused);
            assertNoDescriptorLeftSince(before, "connect refused " + unsupported);

            try (Connection client = clientProvider().connect(listener.localAddress());
                    Connection accepted = listener.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer one = ByteBuffer.allocate(1);
                assertEquals(1, accepted.read(one),
                        "§10.2: the refused connect made a connection (the first client accepted is at end of stream)");
                assertEquals(42, one.get(0));
            }
        }
    }

    private static void assertNoDescriptorLeftSince(long before, String what) {
        Descriptors.awaitNoMoreThan(before, "§10.2, §13.1: " + what + " and left a socket descriptor open");
    }

    private static void assertBooleanRoundTrip(Connection end, SocketOption<Boolean> option) throws IOException {
        assertTrue(end.supportedOptions().contains(option), () -> "§10.1: supportedOptions() lacks " + option);
        for (boolean value : new boolean[] {true, false, true}) {
            assertSame(end, end.option(option, value), "§10.1: option(o, v) returns the connection");
            assertEquals(value, end.option(option), () -> "§10.1: " + option + " read back after setting " + value);
        }
    }

    private static void assertPositive(Connection end, SocketOption<Integer> option, String when) throws IOException {
        int value = end.option(option);
        assertTrue(value > 0, () -> "§10.1: " + option + " " + when + " is " + value + ", not positive");
    }

    /** Asserts that {@code e}'s message names {@code option} (§10.2, §10.3); the raw endpoint's tests use it too. */
    static void assertNamesOption(SocketOption<?> option, RuntimeException e) {
        assertTrue(e.getMessage() != null && e.getMessage().contains(option.name()),
                () -> "the message should name " + option.name() + ": " + e.getMessage());
    }

    /** Asserts that {@code setting} throws {@link IllegalArgumentException} naming {@code option} (§10.3). */
    static void assertRefusedNaming(SocketOption<?> option, Executable setting) {
        assertNamesOption(option, assertThrows(IllegalArgumentException.class, setting,
                () -> "§10.3: an invalid value of " + option.name()));
    }

    /** Both ends of the pair still carry bytes both ways. */
    private static void assertStillUsable(ConnectedPair pair) throws IOException {
        pair.client().write(ByteBuffer.wrap(new byte[] {1}));
        assertEquals(1, readOne(pair.server()), "the connection still carries bytes to the server");
        pair.server().write(ByteBuffer.wrap(new byte[] {2}));
        assertEquals(2, readOne(pair.client()), "the connection still carries bytes to the client");
    }

    private static int readOne(Connection connection) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (connection.read(one) < 0) {
            throw new EOFException("end of stream");
        }
        return one.get(0);
    }

    /** Two buffer sizes that a system may round or double, but caps to the same value on none that the kit runs on. */
    static final int SMALL_BUFFER = 2 * 1024;

    /** See {@link #SMALL_BUFFER}: 16 times as large, far below Linux's default cap (212,992 bytes). */
    static final int LARGE_BUFFER = 32 * 1024;

    /** Sets a buffer size, one way or another, and returns what the socket reads back. */
    @FunctionalInterface
    interface BufferSize {
        int setAndRead(int size) throws IOException;
    }

    /**
     * Checks that {@code option}, set as {@code way} does, is applied (§10.1): set to {@link #LARGE_BUFFER} it reads
     * back more than set to {@link #SMALL_BUFFER}. Package-private for the raw endpoint's test (§14.3).
     */
    static void assertBufferSizeApplied(SocketOption<Integer> option, String how, BufferSize way) throws IOException {
        int small = way.setAndRead(SMALL_BUFFER);
        int large = way.setAndRead(LARGE_BUFFER);
        assertTrue(large > small, () -> "§10.1: " + option + " " + how + " reads back " + large + " when set to " + LARGE_BUFFER
                + " and " + small + " when set to " + SMALL_BUFFER + ": a size is applied (the system may round, double or cap it)");
    }

    private static List<Connection> ends(ConnectedPair pair) {
        return List.of(pair.client(), pair.server());
    }

    /** {@code option} seen as taking any value: a raw cast, as careless code might write it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SocketOption<Object> mistyped(SocketOption<?> option) {
        return (SocketOption) option;
    }
}
