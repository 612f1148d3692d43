package dev.sockets.conformance;

import static dev.sockets.conformance.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §13, resources: every way a call can end, including each error path, gives back what it took:
 * socket descriptors (counted in {@code /proc/self/fd}), the provider's threads (by their names,
 * {@code sockets-<provider>-…}, and by the threads seen running handlers), and socket files.
 *
 * <p>Every test of the kit is followed by the same check ({@link ProviderVerification}); the tests
 * here drive the error paths many times over, so that a leak of one descriptor per failure shows.
 */
public abstract class ResourcesVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected ResourcesVerification() {
    }

    /** A bound on calls that must end by themselves; reached only by a provider that hangs. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    /** The shutdown timeout of the servers here: handlers blocked in read are woken by the close after it. */
    private static final Duration SHUTDOWN = Duration.ofMillis(200);

    /** §13.4's bound on how long shared threads outlive the last object they watch. */
    private static final Duration IDLE_THREADS_END = Duration.ofSeconds(10);

    /** How many times each error path is taken. */
    private static final int REPEAT = 20;

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s13_1_aRefusedConnectLeavesNoDescriptor(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketAddress nobody;
        if (domain == Domain.UNIX) {
            nobody = anyLocal(domain);
        } else {
            try (Listener probe = serverProvider().listen(anyLocal(domain))) {
                nobody = probe.localAddress();
            }
        }
        SocketAddress target = nobody;
        long before = Descriptors.open();
        for (int i = 0; i < REPEAT; i++) {
            assertTimeoutPreemptively(BOUND, () -> assertThrows(ConnectException.class, () -> clientProvider().connect(target).close(),
                    "§3.2: connect where nothing listens"));
        }
        Descriptors.awaitNoMoreThan(before, "§13.1: " + REPEAT + " refused connects");
    }

    /**
     * A server closed while clients keep connecting: an accept that has just taken a connection when the close
     * comes must still close it. (A close that interrupted the accept thread lost such descriptors: the JDK's
     * channel throws ClosedByInterruptException then, and drops the descriptor it had accepted.) The race is
     * narrow; every round is one more chance to lose one.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s13_1_aServerClosedWhileClientsConnectLeavesNoDescriptor(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        long before = Descriptors.open();
        for (int round = 0; round < CLOSE_ROUNDS; round++) {
            Server server = serverProvider().serve(anyLocal(domain), connection -> {
                ByteBuffer buffer = ByteBuffer.allocate(64);
                while (connection.read(buffer.clear()) >= 0) {
                    // until the client closes
                }
            });
            SocketAddress address = server.localAddress();
            AtomicBoolean stop = new AtomicBoolean();
            Thread clients = Thread.ofPlatform().name("kit-connecting-client").start(() -> {
                while (!stop.get()) {
                    try (Connection c = clientProvider().connect(address)) {
                        c.write(ByteBuffer.wrap(new byte[] {1}));
                    } catch (IOException refusedOnceClosed) {
                        // the server is closing: what is measured is what the server leaves open
                    }
                }
            });
            try {
                // close while the clients come: once a few were accepted
                await("§13.1: clients accepted").atMost(BOUND).until(() -> server.stats().connectionsAccepted() >= 3);
                server.close();
            } finally {
                stop.set(true);
                clients.join(BOUND.toMillis());
                server.close();
            }
            assertFalse(clients.isAlive(), "the kit's connecting client did not stop");
        }
        Descriptors.awaitNoMoreThan(before, "§13.1: " + CLOSE_ROUNDS + " servers closed while clients connected");
    }

    /** Rounds of {@link #required_s13_1_aServerClosedWhileClientsConnectLeavesNoDescriptor}. */
    private static final int CLOSE_ROUNDS = 10;

    /**
     * A listener closed with a connection that came after its accept timed out, and that no accept took: a
     * provider that accepts ahead, for a timed wait of its own, holds that connection, and must close it with the
     * listener. The kernel's backlog needs nothing (close resets what it holds); what is measured is what the
     * provider holds. Each round gives such a provider a moment to take the connection (its descriptor appears)
     * before the close: the leak happens only then, and a virtual thread's wake-up may lose the race to the
     * close on a loaded machine. A provider that does not accept ahead shows no descriptor, and the round waits
     * out that moment.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s13_1_aConnectionNoAcceptTookIsClosedWithItsListener(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        long before = Descriptors.open();
        for (int round = 0; round < UNCLAIMED_ROUNDS; round++) {
            try (Listener listener = serverProvider().listen(anyLocal(domain),
                    ListenOptions.defaults().withAcceptTimeout(Duration.ofMillis(20)))) {
                assertThrows(SocketTimeoutException.class, listener::accept, "§9.2: accept with no client");
                try (Connection client = clientProvider().connect(listener.localAddress())) {
                    client.write(ByteBuffer.wrap(new byte[] {1}));
                    awaitAcceptAhead(Descriptors.open());
                }
            }
        }
        Descriptors.awaitNoMoreThan(before, "§13.1: " + UNCLAIMED_ROUNDS + " listeners closed with a connection no accept took");
    }

    /** Rounds of {@link #required_s13_1_aConnectionNoAcceptTookIsClosedWithItsListener}. */
    private static final int UNCLAIMED_ROUNDS = 3;

    /** How long a round waits for a provider's accept ahead to show its descriptor. */
    private static final Duration ACCEPT_AHEAD = Duration.ofMillis(100);

    /** Waits at most {@link #ACCEPT_AHEAD} for more than {@code held} socket descriptors; no failure if none come. */
    private static void awaitAcceptAhead(long held) {
        if (held < 0) {
            return; // descriptors cannot be counted here
        }
        try {
            await().atMost(ACCEPT_AHEAD).until(() -> Descriptors.open() > held);
        } catch (ConditionTimeoutException noAcceptAhead) {
            // the provider does not accept ahead: nothing of the connection is its to close
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s13_1_aBindInUseLeavesNoDescriptor(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketProvider provider = serverProvider();
        try (Listener holder = provider.listen(anyLocal(domain))) {
            long before = Descriptors.open();
            for (int i = 0; i < REPEAT; i++) {
                assertThrows(BindException.class, () -> provider.listen(holder.localAddress()).close(), "§4.2: listen on an address in use");
                assertThrows(BindException.class, () -> provider.serve(holder.localAddress(), c -> { }).close(),
                        "§12.1: serve on an address in use");
            }
            Descriptors.awaitNoMoreThan(before, "§13.1: " + REPEAT + " binds of an address in use");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s13_1_aDatagramBindInUseLeavesNoDescriptor(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint holder = provider().openDatagram(anyLocal(domain))) {
            long before = Descriptors.open();
            for (int i = 0; i < REPEAT; i++) {
                assertThrows(BindException.class, () -> provider().openDatagram(holder.localAddress()).close(),
                        "§11.1: openDatagram on an address in use");
            }
            Descriptors.awaitNoMoreThan(before, "§13.1: " + REPEAT + " datagram binds of an address in use");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s13_1_anOptionRefusedLeavesNoDescriptor(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        // An option no stream socket of this domain supports: a multicast option for TCP, a TCP option for AF_UNIX.
        SocketOption<Integer> tcpOnlyOrMulticast = StandardSocketOptions.IP_MULTICAST_TTL;
        StreamOptions refused = domain == Domain.UNIX
                ? StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true)
                : StreamOptions.defaults().with(tcpOnlyOrMulticast, 1);
        String optionName = domain == Domain.UNIX ? "TCP_NODELAY" : tcpOnlyOrMulticast.name();
        try (Listener listener = serverProvider().listen(anyLocal(domain))) {
            long before = Descriptors.open();
            for (int i = 0; i < REPEAT; i++) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> clientProvider().connect(listener.localAddress(), refused).close(), "§10.2: connect with " + optionName);
                assertTrue(String.valueOf(e.getMessage()).contains(optionName),
                        () -> "§10.2: the message names the option " + optionName + ": " + e.getMessage());
                assertThrows(UnsupportedOperationException.class,
                        () -> serverProvider().listen(anyLocal(domain), ListenOptions.defaults().withConnectionOptions(refused)).close(),
                        "§10.2: listen whose connections would take " + optionName);
            }
            Descriptors.awaitNoMoreThan(before, "§13.1: " + REPEAT + " connects with an option refused");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s13_1_aDatagramOptionRefusedLeavesNoDescriptor(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        DatagramOptions refused = DatagramOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true);
        long before = Descriptors.open();
        for (int i = 0; i < REPEAT; i++) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> provider().openDatagram(anyLocal(domain), refused).close(), "§10.2: openDatagram with TCP_NODELAY");
            assertTrue(String.valueOf(e.getMessage()).contains("TCP_NODELAY"),
                    () -> "§10.2: the message names the option TCP_NODELAY: " + e.getMessage());
        }
        Descriptors.awaitNoMoreThan(before, "§13.1: " + REPEAT + " datagram endpoints with an option refused");
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s13_1_aConnectTimeoutLeavesNoDescriptor(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        Optional<UnresponsiveListener> made = UnresponsiveListener.open((InetSocketAddress) anyLocal(domain));
        assumeTrue(made.isPresent(), "this kernel answers every connect to a full backlog; no connect can be made to time out");
        try (UnresponsiveListener target = made.get()) {
            StreamOptions options = StreamOptions.defaults().withConnectTimeout(Duration.ofMillis(200));
            long before = Descriptors.open();
            for (int i = 0; i < 3; i++) {
                assertTimeoutPreemptively(BOUND, () -> assertThrows(SocketTimeoutException.class,
                        () -> clientProvider().connect(target.address(), options).close(), "§3.3: connect that times out"));
            }
            Descriptors.awaitNoMoreThan(before, "§13.1: connects that timed out");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s13_1_noDescriptorIsLeftOnceEverythingIsClosed(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        long before = Descriptors.open();
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.client().write(ByteBuffer.wrap(new byte[] {1}));
            assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(pair.server(), 1));
        }
        try (Server server = serverProvider().serve(anyLocal(domain), c -> c.write(ByteBuffer.wrap(new byte[] {2})));
                Connection client = clientProvider().connect(server.localAddress())) {
            assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(client, 1));
        }
        if (provider().supports(domain, SocketType.DATAGRAM)) {
            provider().openDatagram(anyLocal(domain)).close();
        }
        Descriptors.awaitNoMoreThan(before, "§13.1: a pair, a server and a datagram endpoint, all closed");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s13_2_noThreadOfTheServerIsLeftAfterItCloses(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        SocketProvider provider = serverProvider();
        String prefix = "sockets-" + provider.name() + "-";
        Set<String> before = ResourceSnapshot.threads(prefix);
        Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
        List<Connection> clients = new ArrayList<>();
        ServerOptions options = ServerOptions.defaults().withShutdownTimeout(SHUTDOWN);
        Server server = provider.serve(anyLocal(domain), connection -> {
            handlerThreads.add(Thread.currentThread());
            ByteBuffer one = ByteBuffer.allocate(1);
            while (connection.read(one.clear()) > 0) {
                connection.write(one.flip());
            }
        }, options);
        try {
            for (int i = 0; i < 3; i++) {
                Connection client = clientProvider().connect(server.localAddress());
                clients.add(client);
                client.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(client, 1), "the echo of client " + i);
            }
        } finally {
            // Closed with its clients still connected: the server closes their connections, waking the handlers.
            assertTimeoutPreemptively(BOUND.plus(SHUTDOWN), server::close, "§12.6: Server.close()");
            for (Connection c : clients) {
                c.close();
            }
        }
        for (Thread t : handlerThreads) {
            assertTrue(t.getName().startsWith(prefix), () -> "§13.2: a handler ran on " + t + ", not named " + prefix + "…. "
                    + DECORATOR_NAME);
            if (!t.getName().startsWith(prefix + "shared-")) {
                assertFalse(t.isAlive(), () -> "§13.2: the handler thread " + t.getName() + " is alive after Server.close() returned");
            }
        }
        Set<String> after = ResourceSnapshot.threads(prefix);
        after.removeAll(before);
        assertEquals(Set.of(), after, "§13.2: threads of the provider alive after Server.close() returned");
    }

    @Test
    void required_s13_2_sharedThreadsAreDaemonsAndBoundedWhateverTheLoad() throws IOException {
        assumeSupported(Domain.INET, SocketType.STREAM);
        SocketProvider provider = serverProvider();
        String shared = "sockets-" + provider.name() + "-shared-";
        int clients = 4 * Runtime.getRuntime().availableProcessors() + 8;
        int withOne = 0;
        try (Server server = provider.serve(anyLocal(Domain.INET), connection -> {
            ByteBuffer one = ByteBuffer.allocate(1);
            while (connection.read(one.clear()) > 0) {
                connection.write(one.flip());
            }
        })) {
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Connection client = clientProvider().connect(server.localAddress());
                    open.add(client);
                    client.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                    assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(client, 1));
                    if (i == 0) {
                        withOne = sharedThreads(shared).size();
                    }
                }
                List<String> loaded = sharedThreads(shared);
                // A virtual thread is always a daemon; the platform ones must be too.
                assertEquals(List.of(), nonDaemonPlatformThreads(shared), "§13.2: shared threads that are not daemons");
                // "A fixed number": not one per client. What one client needed, or two per core, whichever is more.
                int bound = Math.max(withOne, 2 * Runtime.getRuntime().availableProcessors() + 2);
                assertTrue(loaded.size() <= bound, () -> "§13.2: " + loaded.size() + " shared threads with " + clients
                        + " clients; a fixed number (at most " + bound + ") whatever the load");
            } finally {
                for (Connection c : open) {
                    c.close();
                }
            }
        }
    }

    /**
     * §13.4: after a server, a client and a datagram endpoint are used and closed, the shared threads of both
     * providers end, and a second round works as the first did. The rest of the kit's tests have closed what
     * they opened (each is followed by the leak check), so nothing else holds the threads.
     */
    @Test
    void optional_s13_4_sharedThreadsEndOnceEverythingIsClosedAndStartAgain() throws IOException {
        assumeSupported(Domain.INET, SocketType.STREAM);
        List<String> prefixes = java.util.stream.Stream.of(serverProvider(), clientProvider())
                .map(provider -> "sockets-" + provider.name() + "-shared-").distinct().toList();
        for (int round = 1; round <= 2; round++) {
            int r = round;
            try (Server server = serverProvider().serve(anyLocal(Domain.INET), connection -> {
                ByteBuffer one = ByteBuffer.allocate(1);
                while (connection.read(one.clear()) > 0) {
                    connection.write(one.flip());
                }
            }); Connection client = clientProvider().connect(server.localAddress())) {
                client.write(ByteBuffer.wrap(new byte[] {(byte) round}));
                byte[] echo = assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(client, 1),
                        () -> "§13.4: the echo of round " + r + (r == 2 ? ", after the shared threads ended" : ""));
                assertEquals(round, echo[0], "§13.4: the echo of round " + round);
            }
            if (serverProvider().supports(Domain.INET, SocketType.DATAGRAM)) {
                serverProvider().openDatagram(anyLocal(Domain.INET)).close();
            }
            try {
                await("§13.4: the shared threads to end").atMost(IDLE_THREADS_END)
                        .until(() -> prefixes.stream().allMatch(prefix -> sharedThreads(prefix).isEmpty()));
            } catch (ConditionTimeoutException e) {
                List<String> alive = prefixes.stream().flatMap(prefix -> sharedThreads(prefix).stream()).toList();
                throw new AssertionError("§13.4: " + IDLE_THREADS_END.toSeconds() + " s after everything of round " + round
                        + " was closed, shared threads are alive: " + alive, e);
            }
        }
    }

    @Test
    void required_s13_3_noSocketFileIsLeftAfterAListenerCloses() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        UnixDomainSocketAddress path = (UnixDomainSocketAddress) anyLocal(Domain.UNIX);
        try (Listener listener = serverProvider().listen(path);
                Connection client = clientProvider().connect(path);
                Connection accepted = assertTimeoutPreemptively(BOUND, listener::accept)) {
            assertTrue(Files.exists(path.getPath()), "§4.5: the socket file exists while the listener is open");
            assertTrue(client.isOpen() && accepted.isOpen());
        }
        assertFalse(Files.exists(path.getPath()), "§13.3: the socket file after the listener closed");
    }

    @Test
    void required_s13_3_noSocketFileIsLeftAfterAServerCloses() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        UnixDomainSocketAddress path = (UnixDomainSocketAddress) anyLocal(Domain.UNIX);
        try (Server server = serverProvider().serve(path, c -> c.write(ByteBuffer.wrap(new byte[] {7})));
                Connection client = clientProvider().connect(path)) {
            assertTrue(Files.exists(path.getPath()), "the socket file exists while the server runs");
            assertTimeoutPreemptively(BOUND, () -> Streams.readExactly(client, 1));
            assertTrue(server.isOpen());
        }
        assertFalse(Files.exists(path.getPath()), "§13.3: the socket file after Server.close() returned");
    }

    /** The live threads named {@code prefix…}, platform and virtual (§13.2). */
    private static List<String> sharedThreads(String prefix) {
        return LiveThreads.names().stream().filter(name -> name.startsWith(prefix)).toList();
    }

    private static List<String> nonDaemonPlatformThreads(String prefix) {
        return java.util.Arrays.stream(java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                .filter(t -> t.getThreadName().startsWith(prefix) && !t.isDaemon())
                .map(java.lang.management.ThreadInfo::getThreadName)
                .toList();
    }
}
