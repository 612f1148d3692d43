package dev.sockets.conformance;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

/**
 * §9, timeouts: a timed {@code read}, {@code accept} or {@code receive} gives up after about its
 * timeout with {@link SocketTimeoutException} and leaves its object usable; {@link Duration#ZERO}
 * means wait for as long as it takes. In every supported domain: a UNIX-domain channel has no
 * {@code SO_TIMEOUT}, so this is where a blocking-model provider must do its own timed wait.
 *
 * <h2>How time is judged</h2>
 * A timed-out call must not give up before 80% of its timeout (a provider that returns at once, or
 * treats the timeout as a smaller unit, fails), nor long after it: the upper bound is generous
 * (the timeout plus 5 s), because the machine may be loaded. A call without a timeout must still be
 * waiting after 600 ms, more than any of the timeouts here, then complete
 * promptly once a peer acts. Each test is bounded by this class's {@link Timeout}, on a separate
 * thread, so a provider that ignores its timeout fails the test rather than hanging the run.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class TimeoutsVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected TimeoutsVerification() {
    }

    /** The timeout under test: long enough to measure on a loaded machine, short enough to keep the kit fast. */
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    /** A timed-out call gives up no earlier than this: 80% of {@link #TIMEOUT}, allowing for clock granularity. */
    private static final Duration EARLIEST = TIMEOUT.multipliedBy(4).dividedBy(5);

    /** ... and no later than this: "about that time" on a machine shared by several builds. */
    private static final Duration LATEST = TIMEOUT.plusSeconds(5);

    /**
     * The timeout of a read that another thread writes beside: long enough that the write, which should
     * take milliseconds, surely ends first even on a loaded machine.
     */
    private static final Duration LONG_TIMEOUT = Duration.ofMillis(1500);

    /** How long a call without a timeout must keep waiting to show that it does (§9.4). */
    private static final Duration WAITS_AT_LEAST = Duration.ofMillis(600);

    /** How long a call that has what it waits for may take to return: "promptly", on a loaded machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_1_readTimesOutThenReturnsWhatCameSince(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withReadTimeout(TIMEOUT),
                ListenOptions.defaults())) {
            Connection client = pair.client();
            ByteBuffer dst = ByteBuffer.allocate(16);

            long start = System.nanoTime();
            SocketTimeoutException timedOut = assertThrows(SocketTimeoutException.class, () -> client.read(dst),
                    "§9.1: read with no data and a read timeout of " + TIMEOUT);
            assertTookAboutTheTimeout("read", start);
            assertEquals("Read timed out", timedOut.getMessage(), "§9.1: message");
            assertEquals(0, dst.position(), "§9.1: a read that timed out consumed nothing");
            assertTrue(client.isOpen(), "§9.1: the connection stays open after a read timeout");

            pair.server().write(ascii("since"));
            assertArrayEquals(bytes("since"), readExactly(client, 5), "§9.1: a later read returns the data that came since");
            client.write(ascii("reply"));
            assertArrayEquals(bytes("reply"), readExactly(pair.server(), 5), "§9.1: the connection still writes");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_1_readTimesOutWhileAnotherThreadWrites(Domain domain) throws IOException {
        // A timed read must not hold up a writer on the same connection (§5.7), nor lose its timeout
        // to it: the trap of a provider that switches a channel to non-blocking mode for a timed
        // wait, which waits for a blocking write in progress, and the reverse.
        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withReadTimeout(LONG_TIMEOUT),
                ListenOptions.defaults())) {
            Connection client = pair.client();
            BlockedCall<Duration> read = BlockedCall.start("timed-read", () -> {
                long start = System.nanoTime();
                SocketTimeoutException timedOut = assertThrows(SocketTimeoutException.class,
                        () -> client.read(ByteBuffer.allocate(16)), "§9.1: read with no data, while another thread writes");
                assertEquals("Read timed out", timedOut.getMessage(), "§9.1: message");
                return Duration.ofNanos(System.nanoTime() - start);
            }).awaitBlockedIn("read");

            byte[] payload = new byte[4096];
            Arrays.fill(payload, (byte) 'w');
            client.write(ByteBuffer.wrap(payload));
            assertFalse(read.isDone(), "§5.7, §9.1: the write waited for the timed read to end");
            assertArrayEquals(payload, readExactly(pair.server(), payload.length), "§5.7: the bytes written during a timed read");

            Duration took = read.awaitValue(LONG_TIMEOUT.plus(PROMPTLY));
            assertTrue(took.compareTo(LONG_TIMEOUT.multipliedBy(4).dividedBy(5)) >= 0,
                    () -> "§9.1: read gave up after " + took.toMillis() + " ms, before its timeout of " + LONG_TIMEOUT.toMillis() + " ms");
            pair.server().write(ascii("after"));
            assertArrayEquals(bytes("after"), readExactly(client, 5), "§9.1: a later read returns the data that came since");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_2_acceptTimesOutThenAcceptsTheNextClient(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(domain), ListenOptions.defaults().withAcceptTimeout(TIMEOUT))) {
            long start = System.nanoTime();
            SocketTimeoutException timedOut = assertThrows(SocketTimeoutException.class, listener::accept,
                    "§9.2: accept with no client and an accept timeout of " + TIMEOUT);
            assertTookAboutTheTimeout("accept", start);
            assertEquals("Accept timed out", timedOut.getMessage(), "§9.2: message");
            assertTrue(listener.isOpen(), "§9.2: the listener stays open after an accept timeout");

            try (Connection client = clientProvider().connect(listener.localAddress());
                    Connection accepted = listener.accept()) {
                client.write(ascii("hello"));
                assertArrayEquals(bytes("hello"), readExactly(accepted, 5),
                        "§9.2: a later accept returns the connection of the client that came since");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_3_receiveTimesOutThenReturnsTheNextDatagram(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint receiver = serverProvider().openDatagram(anyLocal(domain),
                        DatagramOptions.defaults().withReceiveTimeout(TIMEOUT));
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            ByteBuffer dst = ByteBuffer.allocate(64);

            long start = System.nanoTime();
            SocketTimeoutException timedOut = assertThrows(SocketTimeoutException.class, () -> receiver.receive(dst),
                    "§9.3: receive with no datagram and a receive timeout of " + TIMEOUT);
            assertTookAboutTheTimeout("receive", start);
            assertEquals("Receive timed out", timedOut.getMessage(), "§9.3: message");
            assertEquals(0, dst.position(), "§9.3: a receive that timed out filled nothing");
            assertTrue(receiver.isOpen(), "§9.3: the endpoint stays open after a receive timeout");

            sender.send(ascii("datagram"), receiver.localAddress());
            SocketAddress from = receiver.receive(dst);
            assertEquals(sender.localAddress(), from, "§9.3: the sender of the datagram that came since");
            assertArrayEquals(bytes("datagram"), received(dst), "§9.3: a later receive returns the next datagram");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_4_readWithoutTimeoutWaitsForData(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            ByteBuffer dst = ByteBuffer.allocate(16);
            BlockedCall<Integer> read = BlockedCall.start("read", () -> pair.client().read(dst)).awaitBlockedIn("read");
            assertStillWaiting(read, "§9.4: read with a read timeout of ZERO");

            pair.server().write(ascii("late"));
            int n = read.awaitValue(PROMPTLY);
            assertTrue(n >= 1 && n <= 4, "§9.4: read returned " + n + " bytes of 4");
            assertArrayEquals(bytes("late".substring(0, n)), received(dst), "§9.4: the bytes read");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_4_acceptWithoutTimeoutWaitsForAClient(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(domain))) {
            BlockedCall<Connection> accept = BlockedCall.start("accept", listener::accept);
            try {
                accept.awaitBlockedIn("accept");
                assertStillWaiting(accept, "§9.4: accept with an accept timeout of ZERO");
                try (Connection client = clientProvider().connect(listener.localAddress());
                        Connection accepted = accept.awaitValue(PROMPTLY)) {
                    client.write(ascii("hi"));
                    assertArrayEquals(bytes("hi"), readExactly(accepted, 2), "§9.4: the connection accepted is the client's");
                }
            } finally {
                // A connection that accept returned early (the test failed) is closed here, not leaked.
                if (accept.isDone()) {
                    try {
                        accept.awaitValue(Duration.ZERO).close();
                    } catch (AssertionError | IOException threwOrClosed) {
                        // reported by the test already
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_4_receiveWithoutTimeoutWaitsForADatagram(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint receiver = serverProvider().openDatagram(anyLocal(domain));
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            ByteBuffer dst = ByteBuffer.allocate(64);
            BlockedCall<SocketAddress> receive = BlockedCall.start("receive", () -> receiver.receive(dst))
                    .awaitBlockedIn("receive");
            assertStillWaiting(receive, "§9.4: receive with a receive timeout of ZERO");

            sender.send(ascii("late"), receiver.localAddress());
            assertEquals(sender.localAddress(), receive.awaitValue(PROMPTLY), "§9.4: the sender");
            assertArrayEquals(bytes("late"), received(dst), "§9.4: the datagram received");
        }
    }

    /** Fails at once if {@code call} ends within {@link #WAITS_AT_LEAST}: with nothing to wait for, it must wait. */
    private static void assertStillWaiting(BlockedCall<?> call, String what) {
        await(what).during(WAITS_AT_LEAST).atMost(WAITS_AT_LEAST.plus(PROMPTLY))
                .failFast(what, () -> {
                    if (call.isDone()) {
                        Object early;
                        try {
                            early = call.awaitValue(Duration.ZERO);
                        } catch (AssertionFailedError threw) {
                            throw new AssertionFailedError(what + " ended with nothing to wait for: " + threw.getMessage(),
                                    threw.getCause());
                        }
                        throw new AssertionFailedError(what + " returned " + early + " with nothing to wait for");
                    }
                })
                .until(() -> !call.isDone());
    }

    private static void assertTookAboutTheTimeout(String call, long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(took.compareTo(EARLIEST) >= 0,
                () -> "§9: " + call + " gave up after " + took.toMillis() + " ms, before its timeout of " + TIMEOUT.toMillis() + " ms");
        assertTrue(took.compareTo(LATEST) <= 0,
                () -> "§9: " + call + " gave up after " + took.toMillis() + " ms, long after its timeout of " + TIMEOUT.toMillis() + " ms");
    }

    /** Reads exactly {@code n} bytes, failing at end of stream; bounded by the test's {@link Timeout}. */
    private static byte[] readExactly(Connection connection, int n) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(n);
        while (dst.hasRemaining()) {
            if (connection.read(dst) < 0) {
                throw new EOFException("end of stream after " + dst.position() + " of " + n + " bytes");
            }
        }
        return dst.array();
    }

    /** The bytes put into {@code dst} so far. */
    private static byte[] received(ByteBuffer dst) {
        byte[] bytes = new byte[dst.position()];
        dst.duplicate().flip().get(bytes);
        return bytes;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(bytes(s));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }
}
