package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * §15, beyond the seed: {@code AF_UNIX SOCK_SEQPACKET} (a connection whose records keep their
 * boundaries) and the peer's credentials of a UNIX-domain connection ({@code SO_PEERCRED}). The JDK
 * has no seqpacket sockets: these run only against a provider that declares {@code AF_UNIX
 * SOCK_SEQPACKET} and are skipped, with the reason, for the others.
 */
public abstract class SeqpacketVerification extends ProviderVerification {

    private static final List<Integer> SIZES = List.of(1, 2, 100, 0, 4096, 65_000, 3);

    /** For a subclass that supplies the provider under test. */
    protected SeqpacketVerification() {
    }

    @Test
    void required_s15_1_eachWriteIsOneRecordAndEachReadReturnsOneRecord() throws IOException {
        try (ConnectedPair pair = seqpacketPair()) {
            for (int size : SIZES) {
                pair.client().write(ByteBuffer.wrap(record(size)));
            }
            ByteBuffer dst = ByteBuffer.allocate(70_000);
            for (int size : SIZES) {
                if (size == 0) {
                    continue; // §5.4: an empty write sends nothing, so no empty record to read
                }
                dst.clear();
                assertEquals(size, pair.server().read(dst), "§15.1: one read, one record of " + size + " bytes, whole");
                assertArrayEquals(record(size), Arrays.copyOf(dst.array(), dst.position()), "§15.1: its bytes");
            }
            // And back: the accepted side's records are records too.
            pair.server().write(ByteBuffer.wrap(record(10)));
            pair.server().write(ByteBuffer.wrap(record(20)));
            assertEquals(10, pair.client().read(dst.clear()), "§15.1: the first record alone");
            assertEquals(20, pair.client().read(dst.clear()), "§15.1: then the second");
        }
    }

    @Test
    void required_s15_2_aRecordLongerThanTheBufferIsCutAndTheNextIsWhole() throws IOException {
        try (ConnectedPair pair = seqpacketPair()) {
            pair.client().write(ByteBuffer.wrap(record(1000)));
            pair.client().write(ByteBuffer.wrap(record(7)));
            ByteBuffer small = ByteBuffer.allocate(10);
            assertEquals(10, pair.server().read(small), "§15.2: the buffer is filled");
            assertArrayEquals(Arrays.copyOf(record(1000), 10), small.array(), "§15.2: with the record's first bytes");
            ByteBuffer dst = ByteBuffer.allocate(2000);
            assertEquals(7, pair.server().read(dst), "§15.2: the rest of the cut record is gone, the next comes whole");
            assertArrayEquals(record(7), Arrays.copyOf(dst.array(), 7));
        }
    }

    @Test
    void required_s15_3_endOfStreamCloseAndTheSocketFileAreAsForStreams() throws IOException {
        Path file;
        try (ConnectedPair pair = seqpacketPair()) {
            file = ((UnixDomainSocketAddress) pair.listener().localAddress()).getPath();
            assertTrue(Files.exists(file, LinkOption.NOFOLLOW_LINKS), "§15.3, §4.5: listen creates the socket file");
            assertEquals(pair.listener().localAddress(), pair.client().remoteAddress(), "§15.3, §3.1");
            pair.client().write(ByteBuffer.wrap(record(5)));
            pair.client().shutdownOutput();
            ByteBuffer dst = ByteBuffer.allocate(64);
            assertEquals(5, pair.server().read(dst), "§15.3: the record before end of stream");
            assertEquals(-1, pair.server().read(dst.clear()), "§15.3, §6.1: then −1");
            assertEquals(-1, pair.server().read(dst.clear()), "§15.3, §5.3: and −1 again");
            pair.server().write(ByteBuffer.wrap(record(3)));
            assertEquals(3, pair.client().read(dst.clear()), "§15.3, §6.1: input is kept after shutdownOutput");
            pair.server().close();
            assertEquals(-1, pair.client().read(dst.clear()), "§15.3, §7.4: the peer's close is end of stream");
        }
        assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS), "§15.3, §4.5: close removes the socket file");
    }

    @Test
    void required_s15_3_seqpacketOverIpIsRefusedWithTheReason() {
        SocketProvider provider = provider();
        assumeTrue(provider.supports(Domain.UNIX, SocketType.SEQPACKET),
                () -> "provider '" + provider.name() + "' does not support AF_UNIX SOCK_SEQPACKET");
        SocketAddress inet = anyLocal(Domain.INET);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> provider.connect(inet, SocketType.SEQPACKET, StreamOptions.defaults()).close(), "§15.3: SOCK_SEQPACKET over AF_INET");
        assertTrue(e.getMessage().contains("AF_INET SOCK_SEQPACKET"), () -> "§1.2: names what: " + e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = SocketType.class, names = {"STREAM", "SEQPACKET"})
    void optional_s15_4_soPeercredNamesTheUserAndGroupOfThePeer(SocketType type) throws IOException {
        assumeSupported(Domain.UNIX, type);
        Listener listener = serverProvider().listen(anyLocal(Domain.UNIX), type, ListenOptions.defaults());
        try (listener;
                Connection client = clientProvider().connect(listener.localAddress(), type, StreamOptions.defaults());
                Connection server = listener.accept()) {
            assumeTrue(server.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED),
                    () -> "provider '" + serverProvider().name() + "' does not offer SO_PEERCRED");
            // This process is both peers: its user and group own /proc/self.
            PosixFileAttributes self = Files.readAttributes(Path.of("/proc/self"), PosixFileAttributes.class);
            GroupPrincipal group = self.group();
            UnixDomainPrincipal expected = new UnixDomainPrincipal(self.owner(), group);
            assertEquals(expected, server.option(ExtendedSocketOptions.SO_PEERCRED), "§15.4: the client's credentials, on the server");
            if (client.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
                assertEquals(expected, client.option(ExtendedSocketOptions.SO_PEERCRED), "§15.4: the server's, on the client");
            }
            SocketException readOnly = assertThrows(SocketException.class,
                    () -> server.option(ExtendedSocketOptions.SO_PEERCRED, expected), "§15.4: SO_PEERCRED is read-only");
            // The JDK's channel ends its message with a space; the words are what §15.4 fixes.
            assertEquals("SO_PEERCRED cannot be set", readOnly.getMessage().strip(), "§15.4: as the JDK's channel words it");
        }
    }

    // ---- helpers

    /** A listener and a connected pair of SOCK_SEQPACKET sockets; skips unless both providers declare it. */
    private ConnectedPair seqpacketPair() throws IOException {
        assumeSupported(Domain.UNIX, SocketType.SEQPACKET);
        Listener listener = serverProvider().listen(anyLocal(Domain.UNIX), SocketType.SEQPACKET, ListenOptions.defaults());
        try {
            Connection client = clientProvider().connect(listener.localAddress(), SocketType.SEQPACKET, StreamOptions.defaults());
            try {
                return new ConnectedPair(client, listener.accept(), listener);
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    private static byte[] record(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (size * 31 + i);
        }
        return bytes;
    }
}
