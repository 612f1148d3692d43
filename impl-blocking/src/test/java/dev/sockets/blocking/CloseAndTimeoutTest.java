package dev.sockets.blocking;

import static dev.sockets.blocking.Fixtures.anyLocal;
import static dev.sockets.blocking.Fixtures.readExactly;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketClosedException;
import dev.sockets.StreamOptions;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tricky parts of a blocking provider: a close from another thread wakes every blocked call
 * (§7.3), timeouts leave the object usable (§9), and a UNIX-domain listener removes its file (§4.5).
 * UNIX-domain connections and listeners are tried in both their modes: blocking (no timeout) and
 * polled (with a timeout).
 */
// Closing a resource of a try-with-resources early is what these tests are about.
@SuppressWarnings("try")
class CloseAndTimeoutTest {

    /** "Promptly" on a loaded machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofMinutes(5);

    private final BlockingSocketProvider provider = new BlockingSocketProvider();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** Every stream domain, with no timeout, and with one far too long to pass during the test. */
    static java.util.stream.Stream<Arguments> domainsAndTimeouts() {
        return java.util.stream.Stream.of(Domain.values())
                .flatMap(d -> java.util.stream.Stream.of(Arguments.of(d, Duration.ZERO), Arguments.of(d, LONG)));
    }

    @ParameterizedTest
    @MethodSource("domainsAndTimeouts")
    void closeUnblocksRead(Domain domain, Duration readTimeout) throws Exception {
        StreamOptions options = StreamOptions.defaults().withReadTimeout(readTimeout);
        try (Listener listener = provider.listen(anyLocal(domain, dir));
             Connection client = provider.connect(listener.localAddress(), options);
             Connection server = listener.accept()) {
            Future<Integer> read = threads.submit(() -> client.read(ByteBuffer.allocate(16)));
            awaitBlocked(read);
            client.close();
            assertClosedPromptly(read);
        }
    }

    @ParameterizedTest
    @MethodSource("domainsAndTimeouts")
    void closeUnblocksWriteOnAFullSendBuffer(Domain domain, Duration readTimeout) throws Exception {
        StreamOptions options = StreamOptions.defaults().withReadTimeout(readTimeout)
                .with(StandardSocketOptions.SO_SNDBUF, 8192);
        try (Listener listener = provider.listen(anyLocal(domain, dir));
             Connection client = provider.connect(listener.localAddress(), options);
             Connection server = listener.accept()) {
            // The server never reads: its receive buffer and the client's send buffer fill up.
            Future<Void> write = threads.submit(() -> {
                client.write(ByteBuffer.allocate(64 * 1024 * 1024));
                return null;
            });
            awaitBlocked(write);
            client.close();
            assertClosedPromptly(write);
        }
    }

