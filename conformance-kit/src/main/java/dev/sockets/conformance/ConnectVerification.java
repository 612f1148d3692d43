package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

/**
 * §3, connect: the client pattern (POSIX {@code socket}, {@code connect}) in every supported domain,
 * and its two commonest failures, refused and timed out.
 *
 * <h2>How a connect is made to time out on loopback</h2>
 * Nothing on loopback ignores a SYN by itself, and a refused connect ends at once. The kit makes a
 * listener that does not answer ({@link UnresponsiveListener}): a JDK listener with a backlog of 1
 * whose accept queue is full, so that Linux drops further SYNs and a connect waits for their
 * retransmission. Where the kernel answers instead, the test skips, saying so. Over UNIX-domain
 * sockets a full backlog makes a blocking connect wait for room, and a non-blocking one fail with
 * {@code EAGAIN}; §3.6 asks the provider to wait there too, and the kit fills a listener's backlog
 * with the JDK's non-blocking channels until one would block ({@link FullUnixBacklog}) to test it.
 */
public abstract class ConnectVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected ConnectVerification() {
    }

    /** A bound on calls that must end by themselves; reached only by a provider that hangs. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    /** The connect timeout under test: long enough to measure, short enough to keep the kit fast. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s3_1_connectReturnsAConnectedConnection(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(domain));
                Connection client = clientProvider().connect(listener.localAddress());
                Connection server = assertTimeoutPreemptively(BOUND, listener::accept, "accept of a connected client")) {
            assertTrue(client.isOpen(), "§3.1: the connection is open");
            assertEquals(listener.localAddress(), client.remoteAddress(), "§3.1: remoteAddress() is the address connected to");

            client.write(ByteBuffer.wrap(new byte[] {42}));
            server.write(ByteBuffer.wrap(new byte[] {24}));
            assertArrayEquals(new byte[] {42}, assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(server, 1)), "§3.1: client to server");
            assertArrayEquals(new byte[] {24}, assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(client, 1)), "§3.1: server to client");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s3_2_connectWhereNothingListensIsRefusedNamingTheAddress(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        InetSocketAddress nobody;
        try (Listener probe = serverProvider().listen(anyLocal(domain))) {
            nobody = (InetSocketAddress) probe.localAddress();
        }
        String expected = "Connection refused: " + (domain == Domain.INET ? "127.0.0.1" : "[::1]") + ":" + nobody.getPort();
        ConnectException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(ConnectException.class,
                () -> clientProvider().connect(nobody).close(), "§3.2: connect where nothing listens"));
        assertEquals(expected, e.getMessage(), "§3.2: the message");
    }

    @Test
    void required_s3_2_connectToAUnixPathWithNoFileIsRefused() {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        SocketAddress missing = anyLocal(Domain.UNIX);
        assertTimeoutPreemptively(BOUND, () -> assertThrows(ConnectException.class,
                () -> clientProvider().connect(missing).close(), "§3.2: connect to a UNIX-domain path with no file"));
    }

    @Test
    void required_s3_2_connectToAUnixPathWithNoListenerIsRefused() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        // A stale socket file: the JDK's own UNIX-domain server channel leaves its file behind when it closes.
        UnixDomainSocketAddress stale = (UnixDomainSocketAddress) anyLocal(Domain.UNIX);
        try (ServerSocketChannel jdk = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            jdk.bind(stale);
        }
        UnixDomainSocketAddress plainFile = (UnixDomainSocketAddress) anyLocal(Domain.UNIX);
        Files.createFile(plainFile.getPath());
        try {
            for (UnixDomainSocketAddress path : new UnixDomainSocketAddress[] {stale, plainFile}) {
                assumeTrue(Files.exists(path.getPath()), "the file to connect to exists");
                assertTimeoutPreemptively(BOUND, () -> assertThrows(ConnectException.class,
                        () -> clientProvider().connect(path).close(), "§3.2: connect to " + path + ", a file with no listener"));
            }
        } finally {
            Files.deleteIfExists(stale.getPath());
            Files.deleteIfExists(plainFile.getPath());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s3_3_connectHonoursItsTimeout(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        assumeOwnKitRun();
        SocketProvider provider = clientProvider();
        InetSocketAddress loopback = (InetSocketAddress) anyLocal(domain);
        Optional<UnresponsiveListener> made = UnresponsiveListener.open(loopback);
        assumeTrue(made.isPresent(), "this kernel answers every connect to a full backlog; no connect can be made to time out");
        try (UnresponsiveListener target = made.get()) {
            long before = ResourceSnapshot.socketDescriptors();
            StreamOptions options = StreamOptions.defaults().withConnectTimeout(CONNECT_TIMEOUT);
            long start = System.nanoTime();
            assertTimeoutPreemptively(BOUND, () -> assertThrows(SocketTimeoutException.class,
                    () -> provider.connect(target.address(), options).close(),
                    "§3.3: connect with a timeout of " + CONNECT_TIMEOUT + " to a listener that does not answer"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(CONNECT_TIMEOUT.multipliedBy(4).dividedBy(5)) >= 0,
                    () -> "§3.3: connect gave up after " + took + ", before its timeout of " + CONNECT_TIMEOUT);
            Descriptors.awaitNoMoreThan(before, "§3.3: a timed-out connect leaves no descriptor open");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void optional_s3_4_connectAppliesTheSocketOptionsFirst(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        Map<SocketOption<?>, Object> wanted = new LinkedHashMap<>();
        wanted.put(StandardSocketOptions.SO_SNDBUF, 96 * 1024);
        wanted.put(StandardSocketOptions.SO_RCVBUF, 96 * 1024);
        if (domain != Domain.UNIX) {
            wanted.put(StandardSocketOptions.TCP_NODELAY, true);
            wanted.put(StandardSocketOptions.SO_KEEPALIVE, true);
        }
        StreamOptions options = StreamOptions.defaults();
        for (Map.Entry<SocketOption<?>, Object> e : wanted.entrySet()) {
            options = with(options, e.getKey(), e.getValue());
        }
        StreamOptions clientOptions = options;
        try (Listener listener = serverProvider().listen(anyLocal(domain));
                Connection client = clientProvider().connect(listener.localAddress(), clientOptions);
                Connection server = assertTimeoutPreemptively(BOUND, listener::accept)) {
            for (Map.Entry<SocketOption<?>, Object> e : wanted.entrySet()) {
                Object actual = client.option(e.getKey());
                if (e.getValue() instanceof Integer size) {
                    assertTrue((Integer) actual >= 1, () -> "§3.4: " + e.getKey().name() + " set to " + size + " reads back " + actual);
                } else {
                    assertEquals(e.getValue(), actual, () -> "§3.4: " + e.getKey().name() + " reads back what was set");
                }
            }
            assertTrue(server.isOpen());
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s3_5_addressesStayReadableAfterClose(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (Connection c : new Connection[] {pair.client(), pair.server()}) {
                SocketAddress local = c.localAddress();
                SocketAddress remote = c.remoteAddress();
                c.close();
                assertEquals(local, c.localAddress(), "§3.5: localAddress() after close");
                assertEquals(remote, c.remoteAddress(), "§3.5: remoteAddress() after close");
            }
            assertEquals(pair.listener().localAddress(), pair.client().remoteAddress(), "§3.5: the client's remote address");
            assertEquals(pair.client().localAddress(), pair.server().remoteAddress(), "§3.5: the server's remote address");
        }
    }

    @Test
    void required_s3_6_aUnixConnectToAFullBacklogTimesOutNamingThePath() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(Domain.UNIX), ListenOptions.defaults().withBacklog(1));
                FullUnixBacklog full = fullBacklog(listener)) {
            long before = Descriptors.open();
            StreamOptions options = StreamOptions.defaults().withConnectTimeout(CONNECT_TIMEOUT);
            long start = System.nanoTime();
            Throwable thrown = BlockedCall.start("connect", () -> {
                clientProvider().connect(listener.localAddress(), options).close();
                return "a connection, with the backlog full";
            }).awaitThrown();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertInstanceOf(SocketTimeoutException.class, thrown, () -> "§3.6: connect with a timeout of " + CONNECT_TIMEOUT
                    + " to a UNIX-domain listener whose backlog (" + full.queued() + " clients) stays full");
            assertEquals("Connect timed out: " + Loopback.format(listener.localAddress()), thrown.getMessage(), "§3.6, §2.6: the message");
            assertTrue(took.compareTo(CONNECT_TIMEOUT.multipliedBy(4).dividedBy(5)) >= 0,
                    () -> "§3.6: connect gave up after " + took + ", before its timeout of " + CONNECT_TIMEOUT);
            Descriptors.awaitNoMoreThan(before, "§3.6, §13.1: a timed-out connect leaves no descriptor open");
        }
    }

    @Test
    void required_s3_6_aUnixConnectToAFullBacklogSucceedsOnceTheListenerAccepts() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        for (Duration timeout : new Duration[] {Duration.ZERO, BOUND}) {
            try (Listener listener = serverProvider().listen(anyLocal(Domain.UNIX), ListenOptions.defaults().withBacklog(1));
                    FullUnixBacklog full = fullBacklog(listener)) {
                StreamOptions options = StreamOptions.defaults().withConnectTimeout(timeout);
                BlockedCall<Connection> connect = BlockedCall.start("connect", () -> clientProvider().connect(listener.localAddress(), options));
                try {
                    connect.awaitBlockedIn("connect");
                    // One accept makes room in the backlog: the waiting connect gets in.
                    listener.accept().close();
                    try (Connection client = connect.awaitValue(BOUND)) {
                        assertTrue(client.isOpen(), "§3.6: the connect that waited for room");
                        // The clients queued before it, but the one accepted already, then the one that waited.
                        for (int i = 1; i < full.queued(); i++) {
                            listener.accept().close();
                        }
                        try (Connection accepted = assertTimeoutPreemptively(BOUND, listener::accept, "accept of the client that waited")) {
                            client.write(ByteBuffer.wrap(new byte[] {36}));
                            assertArrayEquals(new byte[] {36}, Streams.readExactly(accepted, 1),
                                    "§3.6: the connection made once the listener accepted (connect timeout " + timeout + ")");
                        }
                    }
                } catch (AssertionFailedError e) {
                    throw new AssertionFailedError("§3.6: connect (timeout " + timeout + ") to a full UNIX-domain backlog: " + e.getMessage(),
                            e.getCause());
                } finally {
                    if (connect.isDone()) {
                        closeQuietly(connect);
                    }
                }
            }
        }
    }

    /** Fills {@code listener}'s backlog (§3.6), or skips the test saying why it cannot. */
    private static FullUnixBacklog fullBacklog(Listener listener) throws IOException {
        Optional<FullUnixBacklog> full = FullUnixBacklog.fill((UnixDomainSocketAddress) listener.localAddress());
        assumeTrue(full.isPresent(), "no UNIX-domain connect to a full backlog would block on this system");
        return full.get();
    }

    private static void closeQuietly(BlockedCall<Connection> connect) {
        try {
            connect.awaitValue(Duration.ZERO).close();
        } catch (AssertionError | IOException threwOrClosed) {
            // reported by the test already
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> StreamOptions with(StreamOptions options, SocketOption<T> option, Object value) {
        return options.with(option, (T) value);
    }
}
