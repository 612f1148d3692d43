package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_SNDBUF;
import static java.net.StandardSocketOptions.TCP_NODELAY;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.RawEndpoint;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §14, raw sockets: POSIX {@code socket(AF_INET*, SOCK_RAW, protocol)}, shown by a whole ICMP and
 * ICMPv6 echo round trip to the loopback address, checksums included, as {@code ping -c 1} does.
 *
 * <p>Only a provider that declares {@code RAW} runs these (the JDK has no raw sockets); the others
 * skip with that reason. Raw sockets need {@code CAP_NET_RAW}: where the process lacks it, opening
 * one fails with the reason (§14.2), and the tests that need one are skipped with that reason, so
 * that a run as an ordinary user reports them rather than failing or hiding them. Run the kit as root
 * to run them, and under {@code capsh --drop=cap_net_raw -- -c '…'} to see them skipped and §14.2 tested.
 */
public abstract class RawVerification extends ProviderVerification {

    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;
    /** "For experimentation" (RFC 3692): nobody else sends it, but another run of the kit may. */
    private static final int EXPERIMENTAL = 253;
    private static final int ECHO_REQUEST = 8;
    private static final int ECHO_REPLY = 0;
    private static final int ECHO6_REQUEST = 128;
    private static final int ECHO6_REPLY = 129;
    /** Bit 13 of the capability sets in /proc/self/status. */
    private static final int CAP_NET_RAW_BIT = 13;
    /** How many packets of the protocol a round trip may skip (our own request, other pings) before its reply. */
    private static final int MAX_PACKETS = 100;
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(5);

    /** For a subclass that supplies the provider under test. */
    protected RawVerification() {
    }

