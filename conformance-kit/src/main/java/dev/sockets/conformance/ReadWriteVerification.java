package dev.sockets.conformance;

import static dev.sockets.conformance.Waits.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sockets.Connection;
import dev.sockets.ConnectionResetException;
import dev.sockets.Domain;
import dev.sockets.conformance.Generators.Payload;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §5, read and write: the semantics of {@code read(2)} and {@code write(2)} on a blocking socket,
 * without their short writes. {@code read} waits for a byte and returns what fits; a full buffer reads
 * 0; end of stream is −1 for good; {@code write} writes everything; a reset and a write to a closed
 * peer are {@link ConnectionResetException}, and a reset is reported on every read after it; and a
 * connection is full duplex, with whole writes.
 *
 * <p>In every supported domain. Each test is bounded by this class's {@link Timeout}, and every call
 * that could hang in a faulty provider is made on a kit thread ({@link BlockedCall}) and waited for
 * with a bound, so a failure names the call instead of timing the test out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class ReadWriteVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected ReadWriteVerification() {
    }

    /** How long a call that has what it needs may take: "at once", on a loaded machine. */
    private static final Duration PROMPTLY = BlockedCall.BOUND;

    /** More than any connection's send and receive buffers together (loopback TCP autotunes to a few MiB). */
    private static final int MORE_THAN_BUFFERS = 16 * 1024 * 1024;

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_1_readWaitsForAtLeastOneByte(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            ByteBuffer dst = ByteBuffer.allocate(64);
            BlockedCall<Integer> read = BlockedCall.start("read", () -> pair.client().read(dst)).awaitBlockedIn("read");
            assertFalse(read.isDone(), "§5.1: read returned with no byte to read");

            pair.server().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            int n = read.awaitValue(PROMPTLY);
            assertTrue(n >= 1 && n <= 3, "§5.1: read returned " + n + " with 3 bytes sent");
            assertEquals(n, dst.position(), "§5.1: read advances the position by what it returns");
            assertArrayEquals(Arrays.copyOf(new byte[] {1, 2, 3}, n), Arrays.copyOf(dst.array(), n), "§5.1: the bytes read");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_1_readReturnsAtMostTheSpaceRemaining(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Payload payload = new Payload(51, 100);
            pair.server().write(ByteBuffer.wrap(payload.bytes()));
            pair.server().shutdownOutput();

            // A buffer with 4 bytes of space after position 60: the read must not touch anything outside them.
            byte[] received = new byte[payload.size()];
            int got = 0;
            while (got < received.length) {
                ByteBuffer dst = ByteBuffer.allocate(70).position(60).limit(64);
                int n = pair.client().read(dst);
                assertTrue(n >= 1 && n <= 4, "§5.1: read into 4 B of space returned " + n + " after " + got + " of 100 B");
                assertEquals(60 + n, dst.position(), "§5.1: the position advances by what read returns");
                assertArrayEquals(new byte[60], Arrays.copyOf(dst.array(), 60), "§5.1: read wrote before the position");
                assertArrayEquals(new byte[6], Arrays.copyOfRange(dst.array(), 64, 70), "§5.1: read wrote past the limit");
                System.arraycopy(dst.array(), 60, received, got, n);
                got += n;
            }
            Streams.assertReceived(payload, received, "§5.1");
            assertEquals(-1, pair.client().read(ByteBuffer.allocate(4)), "§5.3: then end of stream");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_2_readIntoAFullBufferReturnsZeroAtOnce(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Connection client = pair.client();
            // Nothing to read: a read of nothing must not wait for data.
            ByteBuffer full = ByteBuffer.allocate(8).position(8);
            assertEquals(0, BlockedCall.start("read", () -> client.read(full)).awaitValue(PROMPTLY),
                    "§5.2: read into a buffer with no space, nothing to read");
            assertEquals(8, full.position(), "§5.2: the position is unchanged");
            assertEquals(0, BlockedCall.start("read", () -> client.read(ByteBuffer.allocate(0))).awaitValue(PROMPTLY),
                    "§5.2: read into an empty buffer");

            // Something to read: it stays there for the next read.
            pair.server().write(ByteBuffer.wrap(new byte[] {42}));
            assertEquals(0, client.read(full), "§5.2: read into a full buffer with data waiting");
            ByteBuffer one = ByteBuffer.allocate(1);
            assertEquals(1, client.read(one), "§5.2: the byte waiting is still there");
            assertEquals(42, one.get(0), "§5.2: the byte waiting is still there");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_3_endOfStreamAfterShutdownOutputIsMinusOneAndStays(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Payload payload = new Payload(53, 1000);
            pair.server().write(ByteBuffer.wrap(payload.bytes()));
            pair.server().shutdownOutput();
            assertEndOfStreamStays(pair.client(), payload);
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_3_endOfStreamAfterCloseIsMinusOneAndStays(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Payload payload = new Payload(54, 1000);
            pair.server().write(ByteBuffer.wrap(payload.bytes()));
            pair.server().close();
            assertEndOfStreamStays(pair.client(), payload);
        }
    }

    private static void assertEndOfStreamStays(Connection reader, Payload payload) throws IOException {
        Streams.assertReceived(payload, Streams.readToEnd(reader, 64, false, payload.size()), "§5.3");
        for (int i = 0; i < 3; i++) {
            assertEquals(-1, reader.read(ByteBuffer.allocate(16)), "§5.3: read after end of stream, again (" + (i + 2) + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_4_writeWritesEveryByteOfAHeapBuffer(Domain domain) throws IOException {
        assertWritesEveryByte(domain, false);
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_4_writeWritesEveryByteOfADirectBuffer(Domain domain) throws IOException {
        assertWritesEveryByte(domain, true);
    }

    /** One write of 4 MiB, more than the buffers, from a buffer whose position and limit are not its bounds. */
    private void assertWritesEveryByte(Domain domain, boolean direct) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Payload payload = new Payload(55, Generators.MAX_PAYLOAD);
            byte[] bytes = payload.bytes();
            ByteBuffer src = direct ? ByteBuffer.allocateDirect(bytes.length + 10) : ByteBuffer.allocate(bytes.length + 10);
            src.position(7).put(bytes).flip().position(7);
            BlockedCall<byte[]> reader = BlockedCall.start("reader",
                    () -> Streams.readToEnd(pair.server(), 65536, false, bytes.length));

            pair.client().write(src);
            assertEquals(src.limit(), src.position(), "§5.4: write returns with every byte written");
            pair.client().shutdownOutput();
            Streams.assertReceived(payload, reader.awaitValue(Duration.ofSeconds(30)), "§5.4: the peer reads exactly the bytes written");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_4_writeOfNothingReturnsAtOnce(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            ByteBuffer empty = ByteBuffer.allocate(10).position(10);
            BlockedCall.start("write", () -> {
                pair.client().write(empty);
                return null;
            }).awaitValue(PROMPTLY);
            assertEquals(10, empty.position(), "§5.4: an empty write moves nothing");

            pair.client().write(ByteBuffer.wrap(new byte[] {7}));
            pair.client().shutdownOutput();
            assertArrayEquals(new byte[] {7}, Streams.readToEnd(pair.server(), 10), "§5.4: an empty write sends nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_5_aResetIsReportedOnRead(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            // SO_LINGER 0 makes TCP's close send RST; a byte left unread makes any stream socket reset
            // (AF_UNIX has no RST, and reports ECONNRESET to the peer of a socket closed with unread data).
            pair.client().write(ByteBuffer.wrap(new byte[] {1}));
            if (pair.server().supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
                pair.server().option(StandardSocketOptions.SO_LINGER, 0);
            }
            pair.server().close();

            Throwable thrown = BlockedCall.start("read", () -> pair.client().read(ByteBuffer.allocate(16))).awaitThrown();
            assertInstanceOf(ConnectionResetException.class, thrown, "§5.5: read after the peer reset the connection");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_5_aResetStaysAResetOnEveryLaterRead(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Streams.reset(pair.server(), pair.client());
            Throwable first = BlockedCall.start("read", () -> pair.client().read(ByteBuffer.allocate(16))).awaitThrown();
            assertInstanceOf(ConnectionResetException.class, first, "§5.5: read after the peer reset the connection");
            for (int i = 2; i <= 4; i++) {
                int n = i;
                Throwable again = BlockedCall.start("read", () -> pair.client().read(ByteBuffer.allocate(16))).awaitThrown();
                assertInstanceOf(ConnectionResetException.class, again,
                        () -> "§5.5: read number " + n + " after the reset (a reset stays a reset, not end of stream)");
            }
            assertTrue(pair.client().isOpen(), "§5.5: a reset does not close this side");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_6_writingToAClosedPeerFails(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            pair.server().close();

            // The first writes may succeed (TCP learns of the close from the RST they provoke); within a
            // bound, one must fail, and with ConnectionResetException.
            AtomicInteger writes = new AtomicInteger();
            AtomicReference<IOException> failure = new AtomicReference<>();
            await("§5.6: a write to the closed peer fails").atMost(PROMPTLY).pollInterval(Duration.ofMillis(10))
                    .pollInSameThread()
                    .until(() -> {
                        try {
                            writes.incrementAndGet();
                            pair.client().write(ByteBuffer.allocate(1024));
                            return false;
                        } catch (IOException e) {
                            failure.set(e);
                            return true;
                        }
                    });
            assertInstanceOf(ConnectionResetException.class, failure.get(),
                    "§5.6: write number " + writes.get() + " to a closed peer");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_7_aWriterIsNotStoppedByABlockedReader(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Payload request = new Payload(57, 256 * 1024);
            BlockedCall<byte[]> reader = BlockedCall.start("reader", () -> Streams.readExactly(pair.client(), 5))
                    .awaitBlockedIn("read");
            BlockedCall<byte[]> server = BlockedCall.start("server", () -> Streams.readExactly(pair.server(), request.size()));

            pair.client().write(ByteBuffer.wrap(request.bytes()));
            Streams.assertReceived(request, server.awaitValue(PROMPTLY), "§5.7: written while another thread reads");
            assertFalse(reader.isDone(), "§5.7: the reader returned with nothing to read");

            pair.server().write(ByteBuffer.wrap("reply".getBytes()));
            assertArrayEquals("reply".getBytes(), reader.awaitValue(PROMPTLY), "§5.7: the reader reads what came since");
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_7_aReaderIsNotStoppedByAWriterBlockedOnAFullBuffer(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            Payload big = new Payload(58, MORE_THAN_BUFFERS);
            BlockedCall<Void> writer = BlockedCall.<Void>start("writer", () -> {
                pair.client().write(ByteBuffer.wrap(big.bytes()));
                return null;
            }).awaitBlockedIn("write");

            pair.server().write(ByteBuffer.wrap("while".getBytes()));
            byte[] read = BlockedCall.start("reader", () -> Streams.readExactly(pair.client(), 5)).awaitValue(PROMPTLY);
            assertArrayEquals("while".getBytes(), read, "§5.7: read while another thread is blocked writing");
            assertFalse(writer.isDone(), "§5.7: the writer finished with nobody reading");

            Streams.assertReceived(big, Streams.readExactly(pair.server(), big.size()), "§5.7: the blocked write, once read");
            writer.awaitValue(PROMPTLY);
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s5_7_concurrentWritesAreNotInterleaved(Domain domain) throws Exception {
        int threads = 4;
        int blocksEach = 4;
        int blockSize = 64 * 1024;
        try (ConnectedPair pair = connectedPair(domain)) {
            BlockedCall<byte[]> reader = BlockedCall.start("reader",
                    () -> Streams.readExactly(pair.server(), threads * blocksEach * blockSize));
            CyclicBarrier start = new CyclicBarrier(threads);
            List<BlockedCall<Void>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(BlockedCall.<Void>start("writer", () -> {
                    start.await(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
                    for (int b = 0; b < blocksEach; b++) {
                        byte[] block = new byte[blockSize];
                        Arrays.fill(block, (byte) (1 + thread * blocksEach + b));
                        pair.client().write(ByteBuffer.wrap(block));
                    }
                    return null;
                }));
            }
            for (BlockedCall<Void> writer : writers) {
                writer.awaitValue(Duration.ofSeconds(30));
            }
            byte[] received = reader.awaitValue(Duration.ofSeconds(30));

            Set<Byte> seen = new HashSet<>();
            for (int offset = 0; offset < received.length; offset += blockSize) {
                byte id = received[offset];
                for (int i = offset; i < offset + blockSize; i++) {
                    if (received[i] != id) {
                        fail("§5.7: the write of block " + id + " was interleaved with block " + received[i]
                                + " at byte " + (i - offset) + " of it");
                    }
                }
                assertTrue(seen.add(id), "§5.7: block " + id + " received twice");
            }
            assertEquals(threads * blocksEach, seen.size(), "§5.7: every block received once");
        }
    }
}
