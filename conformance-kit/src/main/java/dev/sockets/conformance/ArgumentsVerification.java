package dev.sockets.conformance;

import static dev.sockets.conformance.Streams.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.ConnectionResetException;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.OutputShutdownException;
import dev.sockets.ServerOptions;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Addresses;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.core.Gen;

/**
 * §2, arguments: bad input fails at once, with the exception SPEC.md names, and opens nothing; and
 * every condition the kit can provoke is reported with its type (§2.5) and its exact message (§2.6).
 *
 * <p>Where the bad values form a range (negative timeouts, backlogs below 1, ports outside
 * 0..65535, paths longer than {@code sun_path}) the tests are properties over the whole range, with
 * its edges. A failing property prints its seed ("Seed was 1234"); replay it with
 * {@code -DQT_SEED=1234}.
 */
public abstract class ArgumentsVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected ArgumentsVerification() {
    }

    /** A bound on calls that must fail at once: reached only by a provider that waits instead. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    private static final ConnectionHandler NOTHING = connection -> { };

    // §2.1 ----------------------------------------------------------------------------------------

    @Test
    void required_s2_1_nullArgumentsThrowNullPointerExceptionNamingTheParameter() throws IOException {
        SocketProvider provider = provider();
        SocketAddress address = anyLocal(Domain.INET);
        Set<String> addressNames = Set.of("address", "remote", "local");
        long before = Descriptors.open();

        assertNpeNaming(addressNames, () -> provider.connect(null, StreamOptions.defaults()), "connect(null, options)");
        assertNpeNaming(Set.of("options"), () -> provider.connect(address, null), "connect(address, null)");
        assertNpeNaming(addressNames, () -> provider.listen(null, ListenOptions.defaults()), "listen(null, options)");
        assertNpeNaming(Set.of("options"), () -> provider.listen(address, null), "listen(address, null)");
        assertNpeNaming(addressNames, () -> provider.openDatagram(null, DatagramOptions.defaults()), "openDatagram(null, options)");
        assertNpeNaming(Set.of("options"), () -> provider.openDatagram(address, null), "openDatagram(address, null)");
        assertNpeNaming(addressNames, () -> provider.serve(null, NOTHING, ServerOptions.defaults()), "serve(null, handler, options)");
        assertNpeNaming(Set.of("handler"), () -> provider.serve(address, null, ServerOptions.defaults()), "serve(address, null, options)");
        assertNpeNaming(Set.of("options"), () -> provider.serve(address, NOTHING, null), "serve(address, handler, null)");
        Descriptors.awaitNoMoreThan(before, "§2.2: a refused call opens no descriptor");

        try (ConnectedPair pair = connectedPair(Domain.INET)) {
            assertThrows(NullPointerException.class, () -> pair.client().option(null), "§2.1: option(null)");
            assertThrows(NullPointerException.class, () -> pair.client().option(null, 1), "§2.1: option(null, value)");
            assertThrows(NullPointerException.class, () -> pair.client().option(StandardSocketOptions.SO_RCVBUF, null),
                    "§2.1: option(SO_RCVBUF, null)");
        }
    }

    @Test
    void required_s2_1_nullOptionsValuesAreRefusedWhenTheOptionsAreMade() {
        assertNpeNaming(Set.of("connectTimeout"), () -> StreamOptions.defaults().withConnectTimeout(null), "withConnectTimeout(null)");
        assertNpeNaming(Set.of("readTimeout"), () -> StreamOptions.defaults().withReadTimeout(null), "withReadTimeout(null)");
        assertNpeNaming(Set.of("acceptTimeout"), () -> ListenOptions.defaults().withAcceptTimeout(null), "withAcceptTimeout(null)");
        assertNpeNaming(Set.of("receiveTimeout"), () -> DatagramOptions.defaults().withReceiveTimeout(null), "withReceiveTimeout(null)");
        assertNpeNaming(Set.of("shutdownTimeout"), () -> ServerOptions.defaults().withShutdownTimeout(null), "withShutdownTimeout(null)");
        assertNpeNaming(Set.of("connectionOptions"), () -> ListenOptions.defaults().withConnectionOptions(null),
                "withConnectionOptions(null)");
        assertNpeNaming(Set.of("listenOptions"), () -> ServerOptions.defaults().withListenOptions(null), "withListenOptions(null)");
    }

    @Test
    void required_s2_1_anyNegativeTimeoutIsRefusedNamingTheParameterAndTheValue() {
        qt().withExamples(300).forAll(negativeDurations()).checkAssert(timeout -> {
            assertRefusedNaming("connectTimeout", timeout, () -> StreamOptions.defaults().withConnectTimeout(timeout));
            assertRefusedNaming("readTimeout", timeout, () -> StreamOptions.defaults().withReadTimeout(timeout));
            assertRefusedNaming("acceptTimeout", timeout, () -> ListenOptions.defaults().withAcceptTimeout(timeout));
            assertRefusedNaming("receiveTimeout", timeout, () -> DatagramOptions.defaults().withReceiveTimeout(timeout));
            assertRefusedNaming("shutdownTimeout", timeout, () -> ServerOptions.defaults().withShutdownTimeout(timeout));
        });
    }

    @Test
    void required_s2_1_anyBacklogOrConnectionLimitBelowOneIsRefused() {
        Gen<Integer> belowOne = integers().between(Integer.MIN_VALUE, 0).mix(integers().between(-2, 0), 50);
        qt().withExamples(300).forAll(belowOne).checkAssert(n -> {
            assertRefusedNaming("backlog", n, () -> ListenOptions.defaults().withBacklog(n));
            assertRefusedNaming("maxConnections", n, () -> ServerOptions.defaults().withMaxConnections(n));
        });
        assertEquals(1, ListenOptions.defaults().withBacklog(1).backlog(), "§2.1: a backlog of 1 is valid");
        assertEquals(1, ServerOptions.defaults().withMaxConnections(1).maxConnections(), "§2.1: a limit of 1 is valid");
    }

    @Test
    void required_s2_1_portsOutside0To65535CannotBeExpressed() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int port : new int[] {-1, 65_536}) {
            assertThrows(IllegalArgumentException.class, () -> new InetSocketAddress(loopback, port),
                    "§2.1: new InetSocketAddress(127.0.0.1, " + port + ")");
            assertThrows(IllegalArgumentException.class, () -> InetSocketAddress.createUnresolved("localhost", port),
                    "§2.1: InetSocketAddress.createUnresolved(\"localhost\", " + port + ")");
        }
        Gen<Integer> outOfRange = integers().between(Integer.MIN_VALUE, -1).mix(integers().between(65_536, Integer.MAX_VALUE));
        qt().withExamples(300).forAll(outOfRange).checkAssert(port -> assertThrows(IllegalArgumentException.class,
                () -> new InetSocketAddress(loopback, port), "§2.1: new InetSocketAddress(127.0.0.1, " + port + ")"));
        assertEquals(65_535, new InetSocketAddress(loopback, 65_535).getPort(), "§2.1: 65535 is a port");
    }

    // §2.2 ----------------------------------------------------------------------------------------

    @Test
    void required_s2_2_unresolvedAndUnknownAddressesAreRefusedBeforeAnySystemCall() {
        SocketProvider provider = provider();
        SocketAddress unknown = new SocketAddress() {
            private static final long serialVersionUID = 1L;

            @Override
            public String toString() {
                return "an address of no known type";
            }
        };
        long before = Descriptors.open();
        qt().withExamples(20).forAll(hostNames(), integers().between(0, 65_535)).checkAssert((host, port) -> {
            SocketAddress unresolved = InetSocketAddress.createUnresolved(host, port);
            assertRefusedEverywhere(provider, unresolved);
        });
        assertRefusedEverywhere(provider, unknown);
        Descriptors.awaitNoMoreThan(before, "§2.2: a refused address opens no descriptor");
    }

    // §2.3 ----------------------------------------------------------------------------------------

    @Test
    void required_s2_3_aUnixPathLongerThanSunPathIsRefusedSayingTheLimit() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        SocketProvider provider = provider();
        int limit = Addresses.MAX_UNIX_PATH_BYTES;
        int base = socketDir().toString().getBytes(StandardCharsets.UTF_8).length + 1;
        long before = Descriptors.open();
        qt().withExamples(30).forAll(integers().between(limit + 1, limit + 200)).checkAssert(length -> {
            UnixDomainSocketAddress tooLong = UnixDomainSocketAddress.of(socketDir().resolve("p".repeat(length - base)));
            for (Executable call : List.<Executable>of(() -> provider.connect(tooLong).close(), () -> provider.listen(tooLong).close(),
                    () -> provider.serve(tooLong, NOTHING).close())) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                        () -> "§2.3: a UNIX-domain path of " + length + " bytes, the limit is " + limit);
                assertTrue(e.getMessage() != null && e.getMessage().contains("too long") && e.getMessage().contains(String.valueOf(limit)),
                        () -> "§2.3: the message says the path is too long and the limit (" + limit + "): " + e.getMessage());
            }
            assertFalse(Files.exists(tooLong.getPath()), "§2.3: refused before bind: no file");
        });
        Descriptors.awaitNoMoreThan(before, "§2.3: a refused path opens no descriptor");

        Path longest = socketDir().resolve("p".repeat(limit - base));
        assertEquals(limit, longest.toString().getBytes(StandardCharsets.UTF_8).length);
        // The limit the check advertises must be usable: a path of exactly that many bytes binds.
        try (Listener listener = provider.listen(UnixDomainSocketAddress.of(longest))) {
            assertTrue(listener.isOpen(), "§2.3: a path of exactly " + limit + " bytes fits");
        } catch (IOException e) {
            throw new AssertionFailedError("§2.3: a UNIX-domain path of exactly " + limit + " bytes, the limit the check allows"
                    + " (dev.sockets.spi.Addresses.MAX_UNIX_PATH_BYTES), passed the check but failed in bind: " + e
                    + "; the JDK takes at most sizeof(sun_path) - 2 bytes", e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s2_3_aDatagramPeerOfAnotherDomainIsRefusedNamingBoth(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        Domain other = domain == Domain.INET ? Domain.INET6 : Domain.INET;
        SocketAddress otherInet = new InetSocketAddress(InetAddress.getByName(other == Domain.INET ? "127.0.0.1" : "::1"), 9);
        SocketAddress unix = UnixDomainSocketAddress.of(socketDir().resolve("peer.sock"));
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain))) {
            for (SocketAddress target : List.of(otherInet, unix)) {
                Domain theirs = Domain.of(target);
                assertNamesBoth(domain, theirs, assertThrows(IllegalArgumentException.class,
                        () -> endpoint.send(ByteBuffer.wrap(new byte[] {1}), target), () -> "§2.3: send to " + target));
                assertNamesBoth(domain, theirs, assertThrows(IllegalArgumentException.class,
                        () -> endpoint.connect(target), () -> "§2.3: connect to " + target));
            }
            assertTrue(endpoint.remoteAddress().isEmpty(), "§2.3: a refused connect leaves the endpoint unconnected");
        }
    }

    // §2.4 ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_4_aNullBufferIsRefused(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            assertThrows(NullPointerException.class, () -> pair.client().read(null), "§2.4: read(null)");
            assertThrows(NullPointerException.class, () -> pair.client().write(null), "§2.4: write(null)");
            assertTrue(pair.client().isOpen(), "§2.4: a refused buffer leaves the connection open");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_4_readingIntoAReadOnlyBufferIsRefusedWithNoByteConsumed(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.client().write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer first = ByteBuffer.allocate(1);
            // Reading one byte waits for the write to arrive; "bc" came with it, in the same segment.
            assertTimeoutPreemptively(AT_ONCE, () -> assertEquals(1, pair.server().read(first)), "read of 1 byte");

            ByteBuffer readOnly = ByteBuffer.allocate(8).asReadOnlyBuffer();
            assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(IllegalArgumentException.class,
                    () -> pair.server().read(readOnly), "§2.4: read into a read-only buffer"));
            assertEquals(0, readOnly.position(), "§2.4: the read-only buffer is untouched");

            ByteBuffer rest = ByteBuffer.allocate(8);
            assertTimeoutPreemptively(AT_ONCE, () -> readFully(pair.server(), rest, 2), "§2.4: no byte consumed");
            assertArrayEquals("bc".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(rest.array(), rest.position()),
                    "§2.4: the bytes after a refused read are all there");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s2_4_receivingIntoAReadOnlyBufferIsRefusedWithNoDatagramConsumed(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        DatagramOptions bounded = DatagramOptions.defaults().withReceiveTimeout(AT_ONCE);
        try (DatagramEndpoint sender = provider().openDatagram(anyLocal(domain), bounded);
                DatagramEndpoint receiver = provider().openDatagram(anyLocal(domain), bounded)) {
            assertThrows(NullPointerException.class, () -> receiver.receive(null), "§2.4: receive(null)");
            assertThrows(NullPointerException.class, () -> sender.send(null, receiver.localAddress()), "§2.4: send(null, target)");

            sender.send(ByteBuffer.wrap(new byte[] {1}), receiver.localAddress());
            sender.send(ByteBuffer.wrap(new byte[] {2, 2}), receiver.localAddress());
            ByteBuffer first = ByteBuffer.allocate(8);
            assertTimeoutPreemptively(AT_ONCE, () -> receiver.receive(first));
            assertEquals(1, first.position(), "the first datagram");

            ByteBuffer readOnly = ByteBuffer.allocate(8).asReadOnlyBuffer();
            assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(IllegalArgumentException.class,
                    () -> receiver.receive(readOnly), "§2.4: receive into a read-only buffer"));

            ByteBuffer second = ByteBuffer.allocate(8);
            assertTimeoutPreemptively(AT_ONCE, () -> receiver.receive(second), "§2.4: the next datagram was not consumed");
            assertArrayEquals(new byte[] {2, 2}, Arrays.copyOf(second.array(), second.position()),
                    "§2.4: the datagram after a refused receive is whole");
        }
    }

    // §2.5 ----------------------------------------------------------------------------------------

    @Test
    void required_s2_5_theExceptionsAreIoExceptionsOfOneTaxonomy() {
        for (Class<?> type : List.of(SocketClosedException.class, ConnectionResetException.class, OutputShutdownException.class,
                ConnectException.class, BindException.class, SocketTimeoutException.class)) {
            assertTrue(IOException.class.isAssignableFrom(type), () -> "§2.5: " + type.getName() + " is an IOException");
        }
        assertFalse(SocketClosedException.class.isAssignableFrom(OutputShutdownException.class)
                        && ConnectionResetException.class.isAssignableFrom(OutputShutdownException.class),
                "§2.5: the three conditions are told apart");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_5_eachConditionIsReportedWithItsType(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketProvider provider = provider();

        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withReadTimeout(Duration.ofMillis(200)),
                ListenOptions.defaults())) {
            assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(SocketTimeoutException.class,
                    () -> pair.client().read(ByteBuffer.allocate(1)), "§2.5: a read timeout"));
            pair.client().shutdownOutput();
            assertThrows(OutputShutdownException.class, () -> pair.client().write(ByteBuffer.wrap(new byte[] {1})),
                    "§2.5: write after shutdownOutput");
            pair.client().close();
            assertThrows(SocketClosedException.class, () -> pair.client().read(ByteBuffer.allocate(1)), "§2.5: read after close");

            SocketAddress inUse = pair.listener().localAddress();
            assertThrows(BindException.class, () -> provider.listen(inUse).close(), "§2.5: listen on an address in use");
        }

        SocketAddress nobody = freeAddress(domain);
        assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(ConnectException.class, () -> provider.connect(nobody).close(),
                "§2.5: connect where nothing listens"));

        if (domain != Domain.UNIX) {
            try (ConnectedPair pair = connectedPair(domain)) {
                pair.server().option(StandardSocketOptions.SO_LINGER, 0);
                pair.server().close();
                Throwable reset = assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(IOException.class,
                        () -> pair.client().read(ByteBuffer.allocate(1)), "§2.5: read after the peer reset"));
                assertInstanceOf(ConnectionResetException.class, reset, "§2.5: a reset is a ConnectionResetException");
            }
        }
    }

    // §2.6 ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_6_aClosedObjectSaysSocketClosed(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Connection client = pair.client();
            BlockedCall<Integer> woken = BlockedCall.start("read", () -> pair.server().read(ByteBuffer.allocate(8))).awaitBlockedIn("read");
            pair.server().close();
            assertMessage("Socket closed", SocketClosedException.class, woken.awaitThrown(), "read woken by close (§7.3)");
            client.close();
            assertMessage("Socket closed", SocketClosedException.class, thrown(() -> client.read(ByteBuffer.allocate(1))), "read after close");
            assertMessage("Socket closed", SocketClosedException.class, thrown(() -> client.write(ascii("x"))), "write after close");
            assertMessage("Socket closed", SocketClosedException.class, thrown(client::shutdownOutput), "shutdownOutput after close");
            pair.listener().close();
            assertMessage("Socket closed", SocketClosedException.class, thrown(() -> pair.listener().accept().close()), "accept after close");
        }
        if (provider().supports(domain, SocketType.DATAGRAM)) {
            DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain));
            SocketAddress self = endpoint.localAddress();
            endpoint.close();
            assertMessage("Socket closed", SocketClosedException.class, thrown(() -> endpoint.receive(ByteBuffer.allocate(8))),
                    "receive after close");
            assertMessage("Socket closed", SocketClosedException.class, thrown(() -> endpoint.send(ascii("x"), self)), "send after close");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_6_aResetSaysConnectionResetOnRead(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Streams.reset(pair.server(), pair.client());
            Throwable reset = BlockedCall.start("read", () -> pair.client().read(ByteBuffer.allocate(8))).awaitThrown();
            assertMessage("Connection reset", ConnectionResetException.class, reset, "read after the peer reset the connection");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_6_aWriteToAClosedPeerSaysConnectionResetOrBrokenPipe(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.server().close();
            Throwable failure = BlockedCall.start("write", () -> {
                // The first writes may succeed, until the system learns of the close (§5.6).
                for (int i = 0; i < 1000; i++) {
                    pair.client().write(ByteBuffer.allocate(1024));
                }
                return "1000 writes to a closed peer, all of them returned";
            }).awaitThrown();
            assertInstanceOf(ConnectionResetException.class, failure, "§5.6: write to a closed peer");
            assertTrue(Set.of("Connection reset", "Broken pipe").contains(failure.getMessage()),
                    () -> "§2.6: the message of a write to a closed peer is \"Connection reset\" or \"Broken pipe\": " + failure.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_6_aWriteAfterShutdownOutputSaysSocketOutputIsShutdown(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (Connection end : new Connection[] {pair.client(), pair.server()}) {
                end.shutdownOutput();
                assertMessage("Socket output is shutdown", OutputShutdownException.class, thrown(() -> end.write(ascii("late"))),
                        "write after shutdownOutput");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_6_aTimeoutSaysWhatTimedOut(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        Duration timeout = Duration.ofMillis(100);
        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withReadTimeout(timeout), ListenOptions.defaults())) {
            assertMessage("Read timed out", SocketTimeoutException.class,
                    BlockedCall.start("read", () -> pair.client().read(ByteBuffer.allocate(8))).awaitThrown(), "a read that timed out");
        }
        try (Listener listener = provider().listen(anyLocal(domain), ListenOptions.defaults().withAcceptTimeout(timeout))) {
            assertMessage("Accept timed out", SocketTimeoutException.class, BlockedCall.start("accept", () -> {
                listener.accept().close();
                return "a connection, with no client";
            }).awaitThrown(), "an accept that timed out");
        }
        if (provider().supports(domain, SocketType.DATAGRAM)) {
            try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain), DatagramOptions.defaults().withReceiveTimeout(timeout))) {
                assertMessage("Receive timed out", SocketTimeoutException.class,
                        BlockedCall.start("receive", () -> endpoint.receive(ByteBuffer.allocate(8))).awaitThrown(), "a receive that timed out");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_6_aConnectTimeoutSaysConnectTimedOutWithTheAddress(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        StreamOptions options = StreamOptions.defaults().withConnectTimeout(Duration.ofMillis(200));
        if (domain == Domain.UNIX) {
            try (Listener listener = provider().listen(anyLocal(domain), ListenOptions.defaults().withBacklog(1))) {
                Optional<FullUnixBacklog> full = FullUnixBacklog.fill((UnixDomainSocketAddress) listener.localAddress());
                assumeTrue(full.isPresent(), "no UNIX-domain connect to a full backlog would block on this system");
                try (FullUnixBacklog queued = full.get()) {
                    assertConnectTimedOut(listener.localAddress(), options);
                }
            }
        } else {
            Optional<UnresponsiveListener> made = UnresponsiveListener.open((InetSocketAddress) anyLocal(domain));
            assumeTrue(made.isPresent(), "this kernel answers every connect to a full backlog; no connect can be made to time out");
            try (UnresponsiveListener target = made.get()) {
                assertConnectTimedOut(target.address(), options);
            }
        }
    }

    private void assertConnectTimedOut(SocketAddress target, StreamOptions options) {
        Throwable thrown = BlockedCall.start("connect", () -> {
            provider().connect(target, options).close();
            return "a connection";
        }).awaitThrown();
        assertMessage("Connect timed out: " + Loopback.format(target), SocketTimeoutException.class, thrown, "a connect that timed out");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_6_aRefusedConnectSaysConnectionRefusedWithTheAddress(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketAddress nobody = freeAddress(domain);
        assertMessage("Connection refused: " + Loopback.format(nobody), ConnectException.class,
                BlockedCall.start("connect", () -> {
                    provider().connect(nobody).close();
                    return "a connection";
                }).awaitThrown(), domain == Domain.UNIX ? "connect to a path with no file" : "connect where nothing listens");
        if (domain == Domain.UNIX) {
            UnixDomainSocketAddress stale = (UnixDomainSocketAddress) anyLocal(domain);
            try (ServerSocketChannel jdk = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                jdk.bind(stale); // the JDK leaves the file when it closes
            }
            try {
                assertMessage("Connection refused: " + Loopback.format(stale), ConnectException.class,
                        BlockedCall.start("connect", () -> {
                            provider().connect(stale).close();
                            return "a connection";
                        }).awaitThrown(), "connect to a socket file with no listener");
            } finally {
                Files.deleteIfExists(stale.getPath());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_6_aBindFailureSaysWhatTheKernelSaidWithTheAddress(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketProvider provider = provider();
        try (Listener taken = provider.listen(anyLocal(domain))) {
            String inUse = "Address already in use: " + Loopback.format(taken.localAddress());
            assertMessage(inUse, BindException.class, thrown(() -> provider.listen(taken.localAddress()).close()), "listen on an address in use");
            assertMessage(inUse, BindException.class, thrown(() -> provider.serve(taken.localAddress(), NOTHING).close()),
                    "serve on an address in use");
        }
        if (provider.supports(domain, SocketType.DATAGRAM)) {
            try (DatagramEndpoint taken = provider.openDatagram(anyLocal(domain))) {
                assertMessage("Address already in use: " + Loopback.format(taken.localAddress()), BindException.class,
                        thrown(() -> provider.openDatagram(taken.localAddress()).close()), "openDatagram on an address in use");
            }
        }
        if (domain == Domain.UNIX) {
            UnixDomainSocketAddress file = (UnixDomainSocketAddress) anyLocal(domain);
            Files.createFile(file.getPath());
            try {
                assertMessage("Address already in use: " + Loopback.format(file), BindException.class,
                        thrown(() -> provider.listen(file).close()), "listen on a path where a file exists");
            } finally {
                Files.deleteIfExists(file.getPath());
            }
        } else {
            InetSocketAddress foreign = Loopback.notThisMachines(domain);
            assertMessage("Cannot assign requested address: " + Loopback.format(foreign), BindException.class,
                    thrown(() -> provider.listen(foreign).close()), "listen on an address of no interface of this machine");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s2_6_anUnreachablePortSaysPortUnreachableWithThePeer(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        if (domain == Domain.UNIX) {
            // No ICMP over AF_UNIX: the kernel refuses a connect to a path with no socket at once (§11.9).
            SocketAddress nobody = anyLocal(domain);
            try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain))) {
                assertMessage("Connection refused: " + Loopback.format(nobody), ConnectException.class,
                        thrown(() -> endpoint.connect(nobody)), "connect to a UNIX-domain path with no socket (§11.9)");
            }
            return;
        }
        InetSocketAddress gone = Loopback.closedUdpPort((InetSocketAddress) anyLocal(domain));
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain),
                DatagramOptions.defaults().withReceiveTimeout(Duration.ofSeconds(3)))) {
            endpoint.connect(gone);
            endpoint.send(ascii("anyone there?"));
            assertMessage("Port unreachable: " + Loopback.format(gone), PortUnreachableException.class,
                    BlockedCall.start("receive", () -> endpoint.receive(ByteBuffer.allocate(64))).awaitThrown(),
                    "receive on an endpoint connected to a closed port (§11.6)");
        }
    }

    /** Runs {@code call}, which must throw, and returns what it threw. */
    private static Throwable thrown(Executable call) {
        return assertThrows(Throwable.class, call);
    }

    /** Fails unless {@code thrown} is a {@code type} whose message is exactly {@code message} (§2.6). */
    private static void assertMessage(String message, Class<? extends Throwable> type, Throwable thrown, String what) {
        assertInstanceOf(type, thrown, () -> "§2.6: " + what);
        assertEquals(message, thrown.getMessage(), () -> "§2.6: the message of " + what + " (" + thrown.getClass().getName() + ")");
    }

    // ---------------------------------------------------------------------------------------------

    /** An address of {@code domain} where nothing listens: a port or path bound a moment ago, then released. */
    private SocketAddress freeAddress(Domain domain) throws IOException {
        if (domain == Domain.UNIX) {
            return anyLocal(domain);
        }
        try (Listener probe = provider().listen(anyLocal(domain))) {
            return probe.localAddress();
        }
    }

    private static void readFully(Connection connection, ByteBuffer dst, int count) throws IOException {
        while (dst.position() < count) {
            int n = connection.read(dst);
            assertTrue(n > 0, () -> "§5.1: read returned " + n + " before " + count + " bytes");
        }
    }

    private static void assertRefusedEverywhere(SocketProvider provider, SocketAddress bad) {
        assertThrows(IllegalArgumentException.class, () -> provider.connect(bad).close(), () -> "§2.2: connect(" + bad + ")");
        assertThrows(IllegalArgumentException.class, () -> provider.listen(bad).close(), () -> "§2.2: listen(" + bad + ")");
        assertThrows(IllegalArgumentException.class, () -> provider.openDatagram(bad).close(), () -> "§2.2: openDatagram(" + bad + ")");
        assertThrows(IllegalArgumentException.class, () -> provider.serve(bad, NOTHING).close(), () -> "§2.2: serve(" + bad + ")");
    }

    private static void assertNpeNaming(Set<String> names, Executable call, String what) {
        NullPointerException e = assertThrows(NullPointerException.class, call, "§2.1: " + what);
        assertTrue(e.getMessage() != null && names.contains(e.getMessage()),
                () -> "§2.1: " + what + ": the message names the parameter, one of " + names + ": " + e.getMessage());
    }

    private static void assertRefusedNaming(String parameter, Object value, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, () -> "§2.1: " + parameter + " = " + value);
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(parameter) && message.contains(String.valueOf(value)),
                () -> "§2.1: the message names " + parameter + " and " + value + ": " + message);
    }

    private static void assertNamesBoth(Domain mine, Domain theirs, IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(mine.posixName() + " ") || message.endsWith(mine.posixName()),
                () -> "§2.3: the message names this endpoint's domain " + mine.posixName() + ": " + message);
        assertTrue(message.contains(theirs.posixName()), () -> "§2.3: the message names the peer's domain " + theirs.posixName() + ": " + message);
    }

    /** Any negative duration: a nanosecond below zero to the most negative, with the edges -1 ns and -1 s. */
    private static Gen<Duration> negativeDurations() {
        Gen<Duration> nanos = longs().between(Long.MIN_VALUE, -1).map(Duration::ofNanos);
        Gen<Duration> seconds = longs().between(Long.MIN_VALUE / 2, -1).map(s -> Duration.ofSeconds(s, 999_999_999));
        Gen<Duration> edges = integers().between(1, 1_000).map(n -> Duration.ofNanos(-n));
        return nanos.mix(seconds).mix(edges, 30);
    }

    /** Host names that are never resolved by the kit: createUnresolved keeps them as they are. */
    private static Gen<String> hostNames() {
        Function<String, String> nonEmpty = s -> s.isEmpty() ? "localhost" : s;
        return strings().basicLatinAlphabet().ofLengthBetween(0, 20).map(nonEmpty);
    }
}