    @Test
    void required_s14_1_anIcmpEchoTo127001IsAnsweredWithAValidChecksum() throws IOException {
        try (RawEndpoint raw = openRawOrSkip(Domain.INET, ICMP)) {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            int id = ThreadLocalRandom.current().nextInt(1 << 16);
            byte[] payload = ("sockets kit " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
            ByteBuffer request = echo(ECHO_REQUEST, id, 1, payload);
            request.putShort(2, (short) RawEndpoint.checksum(request)); // ICMP over IPv4: the sender's job
            assertEquals(0, RawEndpoint.checksum(request), "RFC 1071: a packet with its checksum sums to 0");
            raw.send(request, loopback);
            assertEquals(0, request.remaining(), "§14.1: send consumes the packet");

            ByteBuffer dst = ByteBuffer.allocate(65_536);
            for (int i = 0; i < MAX_PACKETS; i++) {
                dst.clear();
                InetAddress from = raw.receive(dst);
                dst.flip();
                // Over IPv4 the kernel hands over the IP header: version 4, its length in words, protocol 1.
                assertEquals(4, (dst.get(0) & 0xf0) >> 4, "§14.1: an IPv4 raw socket receives the IP header");
                assertEquals(ICMP, dst.get(9) & 0xff, "§14.1: of an ICMP packet");
                ByteBuffer icmp = dst.position((dst.get(0) & 0x0f) * 4).slice();
                if (!isEcho(icmp, ECHO_REPLY, id, 1)) {
                    continue; // our own request, seen on the way in, or someone else's packet
                }
                assertEquals(loopback, from, "§14.1: the reply comes from 127.0.0.1");
                assertEquals(0, RawEndpoint.checksum(icmp), "§14.1: the kernel's reply has a valid checksum");
                assertEquals(Arrays.toString(payload), Arrays.toString(data(icmp)), "§14.1: the reply echoes the data");
                return;
            }
            throw new AssertionError("§14.1: no echo reply among " + MAX_PACKETS + " ICMP packets");
        }
    }

    @Test
    void required_s14_1_anIcmpv6EchoToLoopbackIsAnsweredAndTheKernelChecksumsIt() throws IOException {
        assumeTrue(Ipv6.available(), "this machine has no IPv6 loopback");
        try (RawEndpoint raw = openRawOrSkip(Domain.INET6, ICMPV6)) {
            InetAddress loopback = InetAddress.getByName("::1");
            int id = ThreadLocalRandom.current().nextInt(1 << 16);
            byte[] payload = ("sockets kit " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
            // Checksum 0: over IPv6 the kernel computes it, as it covers the addresses of the IPv6 header (RFC 3542).
            raw.send(echo(ECHO6_REQUEST, id, 7, payload), loopback);

            ByteBuffer dst = ByteBuffer.allocate(65_536);
            for (int i = 0; i < MAX_PACKETS; i++) {
                dst.clear();
                InetAddress from = raw.receive(dst);
                ByteBuffer icmp = dst.flip().slice(); // no IPv6 header: the kernel keeps it
                if (isEcho(icmp, ECHO6_REQUEST, id, 7)) {
                    assertEquals(0, icmpv6Checksum(icmp, loopback, loopback), "§14.1: the kernel checksummed our request");
                    continue;
                }
                if (!isEcho(icmp, ECHO6_REPLY, id, 7)) {
                    continue;
                }
                assertEquals(loopback, from, "§14.1: the reply comes from ::1");
                assertEquals(0, icmpv6Checksum(icmp, loopback, loopback), "§14.1: the reply's checksum is valid");
                assertEquals(Arrays.toString(payload), Arrays.toString(data(icmp)), "§14.1: the reply echoes the data");
                return;
            }
            throw new AssertionError("§14.1: no echo reply among " + MAX_PACKETS + " ICMPv6 packets");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s14_2_withoutCapNetRawOpeningFailsAtOnceSayingSo(Domain domain) throws IOException {
        SocketProvider provider = provider();
        assumeTrue(provider.supports(domain, SocketType.RAW),
                () -> "provider '" + provider.name() + "' does not support " + domain.posixName() + " SOCK_RAW");
        assumeFalse(hasCapNetRaw(), "this process has CAP_NET_RAW, so nothing is refused: run the kit without it"
                + " (capsh --drop=cap_net_raw) to test §14.2");
        long before = Descriptors.open();
        long start = System.nanoTime();
        SocketException e = assertThrows(SocketException.class, () -> provider.openRaw(domain, domain == Domain.INET ? ICMP : ICMPV6).close(),
                "§14.2: openRaw without CAP_NET_RAW");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "§14.2: at once");
        assertTrue(e.getMessage().startsWith("Operation not permitted: " + domain.posixName() + " SOCK_RAW needs CAP_NET_RAW"),
                () -> "§14.2: the message names the privilege: " + e.getMessage());
        Descriptors.awaitNoMoreThan(before, "§14.2: the refused open leaves no descriptor");
    }

    @Test
    void required_s14_3_aRawEndpointTimesOutClosesAndRefusesUseAfterClose() throws Exception {
        RawEndpoint raw = openRawOrSkip(Domain.INET, EXPERIMENTAL);
        try (RawEndpoint closing = raw) {
            assertEquals(Domain.INET, raw.domain());
            assertEquals(EXPERIMENTAL, raw.protocol());
            assertTrue(raw.isOpen());
            SocketTimeoutException timedOut = assertThrows(SocketTimeoutException.class, () -> raw.receive(ByteBuffer.allocate(64)),
                    "§14.3, §9.3: receive with nothing to receive");
            assertEquals("Receive timed out", timedOut.getMessage(), "§2.6");
            assertTrue(raw.isOpen(), "§14.3, §9.3: the endpoint stays usable");
            assertThrows(IllegalArgumentException.class, () -> raw.send(ByteBuffer.allocate(1), InetAddress.getByName("::1")),
                    "§14.3, §2.3: a target of another domain");
            assertThrows(IllegalArgumentException.class,
                    () -> raw.send(ByteBuffer.allocate(RawEndpoint.MAX_PACKET + 1), InetAddress.getByName("127.0.0.1")),
                    "§14.3: a packet larger than " + RawEndpoint.MAX_PACKET);
        }
        assertFalse(raw.isOpen());
        assertInstanceOf(SocketClosedException.class, assertThrows(IOException.class, () -> raw.receive(ByteBuffer.allocate(8))),
                "§14.3, §7.2: receive after close");
        assertInstanceOf(SocketClosedException.class, assertThrows(IOException.class,
                () -> raw.send(ByteBuffer.allocate(8), InetAddress.getByName("127.0.0.1"))), "§14.3, §7.2: send after close");
        raw.close(); // §7.1

        try (RawEndpoint blocking = openRawOrSkip(Domain.INET, EXPERIMENTAL, DatagramOptions.defaults())) {
            BlockedCall<InetAddress> receive = BlockedCall.start("raw-receive", () -> blocking.receive(ByteBuffer.allocate(64)));
            receive.awaitBlockedIn("receive");
            blocking.close();
            Throwable thrown = receive.awaitThrown();
            assertInstanceOf(SocketClosedException.class, thrown, "§14.3, §7.3: close wakes a receiver");
            assertEquals("Socket closed", thrown.getMessage(), "§2.6");
        }
    }

    @Test
    void required_s14_3_aRawEndpointReadsAndSetsItsBufferSizesAsEverySocketDoes() throws Exception {
        RawEndpoint raw = openRawOrSkip(Domain.INET, EXPERIMENTAL, DatagramOptions.defaults().with(SO_SNDBUF, 1).with(SO_RCVBUF, 1));
        try (RawEndpoint closing = raw) {
            for (SocketOption<Integer> option : List.of(SO_SNDBUF, SO_RCVBUF)) {
                assertTrue(raw.supportedOptions().contains(option), () -> "§14.3, §10.1: supportedOptions() lacks " + option
                        + ": " + raw.supportedOptions());
                assertPositive(raw, option, "given as 1 in the options");
                for (int size : new int[] {256 * 1024, 1}) {
                    assertSame(raw, raw.option(option, size), "§10.1: option(o, v) returns the endpoint");
                    assertPositive(raw, option, "after setting " + size);
                }
                OptionsVerification.assertRefusedNaming(option, () -> raw.option(option, 0));
                OptionsVerification.assertBufferSizeApplied(option, "set on a raw endpoint", size -> raw.option(option, size).option(option));
                OptionsVerification.assertBufferSizeApplied(option, "given in a raw endpoint's options", size -> {
                    try (RawEndpoint given = openRawOrSkip(Domain.INET, EXPERIMENTAL, DatagramOptions.defaults().with(option, size))) {
                        return given.option(option);
                    }
                });
            }
            OptionsVerification.assertNamesOption(TCP_NODELAY, assertThrows(UnsupportedOperationException.class,
                    () -> raw.option(TCP_NODELAY), "§14.3, §10.2: TCP_NODELAY on a raw endpoint"));
        }
        long before = Descriptors.open();
        OptionsVerification.assertNamesOption(TCP_NODELAY, assertThrows(UnsupportedOperationException.class,
                () -> provider().openRaw(Domain.INET, EXPERIMENTAL, DatagramOptions.defaults().with(TCP_NODELAY, true)).close(),
                "§14.3, §10.2: TCP_NODELAY in a raw endpoint's options"));
        Descriptors.awaitNoMoreThan(before, "§14.3, §10.2: the refused open left a descriptor open");
        assertInstanceOf(SocketClosedException.class, assertThrows(IOException.class, () -> raw.option(SO_RCVBUF)),
                "§14.3, §7.2: option after close");
        assertInstanceOf(SocketClosedException.class, assertThrows(IOException.class, () -> raw.option(SO_RCVBUF, 4096)),
                "§14.3, §7.2: option(o, v) after close");
    }

    /**
     * The protocol is IP's 8-bit number: 255 ({@code IPPROTO_RAW}, the largest) opens, and 0 and 256, just past
     * either end, are {@code IllegalArgumentException} naming the protocol, before any descriptor is opened.
     */
    @Test
    void required_s14_3_aRawEndpointsProtocolIsOneTo255() throws Exception {
        try (RawEndpoint largest = openRawOrSkip(Domain.INET, 255)) {
            assertEquals(255, largest.protocol(), "§14.3: the protocol of a raw endpoint opened with 255");
            assertTrue(largest.isOpen(), "§14.3: a raw endpoint of protocol 255 opens");
        }
        for (int protocol : new int[] {0, 256, -1, Integer.MAX_VALUE}) {
            long before = Descriptors.open();
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> provider().openRaw(Domain.INET, protocol).close(), () -> "§14.3: openRaw of protocol " + protocol);
            assertTrue(String.valueOf(refused.getMessage()).contains(String.valueOf(protocol)),
                    () -> "§14.3: the refusal names the protocol " + protocol + ": " + refused.getMessage());
            Descriptors.awaitNoMoreThan(before, "§14.3: the refused open of protocol " + protocol + " left a descriptor open");
        }
    }

    /**
     * Sends from threads one after another, each returning at once, and two threads blocked in receive at once:
     * each packet goes whole, once, and each receiver gets one of them (§14.5). The packets carry a tag of this
     * run, so that those of the same protocol another process sends meanwhile (another run of the kit) are skipped.
     */
    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s14_5_threadsShareARawEndpoint(Domain domain) throws Exception {
        InetAddress loopback = loopbackOrSkip(domain);
        byte[] tag = newTag();
        List<Integer> sizes = List.of(100, 200, 300, 400);
        // No receive timeout: a receive that waits too long is the kit's to bound (BOUND), and close wakes it.
        try (RawEndpoint raw = openRawOrSkip(domain, EXPERIMENTAL, DatagramOptions.defaults())) {
            for (int size : sizes) {
                // Each send on a thread of its own: a send that kept the endpoint to its thread would block the next.
                BlockedCall.start("send", () -> {
                    raw.send(tagged(tag, size), loopback);
                    return null;
                }).awaitValue(BlockedCall.BOUND);
            }
            // The endpoint hears its own packets, as every raw socket of the protocol does on the way in.
            List<Integer> got = BlockedCall.start("receive", () -> {
                List<Integer> lengths = new ArrayList<>();
                for (int i = 0; i < sizes.size(); i++) {
                    lengths.add(receiveTagged(raw, domain, tag).length);
                }
                return lengths;
            }).awaitValue(BlockedCall.BOUND);
            assertEquals(sizes, got.stream().sorted().toList(), "§14.5: one packet, whole, from each thread's send");

            BlockedCall<byte[]> first = BlockedCall.start("receive", () -> receiveTagged(raw, domain, tag)).awaitBlockedIn("receive");
            BlockedCall<byte[]> second = BlockedCall.start("receive", () -> receiveTagged(raw, domain, tag)).awaitBlockedIn("receive");
            raw.send(tagged(tag, 100), loopback);
            raw.send(tagged(tag, 200), loopback);
            byte[] a = first.awaitValue(BlockedCall.BOUND);
            byte[] b = second.awaitValue(BlockedCall.BOUND);
            assertEquals(List.of(100, 200), Stream.of(a.length, b.length).sorted().toList(),
                    "§14.5: two threads blocked in receive get one packet each");
            for (byte[] packet : List.of(a, b)) {
                assertEquals(Arrays.toString(tagged(tag, packet.length).array()), Arrays.toString(packet), "§14.5: the packet, whole");
            }
        }
    }

    /**
     * A send of nothing is a packet: it returns, and the packet comes, empty (over IPv4 its IP header alone, whose
     * total length is the header's), before the tagged packet the same thread sends next (§14.6).
     */
    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s14_6_anEmptyPacketIsAPacket(Domain domain) throws Exception {
        InetAddress loopback = loopbackOrSkip(domain);
        byte[] tag = newTag();
        try (RawEndpoint raw = openRawOrSkip(domain, EXPERIMENTAL, DatagramOptions.defaults().withReceiveTimeout(RECEIVE_TIMEOUT))) {
            ByteBuffer empty = ByteBuffer.allocate(0);
            raw.send(empty, loopback);
            raw.send(tagged(tag, 100), loopback);
            ByteBuffer dst = ByteBuffer.allocate(65_536);
            boolean emptyCame = false;
            for (int i = 0; i < MAX_PACKETS; i++) {
                dst.clear();
                raw.receive(dst);
                dst.flip();
                if (domain == Domain.INET) {
                    int headerLength = (dst.get(0) & 0x0f) * 4;
                    int totalLength = dst.getShort(2) & 0xffff;
                    assertEquals(totalLength, dst.remaining(), "§14.6: an IPv4 packet is received whole, its header with it");
                    dst.position(headerLength);
                }
                if (dst.remaining() == 0) {
                    emptyCame = true;
                } else if (dst.remaining() >= tag.length && dst.slice(dst.position(), tag.length).equals(ByteBuffer.wrap(tag))) {
                    assertTrue(emptyCame, "§14.6: the empty packet sent before this one did not come before it");
                    return;
                }
            }
            throw new AssertionError("§14.6: none of " + MAX_PACKETS + " packets of the protocol was ours");
        }
    }

    @Test
    void required_s14_4_unixDomainRawIsRefusedWithTheTruth() {
        SocketProvider provider = provider();
        assertFalse(provider.supports(Domain.UNIX, SocketType.RAW), "§14.4: AF_UNIX SOCK_RAW is no capability");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> provider.openRaw(Domain.UNIX, 0).close(),
                "§14.4: openRaw(UNIX)");
        assertTrue(e.getMessage().contains("SOCK_RAW"), () -> "§14.4: names SOCK_RAW: " + e.getMessage());
        if (provider.supports(Domain.INET, SocketType.RAW)) {
            // A provider that has raw sockets elsewhere must say why not here: Linux makes it a datagram socket.
            assertTrue(e.getMessage().contains("SOCK_DGRAM"), () -> "§14.4: says what Linux makes of it: " + e.getMessage());
        }
    }

    // ---- helpers

    /** The loopback address of {@code domain}, or skips the test where IPv6 has none. */
    private static InetAddress loopbackOrSkip(Domain domain) throws IOException {
        assumeTrue(domain == Domain.INET || Ipv6.available(), "this machine has no IPv6 loopback");
        return InetAddress.getByName(domain == Domain.INET ? "127.0.0.1" : "::1");
    }

    /** A tag of this run, so that packets of the same protocol another process sends meanwhile are told apart. */
    private static byte[] newTag() {
        byte[] tag = new byte[16];
        ThreadLocalRandom.current().nextBytes(tag);
        return tag;
    }

    /** A packet of {@code size} bytes: {@code tag}, then a pattern of the size, so that a packet cut short or mixed with another differs. */
    private static ByteBuffer tagged(byte[] tag, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).put(tag);
        for (int i = tag.length; i < size; i++) {
            b.put((byte) (i * 31 + size));
        }
        return b.flip();
    }

