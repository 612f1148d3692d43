package dev.sockets.conformance;

import static dev.sockets.conformance.Streams.ascii;
import static dev.sockets.conformance.Streams.bytes;
import static dev.sockets.conformance.Streams.received;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.SocketType;
import dev.sockets.conformance.Generators.Payload;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * §11, datagrams: POSIX {@code socket(AF_INET*, SOCK_DGRAM, 0)}, {@code bind}, {@code sendto},
 * {@code recvfrom} and {@code connect} on a datagram socket. Boundaries are kept for every payload
 * size up to the largest UDP allows (into heap and direct buffers alike), a connected endpoint hears
 * its peer only, and hears once that its peer's port is closed; oversized payloads are refused before
 * anything is sent, and a short receive buffer truncates one datagram without touching the next.
 *
 * <p>UNIX-domain datagrams run where the provider declares them (§11.8; only {@code posix} does, the
 * JDK has none) and are skipped with the reason elsewhere (§1.2); where the kernel treats them
 * otherwise than UDP, the test says so. The sender of each
 * test is made by {@link #clientProvider()}, the receiver by {@link #serverProvider()}.
 *
 * <h2>Loss</h2>
 * UDP may drop datagrams, but loopback drops only when the receive buffer overflows. Every receiver
 * here has a receive buffer ({@code SO_RCVBUF}) of 1 MiB, and at most two large datagrams are in
 * flight at a time (a handful of small ones in one test), so a lost datagram is a fault. Every
 * receiver also has a receive timeout of 10 s, so that a lost datagram fails the test rather than
 * hanging it.
 *
 * <h2>Properties</h2>
 * Payload sizes run from 0 to the largest allowed (65,507 bytes over IPv4, 65,527 over IPv6), skewed
 * to 0, 1, the largest and its neighbours, into heap and direct buffers. A property prints its seed
 * when it starts and when it fails ("Seed was 1234"); replay it with that seed. Surefire selects a
 * nested area through the class that declares it, {@code ConformanceKit}, next to the test class:
 * {@snippet lang=sh :
 * ./mvnw -B -o verify -pl api,conformance-kit,impl-blocking,conformance-tests -Dsurefire.failIfNoSpecifiedTests=false \
 *     -DQT_SEED=1234 -Dtest='BlockingConformanceTest,ConformanceKit$Datagrams#required_s11_5*'
 * }
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class DatagramVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected DatagramVerification() {
    }

    /** The receive buffer of receivers: room for many of the largest datagrams, so that none is dropped. */
    private static final int RECEIVE_BUFFER = 1024 * 1024;

    /** How long a receive waits for a datagram that was sent: generous, as nothing should be lost. */
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The receive timeout of §11.6: a receive that should report an unreachable port at once gives up
     * after this, so that a provider that swallows the report fails with the timeout, before the kit's bound.
     */
    private static final Duration UNREACHABLE_WITHIN = Duration.ofSeconds(3);

    /** Larger than any datagram, so that a receive into it is never truncated. */
    private static final int WHOLE = 65_536;

    private static final int EXAMPLES = 100;
    private static final int SHRINK_CYCLES = 30;

    // ---- §11.1 bind

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_1_bindsToPortZeroAndTellsThePortChosen(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        SocketAddress requested = anyLocal(domain);
        try (DatagramEndpoint endpoint = openReceiver(requested);
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            assertTrue(endpoint.isOpen(), "§11.1: a new endpoint is open");
            SocketAddress local = endpoint.localAddress();
            if (domain == Domain.UNIX) {
                // §11.8: a path has no port to choose; the endpoint is bound to the path asked for.
                assertEquals(requested, local, "§11.8: the local address of a UNIX-domain endpoint is its path");
            } else {
                InetSocketAddress inet = assertInstanceOf(InetSocketAddress.class, local,
                        "§11.1: the local address of an internet endpoint");
                assertEquals(((InetSocketAddress) requested).getAddress(), inet.getAddress(), "§11.1: bound to the address asked for");
                assertNotEquals(0, inet.getPort(), "§11.1: localAddress() tells the port the system chose");
            }
            assertEquals(Optional.empty(), endpoint.remoteAddress(), "§11.3: not connected until connect");

            // Bound for real: a datagram sent to localAddress() arrives.
            sender.send(ByteBuffer.wrap(new byte[] {7}), local);
            ByteBuffer dst = ByteBuffer.allocate(WHOLE);
            assertEquals(sender.localAddress(), endpoint.receive(dst), "§11.2: the sender's address");
            assertArrayEquals(new byte[] {7}, received(dst));
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_1_addressInUseIsRefused(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint first = serverProvider().openDatagram(anyLocal(domain))) {
            long before = Descriptors.open();
            assertThrows(BindException.class, () -> clientProvider().openDatagram(first.localAddress()).close(),
                    "§11.1: openDatagram on an address in use");
            Descriptors.awaitNoMoreThan(before, "§11.1, §13.1: the refused bind");
            assertTrue(first.isOpen(), "§11.1: the endpoint bound first is untouched");
        }
    }

    // ---- §11.2 boundaries

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_2_eachSendIsReceivedWholeWithTheSendersAddress(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        int max = maxPayload(domain);
        try (DatagramEndpoint receiver = openReceiver(domain);
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            ByteBuffer heap = ByteBuffer.allocate(WHOLE);
            ByteBuffer direct = ByteBuffer.allocateDirect(WHOLE);
            Theories.qt("§11.2 datagram boundaries over " + domain.posixName(), EXAMPLES, SHRINK_CYCLES)
                    .forAll(payloads(max), Generate.booleans())
                    .checkAssert(Theories.unchecked((payload, directBuffers) -> {
                        ByteBuffer src = buffer(payload.bytes(), directBuffers);
                        sender.send(src, receiver.localAddress());
                        assertEquals(0, src.remaining(), "§11.2: send consumes the whole payload");
                        ByteBuffer dst = (directBuffers ? direct : heap).clear();
                        assertEquals(sender.localAddress(), receiver.receive(dst), "§11.2: the sender's address");
                        assertNull(payload.mismatch(received(dst)), () -> "§11.2: " + payload.mismatch(received(dst)));
                    }));
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_2_datagramsInFlightTogetherKeepTheirBoundaries(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        List<Payload> payloads = List.of(new Payload(1, 0), new Payload(2, 1), new Payload(3, 100), new Payload(4, 0),
                new Payload(5, 1000), new Payload(6, 2));
        try (DatagramEndpoint receiver = openReceiver(domain);
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            for (Payload payload : payloads) {
                sender.send(ByteBuffer.wrap(payload.bytes()), receiver.localAddress());
            }
            ByteBuffer dst = ByteBuffer.allocate(WHOLE);
            for (Payload payload : payloads) {
                dst.clear();
                assertEquals(sender.localAddress(), receiver.receive(dst), "§11.2: the sender's address");
                assertNull(payload.mismatch(received(dst)),
                        () -> "§11.2: of " + payloads.size() + " datagrams sent together, " + payload + ": " + payload.mismatch(received(dst)));
            }
        }
    }

    // ---- §11.3 connected endpoints

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_3_connectedEndpointTalksToItsPeerOnly(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = openReceiver(domain);
                DatagramEndpoint peer = openReceiver(domain);
                DatagramEndpoint stranger = clientProvider().openDatagram(anyLocal(domain))) {
            endpoint.connect(peer.localAddress());
            assertEquals(Optional.of(peer.localAddress()), endpoint.remoteAddress(), "§11.3: remoteAddress() after connect");

            // The stranger's datagram comes first, and must be filtered out: by the receiver over UDP,
            // by the kernel at the stranger's end over AF_UNIX, whose send is refused (§11.9).
            if (domain == Domain.UNIX) {
                ConnectException refused = assertThrows(ConnectException.class,
                        () -> stranger.send(ascii("stranger"), endpoint.localAddress()),
                        "§11.9: a stranger's send to a connected UNIX-domain endpoint");
                assertEquals("Operation not permitted: " + endpoint.localAddress(), refused.getMessage(), "§11.9, §2.6");
                assertTrue(stranger.isOpen(), "§11.9: the refused sender stays open");
            } else {
                stranger.send(ascii("stranger"), endpoint.localAddress());
            }
            peer.send(ascii("peer"), endpoint.localAddress());
            ByteBuffer dst = ByteBuffer.allocate(WHOLE);
            assertEquals(peer.localAddress(), endpoint.receive(dst), "§11.3: a connected endpoint receives from its peer only");
            assertEquals("peer", new String(received(dst), US_ASCII));

            ByteBuffer src = ascii("to the peer");
            endpoint.send(src);
            assertEquals(0, src.remaining(), "§11.3: send(src) consumes the whole payload");
            dst.clear();
            assertEquals(endpoint.localAddress(), peer.receive(dst), "§11.3: send(src) sends to the peer");
            assertArrayEquals(bytes("to the peer"), received(dst));

            // Naming the peer it is connected to is allowed: only another address is refused.
            endpoint.send(ascii("named"), peer.localAddress());
            dst.clear();
            assertEquals(endpoint.localAddress(), peer.receive(dst), "§11.3: send(src, peer) while connected to it");
            assertArrayEquals(bytes("named"), received(dst));
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_3_sendWithoutTargetBeforeConnectIsRefused(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = clientProvider().openDatagram(anyLocal(domain))) {
            assertThrows(IllegalStateException.class, () -> endpoint.send(ascii("nowhere")),
                    "§11.3: send(src) before connect");
            assertTrue(endpoint.isOpen(), "§11.3: the refused send leaves the endpoint open");
            assertEquals(Optional.empty(), endpoint.remoteAddress());
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_3_connectTwiceIsRefused(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = clientProvider().openDatagram(anyLocal(domain));
                DatagramEndpoint peer = openReceiver(domain);
                DatagramEndpoint other = openReceiver(domain)) {
            endpoint.connect(peer.localAddress());
            assertThrows(IllegalStateException.class, () -> endpoint.connect(other.localAddress()),
                    "§11.3: connect to another address when connected");
            assertThrows(IllegalStateException.class, () -> endpoint.connect(peer.localAddress()),
                    "§11.3: connect to the same address again");
            assertEquals(Optional.of(peer.localAddress()), endpoint.remoteAddress(), "§11.3: still connected to the first peer");

            endpoint.send(ascii("still"));
            ByteBuffer dst = ByteBuffer.allocate(WHOLE);
            assertEquals(endpoint.localAddress(), peer.receive(dst), "§11.3: still sends to the first peer");
            assertArrayEquals(bytes("still"), received(dst));
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_3_sendToAnotherAddressWhileConnectedIsRefused(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = clientProvider().openDatagram(anyLocal(domain));
                DatagramEndpoint peer = openReceiver(domain);
                DatagramEndpoint other = openReceiver(domain)) {
            endpoint.connect(peer.localAddress());
            assertThrows(IllegalStateException.class, () -> endpoint.send(ascii("elsewhere"), other.localAddress()),
                    "§11.3: send(src, other) while connected to another peer");
            assertTrue(endpoint.isOpen(), "§11.3: the refused send leaves the endpoint open");

            endpoint.send(ascii("peer"));
            ByteBuffer dst = ByteBuffer.allocate(WHOLE);
            assertEquals(endpoint.localAddress(), peer.receive(dst), "§11.3: the endpoint still sends to its peer");
            assertArrayEquals(bytes("peer"), received(dst));
        }
    }

    // ---- §11.4 oversized

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_4_oversizedDatagramIsRefusedWithSizeAndLimit(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        int max = maxPayload(domain);
        try (DatagramEndpoint receiver = openReceiver(domain);
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            for (int size : new int[] {max + 1, 70_000, 1024 * 1024}) {
                ByteBuffer src = ByteBuffer.allocate(size);
                IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                        () -> sender.send(src, receiver.localAddress()), "§11.4: a payload of " + size + " bytes over " + domain.posixName());
                assertMentions(refused, size, max);
            }
            sender.connect(receiver.localAddress());
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> sender.send(ByteBuffer.allocate(max + 1)), "§11.4: send(src) of " + (max + 1) + " bytes when connected");
            assertMentions(refused, max + 1, max);

            // Nothing of the refused payloads was sent: the first datagram to arrive is the next one.
            sender.send(ascii("next"));
            ByteBuffer dst = ByteBuffer.allocate(WHOLE);
            assertEquals(sender.localAddress(), receiver.receive(dst));
            assertArrayEquals(bytes("next"), received(dst), "§11.4: nothing of an oversized payload is sent");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_4_theLargestDatagramIsReceivedWholeIntoHeapAndDirectBuffers(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        int max = maxPayload(domain);
        try (DatagramEndpoint receiver = openReceiver(domain);
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            int seed = 114;
            for (boolean directSend : new boolean[] {false, true}) {
                for (boolean directReceive : new boolean[] {false, true}) {
                    for (int size : new int[] {max, max - 1}) {
                        Payload payload = new Payload(seed++, size);
                        String what = "§11.4: a datagram of " + size + " B (the largest is " + max + ") from a "
                                + (directSend ? "direct" : "heap") + " buffer into a " + (directReceive ? "direct" : "heap") + " buffer";
                        ByteBuffer src = buffer(payload.bytes(), directSend);
                        sender.send(src, receiver.localAddress());
                        assertEquals(0, src.remaining(), () -> what + ": send consumes the whole payload");
                        // Exactly the room for the largest, between bytes that receive must not touch.
                        int prefix = 3;
                        int capacity = prefix + max + 5;
                        ByteBuffer dst = directReceive ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
                        dst.position(prefix).limit(prefix + max);
                        assertEquals(sender.localAddress(), receiver.receive(dst), () -> what + ": the sender's address");
                        assertEquals(prefix + size, dst.position(), () -> what + ": receive advances the position by the datagram's size");
                        assertArrayEquals(payload.bytes(), slice(dst, prefix, prefix + size), () -> what + ": the bytes received");
                        assertArrayEquals(new byte[prefix], slice(dst, 0, prefix), () -> what + ": bytes before the position untouched");
                    }
                }
            }
        }
    }

    // ---- §11.5 truncation

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_5_heapAndDirectBuffersTruncateTheLargestDatagramAlike(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        int max = maxPayload(domain);
        try (DatagramEndpoint receiver = openReceiver(domain);
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            int seed = 115;
            for (boolean direct : new boolean[] {false, true}) {
                for (int room : new int[] {0, 1, 1472, max - 1}) {
                    Payload first = new Payload(seed++, max);
                    Payload next = new Payload(seed++, max);
                    String what = "§11.5: the largest datagram (" + max + " B) into " + room + " B of a " + (direct ? "direct" : "heap")
                            + " buffer";
                    sender.send(ByteBuffer.wrap(first.bytes()), receiver.localAddress());
                    sender.send(ByteBuffer.wrap(next.bytes()), receiver.localAddress());

                    int prefix = 3;
                    int suffix = 5;
                    int capacity = prefix + room + suffix;
                    ByteBuffer dst = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
                    dst.position(prefix).limit(prefix + room);
                    assertEquals(sender.localAddress(), receiver.receive(dst), () -> what + ": the sender's address");
                    assertEquals(prefix + room, dst.position(), () -> what + ": receive fills the buffer's remaining space");
                    assertArrayEquals(Arrays.copyOf(first.bytes(), room), slice(dst, prefix, prefix + room),
                            () -> what + ": the buffer holds the first bytes");
                    assertArrayEquals(new byte[suffix], slice(dst, prefix + room, capacity), () -> what + ": bytes after the limit untouched");

                    ByteBuffer whole = direct ? ByteBuffer.allocateDirect(WHOLE) : ByteBuffer.allocate(WHOLE);
                    assertEquals(sender.localAddress(), receiver.receive(whole), () -> what + ": the sender of the next");
                    assertEquals(max, whole.position(), () -> what + ": the next datagram is whole");
                    assertArrayEquals(next.bytes(), slice(whole, 0, max), () -> what + ": the next datagram's bytes");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_5_shortReceiveBufferTruncatesOneDatagramAndKeepsTheNext(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        int max = maxPayload(domain);
        try (DatagramEndpoint receiver = openReceiver(domain);
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            ByteBuffer whole = ByteBuffer.allocate(WHOLE);
            Theories.qt("§11.5 truncation over " + domain.posixName(), EXAMPLES, SHRINK_CYCLES)
                    .forAll(truncations(max), Generate.booleans())
                    .checkAssert(Theories.unchecked((t, directBuffers) -> {
                        // Both in flight before the first receive: the truncated rest must not leak into the next.
                        sender.send(ByteBuffer.wrap(t.first().bytes()), receiver.localAddress());
                        sender.send(ByteBuffer.wrap(t.next().bytes()), receiver.localAddress());

                        // Room for t.room() bytes between a prefix and a suffix that receive must not touch.
                        int prefix = 3;
                        int suffix = 5;
                        int capacity = prefix + t.room() + suffix;
                        ByteBuffer dst = directBuffers ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
                        dst.position(prefix).limit(prefix + t.room());
                        assertEquals(sender.localAddress(), receiver.receive(dst), "§11.5: the sender's address");
                        assertEquals(prefix + t.room(), dst.position(), "§11.5: receive fills the buffer's remaining space");
                        assertEquals(prefix + t.room(), dst.limit(), "§11.5: receive leaves the limit");
                        assertArrayEquals(Arrays.copyOf(t.first().bytes(), t.room()), slice(dst, prefix, prefix + t.room()),
                                "§11.5: the buffer holds the first bytes");
                        assertArrayEquals(new byte[prefix], slice(dst, 0, prefix), "§11.5: bytes before the position untouched");
                        assertArrayEquals(new byte[suffix], slice(dst, prefix + t.room(), capacity),
                                "§11.5: bytes after the limit untouched");

                        whole.clear();
                        assertEquals(sender.localAddress(), receiver.receive(whole), "§11.5: the sender's address");
                        assertNull(t.next().mismatch(received(whole)),
                                () -> "§11.5: the datagram after a truncated one: " + t.next().mismatch(received(whole)));
                    }));
        }
    }

    /**
     * A datagram larger than the receive buffer's {@code room}, and the datagram sent after it.
     *
     * @param first the datagram that is truncated, at least 1 byte
     * @param room the receive buffer's remaining space, less than {@code first}'s size
     * @param next the datagram sent after it, received whole
     */
    record Truncation(Payload first, int room, Payload next) {

        @Override
        public String toString() {
            return first + " into " + room + " B, then " + next;
        }
    }

    // ---- §11.6 port unreachable

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_6_aConnectedEndpointHearsOnceThatItsPeersPortIsClosed(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        assumeTrue(domain != Domain.UNIX, "§11.6 is UDP's ICMP port unreachable; a UNIX-domain peer that closed is"
                + " refused at once instead (§11.9, UnixDatagramVerification)");
        InetSocketAddress gone = Loopback.closedUdpPort((InetSocketAddress) anyLocal(domain));
        try (DatagramEndpoint endpoint = serverProvider().openDatagram(anyLocal(domain),
                DatagramOptions.defaults().withReceiveTimeout(UNREACHABLE_WITHIN).with(SO_RCVBUF, RECEIVE_BUFFER))) {
            endpoint.connect(gone);
            endpoint.send(ascii("anyone there?"));
            // Loopback answers with ICMP port unreachable at once; the receive after the send reports it.
            Throwable thrown = BlockedCall.start("receive", () -> endpoint.receive(ByteBuffer.allocate(WHOLE))).awaitThrown();
            assertInstanceOf(PortUnreachableException.class, thrown,
                    "§11.6: receive on an endpoint connected to " + Loopback.format(gone) + ", a closed port it sent to");
            assertEquals("Port unreachable: " + Loopback.format(gone), thrown.getMessage(), "§11.6, §2.6: the message");
            assertTrue(endpoint.isOpen(), "§11.6: the endpoint stays open");

            // The peer is back on its port: the next receive is its datagram (the unreachable port was reported once).
            try (DatagramChannel peer = DatagramChannel.open()) {
                try {
                    peer.bind(gone);
                } catch (BindException taken) {
                    assumeTrue(false, "the port " + gone.getPort() + " was taken in between by another process");
                }
                peer.send(ascii("back"), endpoint.localAddress());
                ByteBuffer dst = ByteBuffer.allocate(WHOLE);
                SocketAddress from = BlockedCall.start("receive", () -> endpoint.receive(dst)).awaitValue(RECEIVE_TIMEOUT);
                assertEquals(gone, from, "§11.6: a later receive returns the peer's datagram");
                assertArrayEquals(bytes("back"), received(dst), "§11.6: the peer's datagram, whole");

                endpoint.send(ascii("hello again"));
                ByteBuffer reply = ByteBuffer.allocate(WHOLE);
                BlockedCall.start("peer-receive", () -> peer.receive(reply)).awaitValue(RECEIVE_TIMEOUT);
                assertArrayEquals(bytes("hello again"), received(reply), "§11.6: the endpoint sends to its peer as before");
            }
        }
    }

    // ---- generators

    /** Datagram sizes 0..max: the kit's payload sizes, mixed with the largest and its neighbours. */
    private static Gen<Integer> datagramSizes(int max) {
        return Generate.frequency(List.of(
                Pair.of(6, Generators.payloadSizes(max)),
                Pair.of(2, Generate.pick(List.of(max - 1, max))),
                Pair.of(2, integers().between(max - 1024, max))));
    }

    private static Gen<Payload> payloads(int max) {
        return datagramSizes(max).zip(Generators.seeds(), (size, seed) -> new Payload(seed, size));
    }

    private static Gen<Truncation> truncations(int max) {
        Gen<Payload> firsts = datagramSizes(max).map(size -> Math.max(size, 1))
                .zip(Generators.seeds(), (size, seed) -> new Payload(seed, size));
        return firsts.flatMap(first -> roomsBelow(first.size())
                .zip(payloads(max), (room, next) -> new Truncation(first, room, next)));
    }

    /** A receive buffer's room for a datagram of {@code size} bytes, less than it: 0, 1, size − 1, or any. */
    private static Gen<Integer> roomsBelow(int size) {
        return Generate.frequency(List.of(
                Pair.of(1, Generate.pick(List.of(0, Math.min(1, size - 1), size - 1))),
                Pair.of(2, integers().between(0, size - 1))));
    }

    // ---- §11.11 --------------------------------------------------------------------------------

    /**
     * Sends from threads one after another, each returning at once, and two threads blocked in receive at once:
     * each datagram goes whole, once, and each receiver gets one of them (§11.11).
     */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s11_11_threadsShareADatagramEndpoint(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        List<Payload> payloads = List.of(new Payload(111, 100), new Payload(112, 200), new Payload(113, 300), new Payload(114, 400));
        try (DatagramEndpoint receiver = openReceiver(domain);
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(domain))) {
            for (Payload payload : payloads) {
                if (domain == Domain.UNIX) {
                    // A send that fails (§11.9: nobody at the path) leaves the endpoint to the next thread too.
                    SocketAddress nobody = anyLocal(Domain.UNIX);
                    assertInstanceOf(ConnectException.class, BlockedCall.start("send", () -> {
                        sender.send(ByteBuffer.wrap(payload.bytes()), nobody);
                        return null;
                    }).awaitThrown(), "§11.9: a UNIX-domain datagram to nobody");
                }
                BlockedCall.start("send", () -> {
                    sender.send(ByteBuffer.wrap(payload.bytes()), receiver.localAddress());
                    return null;
                }).awaitValue(BlockedCall.BOUND);
            }
            assertEquals(payloads.stream().map(Payload::size).toList(), receiveSizes(receiver, payloads.size()).stream().sorted().toList(),
                    "§11.11: one datagram, whole, from each thread's send");

            BlockedCall<byte[]> first = BlockedCall.start("receive", () -> receiveOne(receiver)).awaitBlockedIn("receive");
            BlockedCall<byte[]> second = BlockedCall.start("receive", () -> receiveOne(receiver)).awaitBlockedIn("receive");
            sender.send(ByteBuffer.wrap(payloads.get(0).bytes()), receiver.localAddress());
            sender.send(ByteBuffer.wrap(payloads.get(1).bytes()), receiver.localAddress());
            byte[] a = first.awaitValue(BlockedCall.BOUND);
            byte[] b = second.awaitValue(BlockedCall.BOUND);
            assertEquals(List.of(100, 200), java.util.stream.Stream.of(a.length, b.length).sorted().toList(),
                    "§11.11: two threads blocked in receive get one datagram each");
            for (byte[] got : List.of(a, b)) {
                Payload sent = got.length == 100 ? payloads.get(0) : payloads.get(1);
                assertNull(sent.mismatch(got), () -> "§11.11: " + sent.mismatch(got));
            }
        }
    }

    private static byte[] receiveOne(DatagramEndpoint receiver) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(WHOLE);
        receiver.receive(dst);
        return received(dst);
    }

    private static List<Integer> receiveSizes(DatagramEndpoint receiver, int count) throws IOException {
        List<Integer> sizes = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            sizes.add(receiveOne(receiver).length);
        }
        return sizes;
    }

    // ---- helpers

    private static int maxPayload(Domain domain) {
        return switch (domain) {
            case INET -> DatagramEndpoint.MAX_IPV4_PAYLOAD;
            case INET6 -> DatagramEndpoint.MAX_IPV6_PAYLOAD;
            case UNIX -> DatagramEndpoint.MAX_UNIX_PAYLOAD;
        };
    }

    /**
     * A receiver of {@link #serverProvider()} bound to {@code local}: a receive buffer that loses nothing,
     * and a receive timeout that bounds every wait. Every endpoint that receives in this class is one.
     */
    private DatagramEndpoint openReceiver(SocketAddress local) throws IOException {
        return serverProvider().openDatagram(local,
                DatagramOptions.defaults().withReceiveTimeout(RECEIVE_TIMEOUT).with(SO_RCVBUF, RECEIVE_BUFFER));
    }

    private DatagramEndpoint openReceiver(Domain domain) throws IOException {
        return openReceiver(anyLocal(domain));
    }

    private static void assertMentions(IllegalArgumentException e, int size, int max) {
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(String.valueOf(size)) && message.contains(String.valueOf(max)),
                () -> "§11.4: the message should give the size " + size + " and the limit " + max + ": " + message);
    }

    /** A heap or a direct buffer holding {@code bytes}. */
    private static ByteBuffer buffer(byte[] bytes, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(bytes.length).put(bytes).flip() : ByteBuffer.wrap(bytes);
    }

    /** The bytes of {@code buffer} from {@code from} to {@code to}, whatever its position and limit. */
    private static byte[] slice(ByteBuffer buffer, int from, int to) {
        byte[] bytes = new byte[to - from];
        buffer.duplicate().clear().get(from, bytes);
        return bytes;
    }
}
