package dev.sockets.conformance;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketType;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * §11.8 to §11.10 and §11.12, UNIX-domain datagrams: {@code socket(AF_UNIX, SOCK_DGRAM, 0)} bound to a path,
 * {@code sendto} another path, {@code recvfrom} with the sender's path. The JDK has none, so these
 * run only against a provider that declares {@code AF_UNIX SOCK_DGRAM} and are skipped, with the
 * reason, for every other. The rules of §11.1 to §11.5 that hold for every domain are tested for
 * this one too, by {@link DatagramVerification}.
 */
public abstract class UnixDatagramVerification extends ProviderVerification {

    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(10);

    /** For a subclass that supplies the provider under test. */
    protected UnixDatagramVerification() {
    }

    @Test
    void required_s11_8_anEndpointBindsItsPathReceivesWithTheSendersPathAndRemovesItsFile() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.DATAGRAM);
        SocketAddress path = anyLocal(Domain.UNIX);
        Path file = ((UnixDomainSocketAddress) path).getPath();
        try (DatagramEndpoint receiver = serverProvider().openDatagram(path, receiveOptions());
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(Domain.UNIX))) {
            assertEquals(path, receiver.localAddress(), "§11.8: localAddress() is the path bound");
            assertTrue(isSocketFile(file), "§11.8: bind creates the socket file " + file);
            assertThrows(BindException.class, () -> clientProvider().openDatagram(path).close(),
                    "§11.8, §4.2: a second endpoint on the same path");

            sender.send(ascii("over a path"), path);
            ByteBuffer dst = ByteBuffer.allocate(DatagramEndpoint.MAX_UNIX_PAYLOAD + 1);
            assertEquals(sender.localAddress(), receiver.receive(dst), "§11.8: receive returns the sender's path");
            assertArrayEquals(bytes("over a path"), received(dst));

            // The answer goes back to the path receive returned, as a UNIX-domain server answers.
            SocketAddress from = sender.localAddress();
            receiver.send(ascii("answer"), from);
            dst.clear();
            assertEquals(path, sender.receive(dst), "§11.8: the answer comes from the receiver's path");
            assertArrayEquals(bytes("answer"), received(dst));
        }
        assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS), "§11.8, §13.3: close removes the socket file " + file);
    }

    @Test
    void required_s11_8_theLargestUnixDatagramGoesWholeAndALargerOneIsRefused() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.DATAGRAM);
        int max = DatagramEndpoint.MAX_UNIX_PAYLOAD;
        try (DatagramEndpoint receiver = serverProvider().openDatagram(anyLocal(Domain.UNIX), receiveOptions());
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(Domain.UNIX))) {
            byte[] largest = new byte[max];
            ThreadLocalRandom.current().nextBytes(largest);
            sender.send(ByteBuffer.wrap(largest), receiver.localAddress());
            ByteBuffer dst = ByteBuffer.allocateDirect(max + 1);
            receiver.receive(dst);
            assertArrayEquals(largest, received(dst), "§11.8: a datagram of " + max + " bytes, whole");

            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> sender.send(ByteBuffer.allocate(max + 1), receiver.localAddress()), "§11.8: " + (max + 1) + " bytes");
            assertTrue(refused.getMessage().contains(String.valueOf(max + 1)) && refused.getMessage().contains(String.valueOf(max)),
                    () -> "§11.8: the message gives the size and the limit: " + refused.getMessage());
        }
    }

    /**
     * A sender sends numbered datagrams, more than a receive queue holds (Linux's {@code net.unix.max_dgram_qlen} is
     * 10 by default, and the receive buffer is bounded too), to a receiver that does not receive: it must wait in
     * {@code send}. Then the receiver takes them all, and each arrives whole, once, in order, and the sender ends.
     * A second sender, waiting so, is closed from another thread, which ends its wait (§7.3).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void required_s11_12_aSendToAFullQueueWaitsAndNoDatagramIsLost() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.DATAGRAM);
        int count = 4_096;
        try (DatagramEndpoint receiver = serverProvider().openDatagram(anyLocal(Domain.UNIX), receiveOptions());
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(Domain.UNIX))) {
            BlockedCall<Integer> sending = sendNumbered(sender, receiver.localAddress(), count);
            sending.awaitBlockedIn("send");

            ByteBuffer dst = ByteBuffer.allocate(64);
            for (int i = 0; i < count; i++) {
                dst.clear();
                assertEquals(sender.localAddress(), receiver.receive(dst), "§11.12: the sender's path");
                int n = i;
                assertEquals(Integer.BYTES, dst.position(), () -> "§11.12: datagram " + n + " whole");
                assertEquals(i, dst.getInt(0), "§11.12: the datagrams in order, none lost");
            }
            assertEquals(count, sending.awaitValue(BlockedCall.BOUND), "§11.12: the sender sent every datagram");
        }

        try (DatagramEndpoint receiver = serverProvider().openDatagram(anyLocal(Domain.UNIX), receiveOptions());
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(Domain.UNIX))) {
            BlockedCall<Integer> sending = sendNumbered(sender, receiver.localAddress(), count);
            sending.awaitBlockedIn("send");
            sender.close();
            Throwable thrown = sending.awaitThrown();
            assertInstanceOf(SocketClosedException.class, thrown, "§11.12, §7.3: close wakes a send waiting for room");
            assertEquals("Socket closed", thrown.getMessage(), "§2.6");
        }
    }

    @Test
    void required_s11_9_aSendToAPathWithNoSocketIsRefusedAndTheEndpointStaysOpen() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.DATAGRAM);
        SocketAddress nobody = anyLocal(Domain.UNIX);
        try (DatagramEndpoint receiver = serverProvider().openDatagram(anyLocal(Domain.UNIX), receiveOptions());
                DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(Domain.UNIX))) {
            ConnectException refused = assertThrows(ConnectException.class, () -> sender.send(ascii("lost?"), nobody),
                    "§11.9: a send to a path where no socket is bound");
            assertEquals("Connection refused: " + nobody, refused.getMessage(), "§11.9, §2.6");
            assertTrue(sender.isOpen(), "§11.9: the endpoint stays open");

            sender.send(ascii("next"), receiver.localAddress());
            ByteBuffer dst = ByteBuffer.allocate(64);
            assertEquals(sender.localAddress(), receiver.receive(dst), "§11.9: the endpoint still sends");
            assertArrayEquals(bytes("next"), received(dst));
        }
    }

    @Test
    void required_s11_9_aConnectToAPathWithNoSocketIsRefused() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.DATAGRAM);
        SocketAddress nobody = anyLocal(Domain.UNIX);
        try (DatagramEndpoint endpoint = clientProvider().openDatagram(anyLocal(Domain.UNIX))) {
            ConnectException refused = assertThrows(ConnectException.class, () -> endpoint.connect(nobody),
                    "§11.9: connect to a path where no socket is bound");
            assertEquals("Connection refused: " + nobody, refused.getMessage(), "§11.9, §2.6");
            assertTrue(endpoint.isOpen(), "§11.9: the endpoint stays open");
            assertEquals(java.util.Optional.empty(), endpoint.remoteAddress(), "§11.9: and unconnected");
        }
    }

    @Test
    void required_s11_9_aConnectedEndpointWhosePeerClosedIsRefusedNamingThePeer() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = clientProvider().openDatagram(anyLocal(Domain.UNIX))) {
            SocketAddress peerPath;
            try (DatagramEndpoint peer = serverProvider().openDatagram(anyLocal(Domain.UNIX), receiveOptions())) {
                peerPath = peer.localAddress();
                endpoint.connect(peerPath);
                endpoint.send(ascii("while it is there"));
                ByteBuffer dst = ByteBuffer.allocate(64);
                assertEquals(endpoint.localAddress(), peer.receive(dst), "§11.8: the connected endpoint's datagram");
            }
            // UNIX-domain sockets have no ICMP: the kernel knows at once that the peer is gone (§11.6 is UDP's).
            ConnectException refused = assertThrows(ConnectException.class, () -> endpoint.send(ascii("gone")),
                    "§11.9: a send to a connected peer that closed");
            assertEquals("Connection refused: " + peerPath, refused.getMessage(), "§11.9, §2.6");
            assertTrue(endpoint.isOpen(), "§11.9: the endpoint stays open");
        }
    }

    @Test
    void optional_s11_10_anAbstractNameIsBoundWithNoFileAndFreedOnClose() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.DATAGRAM);
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"),
                "the abstract namespace is Linux's");
        String name = "@sockets-kit-" + ProcessHandle.current().pid() + "-" + ThreadLocalRandom.current().nextInt(1 << 30);
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(name);
        Path cwdFile = Path.of(name);
        for (int round = 0; round < 2; round++) {
            // The second round binds the same name at once: close freed it (§4.6).
            try (DatagramEndpoint receiver = serverProvider().openDatagram(address, receiveOptions());
                    DatagramEndpoint sender = clientProvider().openDatagram(anyLocal(Domain.UNIX))) {
                assertEquals(address, receiver.localAddress(), "§11.10: localAddress() is the abstract name");
                assertFalse(Files.exists(cwdFile, LinkOption.NOFOLLOW_LINKS), "§11.10: an abstract name makes no file");
                sender.send(ascii("abstract"), address);
                ByteBuffer dst = ByteBuffer.allocate(64);
                assertEquals(sender.localAddress(), receiver.receive(dst), "§11.10: the sender's path");
                assertArrayEquals(bytes("abstract"), received(dst));
            }
        }
    }

    /** Sends datagrams 0 to {@code count − 1} (each its number, 4 bytes) on a thread of its own; returns {@code count}. */
    private static BlockedCall<Integer> sendNumbered(DatagramEndpoint sender, SocketAddress to, int count) {
        return BlockedCall.start("unix-datagram-send", () -> {
            for (int i = 0; i < count; i++) {
                sender.send(ByteBuffer.allocate(Integer.BYTES).putInt(0, i), to);
            }
            return count;
        });
    }

    private static DatagramOptions receiveOptions() {
        return DatagramOptions.defaults().withReceiveTimeout(RECEIVE_TIMEOUT);
    }

    private static boolean isSocketFile(Path file) throws IOException {
        // A socket is neither a regular file, a directory nor a link: "other" to the JDK.
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }

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
