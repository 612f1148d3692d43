package dev.sockets.conformance;

import static dev.sockets.conformance.Streams.ascii;
import static dev.sockets.conformance.Streams.bytes;
import static dev.sockets.conformance.Streams.received;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static dev.sockets.conformance.Waits.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.sockets.OutputShutdownException;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;

/**
 * §9, timeouts: a timed {@code read}, {@code accept} or {@code receive} gives up after about its
 * timeout with {@link SocketTimeoutException} and leaves its object usable; a timed {@code write} to a
 * peer that never reads gives up too, and leaves the connection open but writing no more (§9.6, §9.7); {@link Duration#ZERO}
 * means wait for as long as it takes, and so does a timeout too long for the JDK's calls, while the
 * shortest (1 ns, 1 ms) are timeouts still (§9.5). In every supported domain: a UNIX-domain channel has no
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
        try (ConnectedPair pair = readTimeoutPair(domain)) {
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
            assertArrayEquals(bytes("since"), Streams.readExactly(client, 5), "§9.1: a later read returns the data that came since");
            client.write(ascii("reply"));
            assertArrayEquals(bytes("reply"), Streams.readExactly(pair.server(), 5), "§9.1: the connection still writes");
        }
    }

    /**
     * After a read timed out, the bytes that come are read one at a time, then end of stream is −1 and stays −1: a
     * provider that reads ahead for a timed wait of its own (into a buffer of the size the timed-out read asked
     * for) must hand on what it holds in smaller pieces, and report the end as −1, never as 0.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_1_afterATimedOutReadTheBytesComeInReadsOfAnySizeThenEndOfStream(Domain domain) throws IOException {
        try (ConnectedPair pair = readTimeoutPair(domain)) {
            Connection client = pair.client();
            assertThrows(SocketTimeoutException.class, () -> client.read(ByteBuffer.allocate(16)),
                    "§9.1: read with no data and a read timeout of " + TIMEOUT);

            pair.server().write(ascii("last"));
            pair.server().shutdownOutput();
            for (byte expected : bytes("last")) {
                ByteBuffer one = ByteBuffer.allocate(1);
                assertEquals(1, client.read(one), "§9.1: a read of one byte, after a read of 16 timed out");
                assertEquals(expected, one.get(0), "§9.1: the bytes in order");
            }
            assertEquals(-1, client.read(ByteBuffer.allocate(16)), "§5.3, §9.1: end of stream, with a read timeout");
            assertEquals(-1, client.read(ByteBuffer.allocate(16)), "§5.3: end of stream stays −1");
        }
    }

    /**
     * A read timeout holds after this side shut its output down, which keeps the input (§6.1) and so its timeout:
     * a provider that lets a shut output end a wait of any direction (a writer's wake-up seen by a reader) returns
     * the read at once, or retries it for ever and never times out. The read runs on a thread of its own, so that
     * one that never ends fails the test and is ended by the pair's close.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_1_aReadTimesOutAfterThisSideShutItsOutputDown(Domain domain) throws IOException {
        try (ConnectedPair pair = readTimeoutPair(domain)) {
            Connection client = pair.client();
            client.shutdownOutput();
            ByteBuffer dst = ByteBuffer.allocate(16);

            long start = System.nanoTime();
            Throwable thrown = BlockedCall.start("read after shutdownOutput", () -> client.read(dst)).awaitThrown();
            assertInstanceOf(SocketTimeoutException.class, thrown,
                    "§9.1: a read after this side's shutdownOutput, with no data and a read timeout of " + TIMEOUT);
            assertTookAboutTheTimeout("read after shutdownOutput", start);
            assertEquals(0, dst.position(), "§9.1: a read that timed out consumed nothing");

            pair.server().write(ascii("later"));
            pair.server().shutdownOutput();
            assertArrayEquals(bytes("later"), Streams.readToEnd(client, 16),
                    "§6.1, §9.1: after its shutdownOutput and a read timeout, this side reads what came, then −1");
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
            assertArrayEquals(payload, Streams.readExactly(pair.server(), payload.length), "§5.7: the bytes written during a timed read");

            Duration took = read.awaitValue(LONG_TIMEOUT.plus(PROMPTLY));
            assertTrue(took.compareTo(LONG_TIMEOUT.multipliedBy(4).dividedBy(5)) >= 0,
                    () -> "§9.1: read gave up after " + took.toMillis() + " ms, before its timeout of " + LONG_TIMEOUT.toMillis() + " ms");
            pair.server().write(ascii("after"));
            assertArrayEquals(bytes("after"), Streams.readExactly(client, 5), "§9.1: a later read returns the data that came since");
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
                assertArrayEquals(bytes("hello"), Streams.readExactly(accepted, 5),
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
                    assertArrayEquals(bytes("hi"), Streams.readExactly(accepted, 2), "§9.4: the connection accepted is the client's");
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

    // ---- §9.5 timeouts at the extremes

    /**
     * The longest timeouts (§9.5): just more than an {@code int} of milliseconds ({@code setSoTimeout}),
     * the longest {@code long} of nanoseconds, and three that no {@code long} of nanoseconds holds.
     */
    private static final List<Duration> PRACTICALLY_FOREVER = List.of(
            Duration.ofMillis(Integer.MAX_VALUE + 1L),
            Duration.ofNanos(Long.MAX_VALUE),
            Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L + 1),
            Duration.ofMillis(Long.MAX_VALUE),
            ChronoUnit.FOREVER.getDuration());

    /** The shortest timeouts (§9.5): they are timeouts, never "no limit". */
    private static final List<Duration> SHORTEST = List.of(Duration.ofNanos(1), Duration.ofMillis(1));

    /** How long a call with one of {@link #PRACTICALLY_FOREVER} must keep waiting (§9.5: "after a second"). */
    private static final Duration STILL_WAITING_AFTER = Duration.ofMillis(1200);

    /**
     * Every call of §9.5 at once, one of each per timeout, so that the second they must wait is waited
     * once: each must still be waiting after it, and then complete when its data, client or datagram comes.
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_5_readAcceptAndReceiveWithTheLongestTimeoutsWaitThenComplete(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        boolean datagrams = serverProvider().supports(domain, SocketType.DATAGRAM) && clientProvider().supports(domain, SocketType.DATAGRAM);
        List<AutoCloseable> open = new ArrayList<>();
        Map<String, BlockedCall<?>> waiting = new LinkedHashMap<>();
        List<Completion> completions = new ArrayList<>();
        try {
            for (Duration timeout : PRACTICALLY_FOREVER) {
                ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withReadTimeout(timeout), ListenOptions.defaults());
                open.add(pair);
                ByteBuffer dst = ByteBuffer.allocate(16);
                BlockedCall<Integer> read = BlockedCall.start("read", () -> pair.client().read(dst));
                waiting.put("read with a read timeout of " + timeout, read);
                completions.add(new Completion("read with a read timeout of " + timeout, () -> {
                    pair.server().write(ascii("data"));
                    int n = read.awaitValue(PROMPTLY);
                    assertTrue(n >= 1 && n <= 4, "§9.5: read returned " + n + " bytes of 4");
                }));

                Listener listener = serverProvider().listen(anyLocal(domain), ListenOptions.defaults().withAcceptTimeout(timeout));
                open.add(listener);
                BlockedCall<Connection> accept = BlockedCall.start("accept", listener::accept);
                waiting.put("accept with an accept timeout of " + timeout, accept);
                completions.add(new Completion("accept with an accept timeout of " + timeout, () -> {
                    try (Connection client = clientProvider().connect(listener.localAddress());
                            Connection accepted = accept.awaitValue(PROMPTLY)) {
                        client.write(ascii("hi"));
                        assertArrayEquals(bytes("hi"), Streams.readExactly(accepted, 2), "§9.5: the connection accepted is the client's");
                    }
                }));

                if (datagrams) {
                    DatagramEndpoint receiver = serverProvider().openDatagram(anyLocal(domain),
                            DatagramOptions.defaults().withReceiveTimeout(timeout));
                    open.add(receiver);
                    DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain));
                    open.add(sender);
                    ByteBuffer received = ByteBuffer.allocate(64);
                    BlockedCall<SocketAddress> receive = BlockedCall.start("receive", () -> receiver.receive(received));
                    waiting.put("receive with a receive timeout of " + timeout, receive);
                    completions.add(new Completion("receive with a receive timeout of " + timeout, () -> {
                        sender.send(ascii("late"), receiver.localAddress());
                        assertEquals(sender.localAddress(), receive.awaitValue(PROMPTLY), "§9.5: the sender");
                        assertArrayEquals(bytes("late"), received(received), "§9.5: the datagram received");
                    }));
                }
            }
            try {
                await("§9.5: every call with one of the longest timeouts waits").during(STILL_WAITING_AFTER)
                        .atMost(STILL_WAITING_AFTER.plus(PROMPTLY))
                        .failFast(() -> waiting.values().stream().anyMatch(BlockedCall::isDone))
                        .until(() -> waiting.values().stream().noneMatch(BlockedCall::isDone));
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                List<String> ended = new ArrayList<>();
                waiting.forEach((what, call) -> {
                    if (call.isDone()) {
                        ended.add(what + ": " + outcome(call));
                    }
                });
                throw new AssertionFailedError("§9.5: " + ended.size() + " of " + waiting.size()
                        + " calls with one of the longest timeouts ended with nothing to wait for, within " + STILL_WAITING_AFTER
                        + ":\n  " + String.join("\n  ", ended), e);
            }
            assertAll(completions.stream().map(c -> (Executable) () -> {
                try {
                    c.complete().execute();
                } catch (AssertionFailedError e) {
                    throw new AssertionFailedError("§9.5: " + c.what() + ": " + e.getMessage(), e.getCause());
                }
            }));
        } finally {
            for (AutoCloseable c : open.reversed()) {
                c.close();
            }
        }
    }

    /** What completes one waiting call of §9.5, and checks how it ended. */
    private record Completion(String what, Executable complete) {
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_5_theShortestTimeoutsTimeOut(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        boolean datagrams = serverProvider().supports(domain, SocketType.DATAGRAM);
        for (Duration timeout : SHORTEST) {
            try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withReadTimeout(timeout), ListenOptions.defaults())) {
                Throwable read = BlockedCall.start("read", () -> pair.client().read(ByteBuffer.allocate(8))).awaitThrown();
                assertInstanceOf(SocketTimeoutException.class, read, "§9.5: read with no data and a read timeout of " + timeout);
                assertEquals("Read timed out", read.getMessage(), "§2.6: message");
                assertTrue(pair.client().isOpen(), "§9.1: the connection stays open");
            }
            try (Listener listener = serverProvider().listen(anyLocal(domain), ListenOptions.defaults().withAcceptTimeout(timeout))) {
                Throwable accept = BlockedCall.start("accept", () -> {
                    listener.accept().close();
                    return "a connection, with no client";
                }).awaitThrown();
                assertInstanceOf(SocketTimeoutException.class, accept, "§9.5: accept with no client and an accept timeout of " + timeout);
                assertEquals("Accept timed out", accept.getMessage(), "§2.6: message");
                assertTrue(listener.isOpen(), "§9.2: the listener stays open");
            }
            if (datagrams) {
                try (DatagramEndpoint endpoint = serverProvider().openDatagram(anyLocal(domain),
                        DatagramOptions.defaults().withReceiveTimeout(timeout))) {
                    Throwable receive = BlockedCall.start("receive", () -> endpoint.receive(ByteBuffer.allocate(8))).awaitThrown();
                    assertInstanceOf(SocketTimeoutException.class, receive,
                            "§9.5: receive with no datagram and a receive timeout of " + timeout);
                    assertEquals("Receive timed out", receive.getMessage(), "§2.6: message");
                    assertTrue(endpoint.isOpen(), "§9.3: the endpoint stays open");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_5_connectWithTheLongestTimeoutsConnects(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(domain))) {
            for (Duration timeout : PRACTICALLY_FOREVER) {
                StreamOptions options = StreamOptions.defaults().withConnectTimeout(timeout);
                Connection client;
                try {
                    client = BlockedCall.start("connect", () -> clientProvider().connect(listener.localAddress(), options))
                            .awaitValue(PROMPTLY);
                } catch (AssertionFailedError e) {
                    throw new AssertionFailedError("§9.5: connect with a connect timeout of " + timeout + ": " + e.getMessage(), e.getCause());
                }
                try (client; Connection accepted = BlockedCall.start("accept", listener::accept).awaitValue(PROMPTLY)) {
                    client.write(ascii("hi"));
                    assertArrayEquals(bytes("hi"), Streams.readExactly(accepted, 2),
                            "§9.5: a connection made with a connect timeout of " + timeout);
                }
            }
        }
    }

    // ---- §9.8 every blocking call at each edge of its timeout

    /**
     * Shorter than the millisecond {@code setSoTimeout} counts, just past one, or just short of a whole count of them:
     * each must round up, never down (which would end the call before its time) nor to "no limit".
     */
    private static final List<Duration> EDGES_SHORT = List.of(Duration.ofNanos(1_000), Duration.ofNanos(999_999), Duration.ofMillis(1).plusNanos(1),
            Duration.ofMillis(5).minusNanos(1));

    /** The longest {@code setSoTimeout} takes, and the longest {@code long} of nanoseconds but one: each must wait. */
    private static final List<Duration> EDGES_LONG = List.of(Duration.ofMillis(Integer.MAX_VALUE), Duration.ofNanos(Long.MAX_VALUE - 1));

    /** How long a call with one of {@link #EDGES_LONG} must keep waiting: several times what any short edge may take. */
    private static final Duration EDGE_WAITS_AT_LEAST = Duration.ofMillis(200);

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_8_readAcceptAndReceiveAtEachEdgeOfTheirTimeouts(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        boolean datagrams = serverProvider().supports(domain, SocketType.DATAGRAM) && clientProvider().supports(domain, SocketType.DATAGRAM);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (Duration timeout : EDGES_SHORT) {
                ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withReadTimeout(timeout), ListenOptions.defaults());
                open.add(pair);
                assertTimesOutNoSooner("read with no data", timeout, () -> pair.client().read(ByteBuffer.allocate(8)));
                Listener listener = serverProvider().listen(anyLocal(domain), ListenOptions.defaults().withAcceptTimeout(timeout));
                open.add(listener);
                assertTimesOutNoSooner("accept with no client", timeout, listener::accept);
                if (datagrams) {
                    DatagramEndpoint endpoint = serverProvider().openDatagram(anyLocal(domain), DatagramOptions.defaults().withReceiveTimeout(timeout));
                    open.add(endpoint);
                    assertTimesOutNoSooner("receive with no datagram", timeout, () -> endpoint.receive(ByteBuffer.allocate(8)));
                }
                // Usable after the timeout: data that comes now is read, by one of the reads that follow (each may time out
                // before the bytes reach it, with a timeout this short).
                pair.server().write(ascii("ok"));
                ByteBuffer ok = ByteBuffer.allocate(2);
                await("§9.8: the connection after a read timeout of " + timeout).atMost(PROMPTLY).ignoreException(SocketTimeoutException.class)
                        .until(() -> pair.client().read(ok) >= 0 && !ok.hasRemaining());
                assertArrayEquals(bytes("ok"), ok.array(), "§9.8: the bytes read after a read timeout of " + timeout);
            }
            Map<String, BlockedCall<?>> waiting = new LinkedHashMap<>();
            List<Executable> completions = new ArrayList<>();
            for (Duration timeout : EDGES_LONG) {
                ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withReadTimeout(timeout), ListenOptions.defaults());
                open.add(pair);
                BlockedCall<byte[]> read = BlockedCall.start("read", () -> Streams.readExactly(pair.client(), 2));
                waiting.put("read with a read timeout of " + timeout, read);
                completions.add(() -> {
                    pair.server().write(ascii("hi"));
                    assertArrayEquals(bytes("hi"), read.awaitValue(PROMPTLY), "§9.8: read with a read timeout of " + timeout);
                });
                Listener listener = serverProvider().listen(anyLocal(domain), ListenOptions.defaults().withAcceptTimeout(timeout));
                open.add(listener);
                BlockedCall<Connection> accept = BlockedCall.start("accept", listener::accept);
                waiting.put("accept with an accept timeout of " + timeout, accept);
                completions.add(() -> {
                    try (Connection client = clientProvider().connect(listener.localAddress()); Connection accepted = accept.awaitValue(PROMPTLY)) {
                        assertTrue(accepted.isOpen(), "§9.8: accept with an accept timeout of " + timeout);
                    }
                });
                if (datagrams) {
                    DatagramEndpoint receiver = serverProvider().openDatagram(anyLocal(domain), DatagramOptions.defaults().withReceiveTimeout(timeout));
                    open.add(receiver);
                    DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain));
                    open.add(sender);
                    ByteBuffer received = ByteBuffer.allocate(16);
                    BlockedCall<SocketAddress> receive = BlockedCall.start("receive", () -> receiver.receive(received));
                    waiting.put("receive with a receive timeout of " + timeout, receive);
                    completions.add(() -> {
                        sender.send(ascii("dg"), receiver.localAddress());
                        assertEquals(sender.localAddress(), receive.awaitValue(PROMPTLY), "§9.8: receive with a receive timeout of " + timeout);
                    });
                }
            }
            try {
                await("§9.8: every call at the longest edges of its timeout waits").during(EDGE_WAITS_AT_LEAST)
                        .atMost(EDGE_WAITS_AT_LEAST.plus(PROMPTLY))
                        .failFast(() -> waiting.values().stream().anyMatch(BlockedCall::isDone))
                        .until(() -> waiting.values().stream().noneMatch(BlockedCall::isDone));
            } catch (TerminalFailureException | ConditionTimeoutException e) {
                throw new AssertionFailedError("§9.8: a call with a timeout of Integer.MAX_VALUE ms or Long.MAX_VALUE - 1 ns"
                        + " ended with nothing to wait for", e);
            }
            assertAll(completions);
        } finally {
            for (AutoCloseable c : open.reversed()) {
                c.close();
            }
        }
    }

    @Test
    void required_s9_8_aUnixConnectToAFullBacklogAtEachEdgeOfItsTimeout() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(Domain.UNIX), ListenOptions.defaults().withBacklog(1))) {
            Optional<FullUnixBacklog> filled = FullUnixBacklog.fill((UnixDomainSocketAddress) listener.localAddress());
            assumeTrue(filled.isPresent(), "no UNIX-domain connect to a full backlog would block on this system");
            try (FullUnixBacklog full = filled.get()) {
                long before = Descriptors.open();
                StreamOptions shortest = StreamOptions.defaults().withConnectTimeout(Duration.ofNanos(1));
                Throwable thrown = BlockedCall.start("connect", () -> {
                    clientProvider().connect(listener.localAddress(), shortest).close();
                    return "a connection, with the backlog full";
                }).awaitThrown();
                assertInstanceOf(SocketTimeoutException.class, thrown, "§9.8: a connect timeout of 1 ns to a full UNIX-domain backlog");
                Descriptors.awaitNoMoreThan(before, "§9.8, §13.1: a timed-out connect leaves no descriptor open");

                StreamOptions forever = StreamOptions.defaults().withConnectTimeout(ChronoUnit.FOREVER.getDuration());
                BlockedCall<Connection> connect = BlockedCall.start("connect", () -> clientProvider().connect(listener.localAddress(), forever));
                try {
                    await("§9.8: a connect timeout of ChronoUnit.FOREVER to a full UNIX-domain backlog waits").during(EDGE_WAITS_AT_LEAST)
                            .atMost(EDGE_WAITS_AT_LEAST.plus(PROMPTLY)).failFast(connect::isDone).until(() -> !connect.isDone());
                    // One accept makes room in the backlog: the waiting connect gets in.
                    listener.accept().close();
                    try (Connection client = connect.awaitValue(PROMPTLY)) {
                        assertTrue(client.isOpen(), "§9.8: the connect with a timeout of ChronoUnit.FOREVER, once the listener accepted");
                    }
                } catch (TerminalFailureException e) {
                    throw new AssertionFailedError("§9.8: a connect timeout of ChronoUnit.FOREVER to a full UNIX-domain backlog ended at once", e);
                } finally {
                    if (connect.isDone()) {
                        try {
                            connect.awaitValue(Duration.ZERO).close();
                        } catch (AssertionFailedError ignored) {
                            // it threw; the assertion above says so
                        }
                    }
                }
            }
        }
    }

    private static String outcome(BlockedCall<?> call) {
        try {
            return "returned " + call.awaitValue(Duration.ZERO);
        } catch (AssertionFailedError e) {
            return e.getMessage();
        }
    }

    /**
     * More than the send and receive buffers of a loopback pair hold when the receiver never reads (a few
     * hundred KiB each, without autotuning, which a reader that never reads does not trigger).
     */
    private static final int MORE_THAN_THE_BUFFERS = 16 * 1024 * 1024;

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_6_writeToAPeerThatNeverReadsTimesOut(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withWriteTimeout(TIMEOUT),
                ListenOptions.defaults())) {
            Connection client = pair.client();
            byte[] small = new byte[64 * 1024];
            Arrays.fill(small, (byte) 's');
            client.write(ByteBuffer.wrap(small));
            assertArrayEquals(small, Streams.readExactly(pair.server(), small.length),
                    "§9.6: a write that can go whole goes whole under a write timeout");

            ByteBuffer src = ByteBuffer.allocate(MORE_THAN_THE_BUFFERS);
            long start = System.nanoTime();
            SocketTimeoutException timedOut = assertThrows(SocketTimeoutException.class, () -> client.write(src),
                    "§9.6: write of " + MORE_THAN_THE_BUFFERS + " B to a peer that never reads, with a write timeout of " + TIMEOUT);
            assertTookAboutTheTimeout("write", start);
            assertEquals("Write timed out", timedOut.getMessage(), "§9.6: message");
            assertTrue(src.hasRemaining(), "§9.6: a write that timed out did not write every byte, yet its buffer says so");
            assertTrue(client.isOpen(), "§9.7: the connection stays open after a write timeout");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s9_7_afterAWriteTimeoutThePeerReadsAPrefixAndTheConnectionStaysUsable(Domain domain) throws IOException {
        // Shorter than TIMEOUT: this test judges what the connection does after a timeout, not its length.
        try (ConnectedPair pair = connectedPair(domain, StreamOptions.defaults().withWriteTimeout(Duration.ofMillis(100)),
                ListenOptions.defaults())) {
            Connection client = pair.client();
            byte[] payload = new byte[MORE_THAN_THE_BUFFERS];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) ('a' + i % 26); // never 'X', the byte of the write after the timeout
            }
            ByteBuffer src = ByteBuffer.wrap(payload);
            assertThrows(SocketTimeoutException.class, () -> client.write(src), "§9.6: write to a peer that never reads");
            int went = src.position();

            ByteBuffer later = ByteBuffer.wrap(new byte[] {'X'});
            SocketTimeoutException again = assertThrows(SocketTimeoutException.class, () -> client.write(later),
                    "§9.7: a write after a write timeout");
            assertAll("§9.7: a write after a write timeout",
                    () -> assertEquals("Write timed out", again.getMessage(), "its message"),
                    () -> assertEquals(0, later.position(), "it wrote nothing"));

            pair.server().write(ascii("reply"));
            assertArrayEquals(bytes("reply"), Streams.readExactly(client, 5), "§9.7: the connection still reads");
            assertTrue(client.isOpen(), "§9.7: the connection stays open");

            client.shutdownOutput();
            byte[] received = Streams.readToEnd(pair.server(), 65536, false, payload.length);
            assertTrue(received.length >= went && received.length <= payload.length,
                    () -> "§9.7: the peer read " + received.length + " B; the write's buffer says " + went
                            + " went whole, of " + payload.length);
            assertArrayEquals(Arrays.copyOf(payload, received.length), received,
                    "§9.7: the peer reads a prefix of the timed-out write's bytes, then end of stream");
            OutputShutdownException shut = assertThrows(OutputShutdownException.class, () -> client.write(ascii("after")),
                    "§9.7: a write after shutdownOutput, after a write timeout");
            assertEquals("Socket output is shutdown", shut.getMessage(), "§9.7, §2.6: message");
        }
    }

    /** A connected pair whose connecting end has the read timeout {@link #TIMEOUT}. */
    private ConnectedPair readTimeoutPair(Domain domain) throws IOException {
        return connectedPair(domain, StreamOptions.defaults().withReadTimeout(TIMEOUT), ListenOptions.defaults());
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

    /**
     * Runs {@code call} on a thread of its own: it must end with {@link SocketTimeoutException} within
     * {@link BlockedCall#BOUND}, and not before {@code timeout} has passed since it began (§9.8). A wait
     * only ever ends later than asked on a loaded machine, never sooner, so this bound holds however busy it is.
     */
    private static void assertTimesOutNoSooner(String what, Duration timeout, Callable<?> call) {
        Duration took = BlockedCall.start(what, () -> {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, call::call, () -> "§9.8: " + what + " and a timeout of " + timeout);
            return Duration.ofNanos(System.nanoTime() - start);
        }).awaitValue(BlockedCall.BOUND);
        assertTrue(took.compareTo(timeout) >= 0,
                () -> "§9.8: " + what + " and a timeout of " + timeout + " gave up after " + took.toNanos() + " ns, before its time");
    }

    private static void assertTookAboutTheTimeout(String call, long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(took.compareTo(EARLIEST) >= 0,
                () -> "§9: " + call + " gave up after " + took.toMillis() + " ms, before its timeout of " + TIMEOUT.toMillis() + " ms");
        assertTrue(took.compareTo(LATEST) <= 0,
                () -> "§9: " + call + " gave up after " + took.toMillis() + " ms, long after its timeout of " + TIMEOUT.toMillis() + " ms");
    }
}
