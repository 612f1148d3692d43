package dev.sockets.virtualthreads;

import static dev.sockets.virtualthreads.Loopback.ascii;
import static dev.sockets.virtualthreads.Loopback.readExactly;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketProvider;
import dev.sockets.StreamOptions;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Timeouts with the caller on a virtual thread: every blocking call honours its timeout and stays usable (§9), so
 * the timed waits of {@link TimedCall} are covered as well as the adaptors' timed parks. (That every way of waiting
 * wakes on close and on an interrupt, on virtual and platform threads, is the kit's: §7.3 and §7.5 "whatever the
 * wait".)
 */
class BlockedCallsTest {

    private static final Duration SHORT = Duration.ofMillis(150);

    private final SocketProvider provider = new VirtualThreadSocketProvider();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "UNIX"})
    void readTimesOutThenReturnsTheDataThatCameSince(Domain domain) throws Exception {
        try (Listener listener = provider.listen(Loopback.any(domain, dir));
                Connection client = provider.connect(listener.localAddress(), StreamOptions.defaults().withReadTimeout(SHORT));
                Connection server = listener.accept()) {
            for (int i = 0; i < 2; i++) {
                SocketTimeoutException e = onVirtualThread(() -> client.read(ByteBuffer.allocate(4)), SocketTimeoutException.class);
                assertEquals("Read timed out", e.getMessage());
            }
            assertTrue(client.isOpen());
            server.write(ascii("abcdefgh"));
            // two reads of four: a timed read may have read ahead for a caller that gave up; nothing is lost
            assertEquals("abcd", onVirtualThread(() -> readExactly(client, 4)));
            assertEquals("efgh", onVirtualThread(() -> readExactly(client, 4)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "UNIX"})
    void acceptTimesOutThenAcceptsInOrder(Domain domain) throws Exception {
        try (Listener listener = provider.listen(Loopback.any(domain, dir), ListenOptions.defaults().withAcceptTimeout(SHORT))) {
            SocketTimeoutException e = onVirtualThread(listener::accept, SocketTimeoutException.class);
            assertEquals("Accept timed out", e.getMessage());
            try (Connection first = provider.connect(listener.localAddress());
                    Connection second = provider.connect(listener.localAddress())) {
                first.write(ascii("1"));
                second.write(ascii("2"));
                try (Connection a = onVirtualThread(listener::accept); Connection b = onVirtualThread(listener::accept)) {
                    assertEquals("1", readExactly(a, 1));
                    assertEquals("2", readExactly(b, 1));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = "INET")
    void receiveTimesOutThenReceives(Domain domain) throws Exception {
        try (DatagramEndpoint a = provider.openDatagram(Loopback.any(domain, dir), DatagramOptions.defaults().withReceiveTimeout(SHORT));
                DatagramEndpoint b = provider.openDatagram(Loopback.any(domain, dir))) {
            SocketTimeoutException e = onVirtualThread(() -> a.receive(ByteBuffer.allocate(8)), SocketTimeoutException.class);
            assertEquals("Receive timed out", e.getMessage());
            b.send(ascii("hi"), a.localAddress());
            assertEquals(b.localAddress(), onVirtualThread(() -> a.receive(ByteBuffer.allocate(8))));
        }
    }

    /**
     * A receive that timed out is over: nothing of it stays in the channel to hold up a connect (the channel's
     * connect waits for a receive in progress), and the connected endpoint then receives from its peer.
     */
    @ParameterizedTest
    @EnumSource(value = Domain.class, names = "INET")
    void aConnectAfterAReceiveTimedOutDoesNotWait(Domain domain) throws Exception {
        try (DatagramEndpoint a = provider.openDatagram(Loopback.any(domain, dir), DatagramOptions.defaults().withReceiveTimeout(SHORT));
                DatagramEndpoint b = provider.openDatagram(Loopback.any(domain, dir))) {
            onVirtualThread(() -> a.receive(ByteBuffer.allocate(8)), SocketTimeoutException.class);
            onVirtualThread(() -> {
                a.connect(b.localAddress());
                return null;
            });
            b.send(ascii("hi"), a.localAddress());
            assertEquals(b.localAddress(), onVirtualThread(() -> a.receive(ByteBuffer.allocateDirect(8))));
        }
    }

    /**
     * A UNIX-domain connect to a listener whose backlog is full waits for room, as a blocking connect(2) does,
     * and honours its connect timeout (§3.3), whether the caller is a virtual thread or not.
     */
    @Test
    void aUnixConnectWaitsForRoomInTheBacklogWithinItsTimeout() throws Exception {
        try (Listener listener = provider.listen(Loopback.any(Domain.UNIX, dir), ListenOptions.defaults().withBacklog(1))) {
            List<Connection> queued = new ArrayList<>();
            try {
                SocketTimeoutException timedOut = null;
                StreamOptions withTimeout = StreamOptions.defaults().withConnectTimeout(SHORT);
                for (int i = 0; i < 16 && timedOut == null; i++) {
                    try {
                        queued.add(onVirtualThread(() -> provider.connect(listener.localAddress(), withTimeout)));
                    } catch (SocketTimeoutException e) {
                        timedOut = e;
                    }
                }
                assertTrue(timedOut != null, () -> "the backlog never filled: " + queued.size() + " connects queued");
                assertTrue(timedOut.getMessage().startsWith("Connect timed out: "), timedOut.getMessage());
                // A connect without timeout waits, and gets in once accept makes room.
                CompletableFuture<Connection> waiting = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        waiting.complete(provider.connect(listener.localAddress()));
                    } catch (Throwable t) {
                        waiting.completeExceptionally(t);
                    }
                });
                await().during(SHORT).atMost(Duration.ofSeconds(10)).until(() -> !waiting.isDone());
                queued.add(listener.accept());
                queued.add(waiting.get(10, TimeUnit.SECONDS));
            } finally {
                for (Connection c : queued) {
                    c.close();
                }
            }
        }
    }

    /** Runs {@code call} on a virtual thread and returns its result. */
    static <T> T onVirtualThread(ThrowingCall<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Runs {@code call} on a virtual thread and returns what it threw, which must be a {@code type}. */
    static <X extends Throwable> X onVirtualThread(ThrowingCall<?> call, Class<X> type) {
        return assertThrows(type, () -> onVirtualThread(call));
    }

    @FunctionalInterface
    interface ThrowingCall<T> {
        T call() throws Exception;
    }
}
