package dev.sockets.virtualthreads;

import static dev.sockets.virtualthreads.Loopback.ascii;
import static dev.sockets.virtualthreads.Loopback.readExactly;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import dev.sockets.StreamOptions;
import java.io.Closeable;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timeouts, close from another thread and interrupts: every blocking call honours its timeout and stays usable
 * (§9), wakes with {@link SocketClosedException} when closed (§7.3), and closes its object when its thread is
 * interrupted (§7.5); the blocked caller is a virtual thread (and for interrupts a platform one too), so the timed
 * waits of {@link TimedCall} are covered as well as the plain channels and the adaptors' timed parks.
 */
class BlockedCallsTest {

    private static final Duration SHORT = Duration.ofMillis(150);
    private static final Duration LONG = Duration.ofMinutes(1);

    private final SocketProvider provider = new VirtualThreadSocketProvider();

    @TempDir
    Path dir;

    /** Every stream domain, without and with a (long) timeout: the plain and the timed paths. */
    static Stream<Arguments> domainsAndTimeouts() {
        return Stream.of(Domain.INET, Domain.INET6, Domain.UNIX)
                .flatMap(d -> Stream.of(Arguments.of(d, Duration.ZERO), Arguments.of(d, LONG)));
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6", "UNIX"})
    void readTimesOutThenReturnsTheDataThatCameSince(Domain domain) throws Exception {
        assumeDomain(domain);
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
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void receiveTimesOutThenReceives(Domain domain) throws Exception {
        assumeDomain(domain);
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
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void aConnectAfterAReceiveTimedOutDoesNotWait(Domain domain) throws Exception {
        assumeDomain(domain);
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

    @ParameterizedTest
    @MethodSource("domainsAndTimeouts")
    @SuppressWarnings("try") // the resource keeps the other end open
    void closeWakesABlockedRead(Domain domain, Duration timeout) throws Exception {
        assumeDomain(domain);
        try (Listener listener = provider.listen(Loopback.any(domain, dir));
                Connection client = provider.connect(listener.localAddress(), StreamOptions.defaults().withReadTimeout(timeout));
                Connection server = listener.accept()) {
            assertWokenByClose(() -> client.read(ByteBuffer.allocate(1)), client);
        }
    }

    @ParameterizedTest
    @MethodSource("domainsAndTimeouts")
    void closeWakesABlockedAccept(Domain domain, Duration timeout) throws Exception {
        assumeDomain(domain);
        Listener listener = provider.listen(Loopback.any(domain, dir), ListenOptions.defaults().withAcceptTimeout(timeout));
        assertWokenByClose(listener::accept, listener);
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "UNIX"})
    @SuppressWarnings("try") // the resource keeps the other end open
    void closeWakesAWriteBlockedOnAFullSendBuffer(Domain domain) throws Exception {
        try (Listener listener = provider.listen(Loopback.any(domain, dir));
                Connection client = provider.connect(listener.localAddress());
                Connection server = listener.accept()) {
            assertWokenByClose(() -> {
                client.write(ByteBuffer.allocate(64 * 1024 * 1024));
                return null;
            }, client);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void closeWakesABlockedReceive(Domain domain) throws Exception {
        assumeDomain(domain);
        DatagramEndpoint endpoint = provider.openDatagram(Loopback.any(domain, dir));
        assertWokenByClose(() -> endpoint.receive(ByteBuffer.allocate(8)), endpoint);
    }

    /** Every stream domain and both timeouts, on a virtual thread and on a platform one. */
    static Stream<Arguments> domainsTimeoutsAndThreads() {
        return domainsAndTimeouts().flatMap(a -> Stream.of(true, false).map(virtual -> Arguments.of(a.get()[0], a.get()[1], virtual)));
    }

    /** The datagram domains and both timeouts, on a virtual thread and on a platform one. */
    static Stream<Arguments> datagramDomainsTimeoutsAndThreads() {
        return domainsTimeoutsAndThreads().filter(a -> a.get()[0] != Domain.UNIX);
    }

    @ParameterizedTest
    @MethodSource("domainsTimeoutsAndThreads")
    @SuppressWarnings("try") // the resource keeps the other end open
    void anInterruptClosesABlockedRead(Domain domain, Duration timeout, boolean virtual) throws Exception {
        assumeDomain(domain);
        try (Listener listener = provider.listen(Loopback.any(domain, dir));
                Connection client = provider.connect(listener.localAddress(), StreamOptions.defaults().withReadTimeout(timeout));
                Connection server = listener.accept()) {
            assertClosedByInterrupt(() -> client.read(ByteBuffer.allocate(1)), "implRead", virtual);
            assertFalse(client.isOpen());
            assertEquals(-1, server.read(ByteBuffer.allocate(1)), "§7.4: the peer sees the close");
        }
    }

    @ParameterizedTest
    @MethodSource("domainsTimeoutsAndThreads")
    void anInterruptClosesABlockedAccept(Domain domain, Duration timeout, boolean virtual) throws Exception {
        assumeDomain(domain);
        try (Listener listener = provider.listen(Loopback.any(domain, dir), ListenOptions.defaults().withAcceptTimeout(timeout))) {
            assertClosedByInterrupt(listener::accept, "implAccept", virtual);
            assertFalse(listener.isOpen());
        }
        if (domain == Domain.UNIX) {
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "§4.5: the socket file is removed");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("datagramDomainsTimeoutsAndThreads")
    void anInterruptClosesABlockedReceive(Domain domain, Duration timeout, boolean virtual) throws Exception {
        assumeDomain(domain);
        try (DatagramEndpoint endpoint = provider.openDatagram(Loopback.any(domain, dir), DatagramOptions.defaults().withReceiveTimeout(timeout))) {
            assertClosedByInterrupt(() -> endpoint.receive(ByteBuffer.allocate(8)), "implReceive", virtual);
            assertFalse(endpoint.isOpen());
        }
    }

    /**
     * Runs {@code blocking} on a thread of the kind asked for, interrupts it once it waits in {@code method}, and
     * checks that it woke with "Closed by interrupt" and kept its interrupt status (§7.5).
     */
    private static void assertClosedByInterrupt(ThrowingCall<?> blocking, String method, boolean virtual) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread caller = (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).start(() -> {
            try {
                blocking.call();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedIn(caller, method));
        caller.interrupt();
        Throwable thrown = outcome.get(10, TimeUnit.SECONDS);
        assertInstanceOf(SocketClosedException.class, thrown, () -> "thrown: " + thrown);
        assertEquals("Closed by interrupt", thrown.getMessage());
        assertTrue(stillInterrupted.get(10, TimeUnit.SECONDS), "the interrupt status stays set");
    }

    /** Whether {@code thread} waits (parked, or in a system call) with {@code method} of this provider, or of the core it builds on, on its stack. */
    private static boolean blockedIn(Thread thread, String method) {
        StackTraceElement[] stack = thread.getStackTrace();
        boolean waiting = parked(thread) || stack.length > 0 && stack[0].isNativeMethod();
        return waiting && Stream.of(stack).anyMatch(f -> f.getMethodName().equals(method)
                && (f.getClassName().startsWith(VirtualThreadSocketProvider.class.getPackageName())
                        || f.getClassName().startsWith("dev.sockets.spi.")));
    }

    private void assertWokenByClose(ThrowingCall<?> blocking, Closeable closeable) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                blocking.call();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> parked(caller));
        closeable.close();
        Throwable thrown = outcome.get(10, TimeUnit.SECONDS);
        assertInstanceOf(SocketClosedException.class, thrown, () -> "thrown: " + thrown);
        assertTrue(caller.join(Duration.ofSeconds(10)));
        assertFalse(caller.isAlive());
    }

    /** Whether {@code thread} waits: parked (a virtual thread) or blocked in the kernel. */
    private static boolean parked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static void assumeDomain(Domain domain) {
        assumeTrue(domain != Domain.INET6 || Loopback.ipv6(), "no IPv6 loopback");
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