    @ParameterizedTest
    @MethodSource("domainsAndTimeouts")
    void closeUnblocksAcceptAndRemovesTheSocketFile(Domain domain, Duration acceptTimeout) throws Exception {
        Listener listener = provider.listen(anyLocal(domain, dir), ListenOptions.defaults().withAcceptTimeout(acceptTimeout));
        Future<Connection> accept = threads.submit(listener::accept);
        awaitBlocked(accept);
        listener.close();
        assertClosedPromptly(accept);
        if (domain == Domain.UNIX) {
            assertFalse(Files.exists(dir.resolve(listener.localAddress().toString())));
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "§4.5: the socket file is removed");
            }
        }
    }

    @Test
    void closeUnblocksReceive() throws Exception {
        DatagramEndpoint endpoint = provider.openDatagram(anyLocal(Domain.INET, dir));
        Future<SocketAddress> receive = threads.submit(() -> endpoint.receive(ByteBuffer.allocate(16)));
        awaitBlocked(receive);
        endpoint.close();
        assertClosedPromptly(receive);
        assertThrows(SocketClosedException.class, () -> endpoint.receive(ByteBuffer.allocate(1)));
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void aReadTimeoutLeavesTheConnectionUsable(Domain domain) throws Exception {
        StreamOptions options = StreamOptions.defaults().withReadTimeout(Duration.ofMillis(200));
        try (Listener listener = provider.listen(anyLocal(domain, dir));
             Connection client = provider.connect(listener.localAddress(), options);
             Connection server = listener.accept()) {
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> client.read(ByteBuffer.allocate(4)));
            assertEquals("Read timed out", e.getMessage());
            assertTrue(client.isOpen());
            server.write(ByteBuffer.wrap(new byte[] {7, 8}));
            assertArrayEquals(new byte[] {7, 8}, readExactly(client, 2));
            client.write(ByteBuffer.wrap(new byte[] {6}));
            assertArrayEquals(new byte[] {6}, readExactly(server, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void anAcceptTimeoutLeavesTheListenerUsable(Domain domain) throws Exception {
        ListenOptions options = ListenOptions.defaults().withAcceptTimeout(Duration.ofMillis(200))
                .withConnectionOptions(StreamOptions.defaults().withReadTimeout(Duration.ofMillis(100)));
        try (Listener listener = provider.listen(anyLocal(domain, dir), options)) {
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, listener::accept);
            assertEquals("Accept timed out", e.getMessage());
            try (Connection client = provider.connect(listener.localAddress());
                 Connection server = listener.accept()) {
                assertThrows(SocketTimeoutException.class, () -> server.read(ByteBuffer.allocate(1)),
                        "§4.3: the accepted connection has the read timeout of the connection options");
                client.write(ByteBuffer.wrap(new byte[] {5}));
                assertArrayEquals(new byte[] {5}, readExactly(server, 1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void aReceiveTimeoutLeavesTheEndpointUsable(Domain domain) throws Exception {
        DatagramOptions options = DatagramOptions.defaults().withReceiveTimeout(Duration.ofMillis(200));
        try (DatagramEndpoint a = provider.openDatagram(anyLocal(domain, dir), options);
             DatagramEndpoint b = provider.openDatagram(anyLocal(domain, dir))) {
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> a.receive(ByteBuffer.allocate(4)));
            assertEquals("Receive timed out", e.getMessage());
            b.send(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), a.localAddress());
            b.send(ByteBuffer.wrap(new byte[] {6}), a.localAddress());
            ByteBuffer small = ByteBuffer.allocate(3);
            assertEquals(b.localAddress(), a.receive(small));
            assertArrayEquals(new byte[] {1, 2, 3}, small.array(), "§11.5: truncated to the buffer");
            ByteBuffer next = ByteBuffer.allocateDirect(8);
            a.receive(next);
            assertEquals(1, next.position(), "§11.5: the next datagram is whole");
            assertEquals(6, next.get(0));
        }
    }

    /** Waits until the task has had time to block: it is running and has not finished. */
    private static void awaitBlocked(Future<?> task) {
        // A blocked call shows no progress to wait for; make sure it did not end at once, then give
        // the thread a moment to enter the kernel (a close before it does is fine too: same outcome).
        await().during(Duration.ofMillis(200)).atMost(PROMPTLY).until(() -> !task.isDone());
    }

    private static void assertClosedPromptly(Future<?> task) throws InterruptedException {
        await().atMost(PROMPTLY).until(task::isDone);
        ExecutionException e = assertThrows(ExecutionException.class, task::get);
        assertInstanceOf(SocketClosedException.class, e.getCause(), () -> "§7.3: " + e.getCause());
    }

    @Test
    void aConnectTimeoutOnAUnixListenerWithAFullBacklogThrowsInTime() throws Exception {
        ListenOptions oneSlot = ListenOptions.defaults().withBacklog(1);
        StreamOptions timed = StreamOptions.defaults().withConnectTimeout(Duration.ofMillis(300));
        try (Listener listener = provider.listen(anyLocal(Domain.UNIX, dir), oneSlot)) {
            java.util.List<Connection> queued = new java.util.ArrayList<>();
            try {
                SocketTimeoutException timedOut = null;
                for (int i = 0; i < 10 && timedOut == null; i++) {
                    try {
                        queued.add(provider.connect(listener.localAddress(), timed));
                    } catch (SocketTimeoutException e) {
                        timedOut = e;
                    }
                }
                assertTrue(timedOut != null, "§3.3: the backlog filled up and a connect timed out");
                // The listener is still usable: accepting makes room for one more.
                listener.accept().close();
                CompletableFuture<Connection> later = CompletableFuture.supplyAsync(() -> {
                    try {
                        return provider.connect(listener.localAddress(), timed);
                    } catch (java.io.IOException e) {
                        throw new RuntimeException(e);
                    }
                }, threads);
                queued.add(later.get());
            } finally {
                for (Connection c : queued) {
                    c.close();
                }
            }
        }
    }
}
