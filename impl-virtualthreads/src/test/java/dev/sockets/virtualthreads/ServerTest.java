package dev.sockets.virtualthreads;

import static dev.sockets.virtualthreads.Loopback.ascii;
import static dev.sockets.virtualthreads.Loopback.readExactly;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server of §12 on virtual threads: one per client, and nothing left running after close. */
class ServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final SocketProvider provider = new VirtualThreadSocketProvider();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Domain.class)
    void eachHandlerRunsOnAVirtualThreadOfItsOwn(Domain domain) throws Exception {
        assumeTrue(domain != Domain.INET6 || Loopback.ipv6(), "no IPv6 loopback");
        Map<String, Boolean> threads = new ConcurrentHashMap<>();
        Server server = provider.serve(Loopback.any(domain, dir), c -> {
            Thread t = Thread.currentThread();
            threads.put(t.getName(), t.isVirtual());
            Loopback.echo(c);
        });
        try (server) {
            for (int i = 0; i < 3; i++) {
                try (Connection client = provider.connect(server.localAddress())) {
                    client.write(ascii("echo" + i));
                    assertEquals("echo" + i, readExactly(client, 5));
                }
            }
        }
        assertEquals(3, threads.size(), () -> "a thread per client: " + threads);
        threads.forEach((name, virtual) -> {
            assertTrue(virtual, () -> name + " is not a virtual thread");
            assertTrue(name.startsWith("sockets-virtualthreads-handler-"), name);
        });
        assertEquals(new ServerStats(0, 3, 15, 15, 0), server.stats());
        if (domain == Domain.UNIX) {
            assertTrue(Files.notExists(((UnixDomainSocketAddress) server.localAddress()).getPath()), "§13.3");
        }
    }

    @Test
    void aFailingHandlerClosesOnlyItsConnectionAndIsCounted() throws Exception {
        try (Server server = provider.serve(Loopback.any(Domain.INET, dir), c -> {
            ByteBuffer first = ByteBuffer.allocate(1);
            c.read(first);
            if (first.get(0) == 'x') {
                throw new IllegalStateException("handler failed on purpose (expected in this test's log)");
            }
            c.write(first.flip());
            Loopback.echo(c);
        })) {
            try (Connection good = provider.connect(server.localAddress());
                    Connection bad = provider.connect(server.localAddress())) {
                good.write(ascii("a"));
                assertEquals("a", readExactly(good, 1));
                bad.write(ascii("x"));
                assertEquals(-1, bad.read(ByteBuffer.allocate(1)), "the failing handler's connection is closed");
                good.write(ascii("b"));
                assertEquals("b", readExactly(good, 1));
                await().atMost(WAIT).until(() -> server.stats().handlerFailures() == 1);
                assertTrue(server.isOpen());
            }
        }
    }

    @Test
    void atMostMaxConnectionsAreServedAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (Server server = provider.serve(Loopback.any(Domain.INET, dir), c -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Loopback.echo(c);
            } finally {
                running.decrementAndGet();
            }
        }, ServerOptions.defaults().withMaxConnections(2))) {
            List<Connection> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(provider.connect(server.localAddress()));
                }
                for (int i = 0; i < 2; i++) {
                    clients.get(i).write(ascii("s"));
                    assertEquals("s", readExactly(clients.get(i), 1));
                }
                clients.get(2).write(ascii("w"));
                await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> server.stats().connectionsAccepted() == 2);
                clients.get(0).close();
                assertEquals("w", readExactly(clients.get(2), 1), "§12.3: served once a connection closed");
                assertEquals(2, most.get());
            } finally {
                for (Connection c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void closeLetsRunningHandlersFinishWithinTheShutdownTimeout() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        Server server = provider.serve(Loopback.any(Domain.INET, dir), c -> {
            inHandler.countDown();
            release.await();
            c.write(ascii("done"));
            finished.incrementAndGet();
        }, ServerOptions.defaults().withShutdownTimeout(WAIT));
        try (Connection client = provider.connect(server.localAddress())) {
            assertTrue(inHandler.await(20, TimeUnit.SECONDS));
            Thread closer = Thread.ofVirtual().start(server::close);
            await().atMost(WAIT).untilAsserted(() -> assertThrows(ConnectException.class,
                    () -> provider.connect(server.localAddress()).close()));
            assertTrue(closer.isAlive(), "close waits for the running handler");
            release.countDown();
            assertTrue(closer.join(WAIT));
            assertEquals(1, finished.get());
            assertEquals("done", readExactly(client, 4));
        }
        assertFalse(server.isOpen());
        assertEquals(0, server.stats().connectionsOpen());
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "UNIX"})
    void closeAfterTheShutdownTimeoutWakesBlockedHandlersAndLeavesNoThread(Domain domain) throws Exception {
        Set<Thread> handlers = ConcurrentHashMap.newKeySet();
        AtomicInteger closedSeen = new AtomicInteger();
        Server server = provider.serve(Loopback.any(domain, dir), c -> {
            handlers.add(Thread.currentThread());
            try {
                c.read(ByteBuffer.allocate(1));
            } catch (SocketClosedException e) {
                closedSeen.incrementAndGet();
                throw e;
            }
        }, ServerOptions.defaults().withShutdownTimeout(Duration.ofMillis(100)));
        SocketAddress address = server.localAddress();
        List<Connection> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                clients.add(provider.connect(address));
            }
            await().atMost(WAIT).until(() -> handlers.size() == 5
                    && handlers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
            server.close();
            server.close();
            handlers.forEach(t -> assertFalse(t.isAlive(), () -> t + " outlived close()"));
            assertEquals(5, closedSeen.get());
            assertEquals(new ServerStats(0, 5, 0, 0, 5), server.stats());
            for (Connection c : clients) {
                assertEquals(-1, c.read(ByteBuffer.allocate(1)));
            }
        } finally {
            for (Connection c : clients) {
                c.close();
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the resource keeps the other end open
    void aHandlerBlockedInSomethingElseIsInterruptedOnClose() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        Server server = provider.serve(Loopback.any(Domain.INET, dir), c -> {
            inHandler.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        }, ServerOptions.defaults().withShutdownTimeout(Duration.ZERO));
        try (Connection client = provider.connect(server.localAddress())) {
            assertTrue(inHandler.await(20, TimeUnit.SECONDS));
            server.close();
            assertEquals(1, interrupted.get());
            assertEquals(0, server.stats().handlerFailures());
        }
    }
}