    /**
     * Receives until a packet that starts with {@code tag} comes, and returns it (over IPv4, without its IP
     * header); skips at most {@link #MAX_PACKETS} others.
     */
    private static byte[] receiveTagged(RawEndpoint raw, Domain domain, byte[] tag) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(65_536);
        for (int i = 0; i < MAX_PACKETS; i++) {
            dst.clear();
            raw.receive(dst);
            dst.flip();
            if (domain == Domain.INET) {
                dst.position((dst.get(0) & 0x0f) * 4);
            }
            if (dst.remaining() >= tag.length && dst.slice(dst.position(), tag.length).equals(ByteBuffer.wrap(tag))) {
                byte[] packet = new byte[dst.remaining()];
                dst.get(packet);
                return packet;
            }
        }
        throw new AssertionError("§14.5: none of " + MAX_PACKETS + " packets of the protocol was ours");
    }

    private static void assertPositive(RawEndpoint raw, SocketOption<Integer> option, String when) throws IOException {
        int value = raw.option(option);
        assertTrue(value > 0, () -> "§14.3, §10.1: " + option + " of a raw endpoint " + when + " is " + value);
    }

    private RawEndpoint openRawOrSkip(Domain domain, int protocol) throws IOException {
        return openRawOrSkip(domain, protocol, DatagramOptions.defaults().withReceiveTimeout(
                protocol == EXPERIMENTAL ? Duration.ofMillis(200) : RECEIVE_TIMEOUT));
    }

    /** Opens a raw socket, or skips the test: where the provider has none, and where the process lacks CAP_NET_RAW (§14.2). */
    private RawEndpoint openRawOrSkip(Domain domain, int protocol, DatagramOptions options) throws IOException {
        SocketProvider provider = provider();
        assumeTrue(provider.supports(domain, SocketType.RAW),
                () -> "provider '" + provider.name() + "' does not support " + domain.posixName() + " SOCK_RAW");
        try {
            return provider.openRaw(domain, protocol, options);
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("CAP_NET_RAW")) {
                return abort("§14.2: " + e.getMessage());
            }
            throw e;
        }
    }

    /** Whether this process's effective capabilities hold CAP_NET_RAW (Linux; false where unknown). */
    static boolean hasCapNetRaw() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << CAP_NET_RAW_BIT)) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** An ICMP or ICMPv6 echo message: type, code 0, checksum 0, identifier, sequence number, data. */
    private static ByteBuffer echo(int type, int id, int sequence, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) sequence).put(data);
        return b.flip();
    }

    private static boolean isEcho(ByteBuffer icmp, int type, int id, int sequence) {
        return icmp.remaining() >= 8 && (icmp.get(0) & 0xff) == type && (icmp.getShort(4) & 0xffff) == id
                && (icmp.getShort(6) & 0xffff) == sequence;
    }

    private static byte[] data(ByteBuffer icmp) {
        byte[] data = new byte[icmp.remaining() - 8];
        icmp.get(8, data);
        return data;
    }

    /** The ICMPv6 checksum over the IPv6 pseudo-header (RFC 8200 §8.1) and the message: 0 when valid. */
    private static int icmpv6Checksum(ByteBuffer icmp, InetAddress source, InetAddress destination) {
        ByteBuffer b = ByteBuffer.allocate(40 + icmp.remaining());
        b.put(source.getAddress()).put(destination.getAddress()).putInt(icmp.remaining()).put(new byte[3]).put((byte) ICMPV6);
        b.put(icmp.duplicate());
        return RawEndpoint.checksum(b.flip());
    }
}
