package dev.sockets.blocking;

import static dev.sockets.blocking.Fixtures.anyLocal;
import static dev.sockets.blocking.Fixtures.providerThreads;
import static dev.sockets.blocking.Fixtures.readAll;
import static dev.sockets.blocking.Fixtures.readExactly;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.Domain;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The thread-per-client server: concurrency, limits, failures, and a close that leaves nothing running. */
// Closing a resource of a try-with-resources early is what these tests are about.
@SuppressWarnings("try")
class ServerTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    /** Echoes until end of stream. */
    private static final ConnectionHandler ECHO = connection -> {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (connection.read(buffer.clear()) >= 0) {
            connection.write(buffer.flip());
        }
    };

    private final BlockingSocketProvider provider = new BlockingSocketProvider();
    private Set<String> threadsBefore;

    @TempDir
    Path dir;

    @BeforeEach
    void recordThreads() {
        threadsBefore = providerThreads();
    }

    @AfterEach
    void noThreadLeftBehind() {
        Set<String> left = providerThreads();
        left.removeAll(threadsBefore);
        assertEquals(Set.of(), left, "§13.2: threads of the provider left after close");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void servesClientsConcurrentlyAndCloseJoinsEveryThread(Domain domain) throws Exception {
        SocketAddress local = anyLocal(domain, dir);
        Server server = provider.serve(local, ECHO);
        List<Connection> clients = new ArrayList<>();
        try {
            // Five clients stay connected, each with a handler blocked in read: none stalls another.
            for (int i = 0; i < 5; i++) {
                Connection client = provider.connect(server.localAddress());
                clients.add(client);
                byte[] hello = ("hello " + i).getBytes(StandardCharsets.US_ASCII);
                client.write(ByteBuffer.wrap(hello));
                assertArrayEquals(hello, readExactly(client, hello.length));
            }
            assertTrue(providerThreads().stream().anyMatch(n -> n.startsWith("sockets-blocking-accept-")));
            assertEquals(5, providerThreads().stream().filter(n -> n.startsWith("sockets-blocking-handler-")).count()
                    - threadsBefore.stream().filter(n -> n.startsWith("sockets-blocking-handler-")).count());
        } finally {
            // Handlers still blocked in read: close waits for none of them beyond the timeout.
            server.close();
        }
        assertFalse(server.isOpen());
        Set<String> left = providerThreads();
        left.removeAll(threadsBefore);
        assertEquals(Set.of(), left, "§12.6: close returns when no thread of the server is left");
        for (Connection client : clients) {
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the server closed the connection");
            client.close();
        }
        assertThrows(ConnectException.class, () -> provider.connect(server.localAddress()), "§12.6: no longer accepting");
        if (domain == Domain.UNIX) {
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "§13.3: the socket file is removed");
            }
        }
        server.close();
    }

    @Test
    void closeGivesRunningHandlersTheShutdownTimeout() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        ServerOptions options = ServerOptions.defaults().withShutdownTimeout(Duration.ofSeconds(30));
        Server server = provider.serve(anyLocal(Domain.INET, dir), connection -> {
            started.countDown();
            release.await();
            connection.write(ByteBuffer.wrap(new byte[] {42}));
            finished.incrementAndGet();
        }, options);
        try (Connection client = provider.connect(server.localAddress())) {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            Thread closer = new Thread(server::close);
            closer.start();
            await().atMost(PROMPTLY).until(() -> !server.isOpen());
            assertTrue(closer.isAlive(), "close waits for the running handler");
            release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(closer.isAlive());
            assertEquals(1, finished.get());
            assertArrayEquals(new byte[] {42}, readAll(client), "the request in flight was answered");
        }
    }

    @Test
    void aHandlerExceptionClosesOnlyItsConnectionAndIsCounted() throws Exception {
        try (Server server = provider.serve(anyLocal(Domain.INET, dir), connection -> {
            ByteBuffer first = ByteBuffer.allocate(1);
            connection.read(first);
            if (first.get(0) == 'x') {
                throw new IllegalStateException("bad request (thrown on purpose by the test)");
            }
            connection.write(first.flip());
            ECHO.handle(connection);
        })) {
            try (Connection good = provider.connect(server.localAddress());
                 Connection bad = provider.connect(server.localAddress())) {
                good.write(ByteBuffer.wrap(new byte[] {'a'}));
                assertArrayEquals(new byte[] {'a'}, readExactly(good, 1));
                bad.write(ByteBuffer.wrap(new byte[] {'x'}));
                assertEquals(-1, bad.read(ByteBuffer.allocate(1)), "the failed handler's connection is closed");
                good.write(ByteBuffer.wrap(new byte[] {'b', 'c'}));
                assertArrayEquals(new byte[] {'b', 'c'}, readExactly(good, 2), "the other connection goes on");
                good.shutdownOutput();
                assertEquals(-1, good.read(ByteBuffer.allocate(1)));
            }
            await().atMost(PROMPTLY).until(() -> server.stats().connectionsOpen() == 0);
            ServerStats stats = server.stats();
            assertEquals(1, stats.handlerFailures());
            assertEquals(2, stats.connectionsAccepted());
            assertEquals(1 + 1 + 2, stats.bytesRead());
            assertEquals(1 + 2, stats.bytesWritten());
        }
    }

    @Test
    void maxConnectionsKeepsExtraClientsInTheBacklog() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        ServerOptions options = ServerOptions.defaults().withMaxConnections(2);
        try (Server server = provider.serve(anyLocal(Domain.INET, dir), connection -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                ECHO.handle(connection);
            } finally {
                running.decrementAndGet();
            }
        }, options)) {
            List<Connection> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(provider.connect(server.localAddress()));
                }
                for (int i = 0; i < 2; i++) {
                    clients.get(i).write(ByteBuffer.wrap(new byte[] {(byte) i}));
                    assertArrayEquals(new byte[] {(byte) i}, readExactly(clients.get(i), 1));
                }
                // The third is connected (in the backlog) but not served while two are open.
                Connection third = clients.get(2);
                third.write(ByteBuffer.wrap(new byte[] {3}));
                await().during(Duration.ofMillis(300)).atMost(PROMPTLY)
                        .until(() -> server.stats().connectionsAccepted() == 2);
                clients.get(0).close();
                assertArrayEquals(new byte[] {3}, readExactly(third, 1), "served once a connection closed");
                assertEquals(2, mostAtOnce.get());
                assertTrue(server.stats().connectionsOpen() <= 2);
            } finally {
                for (Connection c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void anAddressInUseStartsNothing() throws Exception {
        try (Server server = provider.serve(anyLocal(Domain.INET, dir), ECHO)) {
            Set<String> before = providerThreads();
            assertThrows(BindException.class, () -> provider.serve(server.localAddress(), ECHO));
            assertEquals(before, providerThreads());
        }
    }

    @Test
    void aHandlerMayCloseItsOwnServer() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        Server[] self = new Server[1];
        Server server = provider.serve(anyLocal(Domain.INET, dir), connection -> {
            self[0].close();
            closed.countDown();
        });
        self[0] = server;
        try (Connection client = provider.connect(server.localAddress())) {
            assertTrue(closed.await(30, TimeUnit.SECONDS));
            assertEquals(-1, client.read(ByteBuffer.allocate(1)));
        }
        await().atMost(PROMPTLY).until(() -> {
            Set<String> left = providerThreads();
            left.removeAll(threadsBefore);
            return left.isEmpty();
        });
        assertFalse(server.isOpen());
    }

    @Test
    void aConnectionBrokenByThePeerIsNoConcernOfTheOthers() throws IOException {
        try (Server server = provider.serve(anyLocal(Domain.UNIX, dir), ECHO)) {
            for (int i = 0; i < 3; i++) {
                try (Connection client = provider.connect(server.localAddress())) {
                    client.write(ByteBuffer.wrap(new byte[] {1}));
                }
            }
            try (Connection client = provider.connect(server.localAddress())) {
                client.write(ByteBuffer.wrap(new byte[] {2}));
                assertArrayEquals(new byte[] {2}, readExactly(client, 1));
            }
        }
    }
}
