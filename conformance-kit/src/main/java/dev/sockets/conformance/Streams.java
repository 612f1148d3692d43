package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sockets.Connection;
import dev.sockets.conformance.Generators.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whole-stream helpers of every area of the kit: write a payload in chunks, read a stream to its end
 * or an exact count, compare, echo; and the small conversions between text, bytes and buffers. Each
 * call checks the buffer contract of the call it makes on the way (§5.1, §5.4), so a test that uses
 * them checks it too. The areas share helpers through this class (and {@link Loopback},
 * {@link BlockedCall}, {@link FullUnixBacklog}, {@link UnresponsiveListener}), never through each
 * other's statics, so that each area stands on its own. Public, for the areas of one's own rules.
 */
public final class Streams {

    private Streams() {
    }

    /**
     * Writes {@code data} in writes of the sizes {@code chunks} (which sum to its length), from heap or
     * direct buffers, checking that each write leaves nothing remaining (§5.4).
     *
     * @param connection where to write
     * @param data the bytes to write
     * @param chunks the size of each write, summing to {@code data.length} ({@link Generators.Chunking#cover})
     * @param direct whether to write from direct buffers
     * @throws IOException if a write fails
     */
    public static void write(Connection connection, byte[] data, List<Integer> chunks, boolean direct) throws IOException {
        int offset = 0;
        for (int chunk : chunks) {
            ByteBuffer src = direct ? ByteBuffer.allocateDirect(chunk) : ByteBuffer.allocate(chunk);
            src.put(data, offset, chunk).flip();
            connection.write(src);
            assertEquals(src.limit(), src.position(), "§5.4: write returned with bytes remaining");
            offset += chunk;
        }
        assertEquals(data.length, offset, "the chunks cover the payload");
    }

    /**
     * Reads until −1 with a buffer of {@code bufferSize} bytes and returns what came, checking that every
     * read returns between 1 and the space in the buffer and advances its position as much (§5.1). Stops
     * early, returning what came, once more than {@code atMost} bytes came: a stream that never ends is a
     * failure the caller reports, not a hang.
     *
     * @param connection where to read
     * @param bufferSize the size of the read buffer, at least 1
     * @param direct whether to read into a direct buffer
     * @param atMost the most bytes to wait for
     * @return the bytes that came
     * @throws IOException if a read fails
     */
    public static byte[] readToEnd(Connection connection, int bufferSize, boolean direct, long atMost) throws IOException {
        ByteBuffer dst = direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] copy = new byte[bufferSize];
        while (received.size() <= atMost) {
            dst.clear();
            int n = connection.read(dst);
            if (n == -1) {
                return received.toByteArray();
            }
            if (n < 1 || n > bufferSize || dst.position() != n) {
                fail("§5.1: read into " + bufferSize + " B returned " + n + " and advanced the position to " + dst.position());
            }
            dst.flip().get(copy, 0, n);
            received.write(copy, 0, n);
        }
        return received.toByteArray();
    }

    /**
     * {@link #readToEnd(Connection, int, boolean, long)} with an 8 KiB heap buffer.
     *
     * @param connection where to read
     * @param atMost the most bytes to wait for
     * @return the bytes that came
     * @throws IOException if a read fails
     */
    public static byte[] readToEnd(Connection connection, long atMost) throws IOException {
        return readToEnd(connection, 8192, false, atMost);
    }

    /**
     * Reads exactly {@code size} bytes, failing at an early end of stream.
     *
     * @param connection where to read
     * @param size how many bytes
     * @return the bytes
     * @throws IOException if a read fails
     */
    public static byte[] readExactly(Connection connection, int size) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(size);
        while (dst.hasRemaining()) {
            int n = connection.read(dst);
            assertTrue(n > 0, () -> "end of stream after " + dst.position() + " of " + size + " B (read returned " + n + ")");
        }
        return dst.array();
    }

    /**
     * Reads until end of stream with an 8 KiB heap buffer, however long the stream, failing on a read of 0
     * into a buffer with space: a provider that reports end of stream as 0 (§5.1, §5.3).
     *
     * @param connection where to read
     * @return every byte until end of stream
     * @throws IOException if a read fails
     */
    public static byte[] readToEndOfStream(Connection connection) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(8192 + 3);
        while (true) {
            int n = connection.read(dst.clear());
            if (n == -1) {
                return all.toByteArray();
            }
            assertTrue(n > 0, () -> "§5.1, §5.3: read returned " + n + " into a buffer with " + dst.capacity()
                    + " bytes free, after " + all.size() + " bytes; end of stream is -1");
            all.write(dst.array(), 0, n);
        }
    }

    /**
     * The echo handler of the kit's servers: writes back what it reads, until end of stream; the server
     * then closes. A read that returns 0 into an empty buffer breaks §5.1; the handler gives up rather
     * than spin.
     *
     * @param connection the connection to echo on
     * @throws IOException if a read or a write fails
     */
    public static void echo(Connection connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        int n;
        while ((n = connection.read(buffer.clear())) >= 0) {
            if (n == 0) {
                throw new IllegalStateException("§5.1: read returned 0 into a buffer of " + buffer.capacity() + " B");
            }
            connection.write(buffer.flip());
        }
    }

    /**
     * Makes {@code closer} reset its connection with {@code peer}: the peer writes a byte that the closer
     * leaves unread, and the closer closes, with {@code SO_LINGER} 0 where it has the option (TCP sends
     * an RST then; a UNIX-domain socket closed with unread input reports {@code ECONNRESET} to its
     * peer). The peer's next read throws {@link dev.sockets.ConnectionResetException} (§5.5).
     *
     * @param closer the end that closes, and so resets
     * @param peer the other end, which sees the reset
     * @throws IOException if the write or the close fails
     */
    public static void reset(Connection closer, Connection peer) throws IOException {
        peer.write(ByteBuffer.wrap(new byte[] {1}));
        if (closer.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
            closer.option(StandardSocketOptions.SO_LINGER, 0);
        }
        closer.close();
    }

    /**
     * Returns the bytes of {@code s} in US-ASCII.
     *
     * @param s the text
     * @return its bytes
     */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Returns a heap buffer holding the bytes of {@code s} in US-ASCII, ready to write.
     *
     * @param s the text
     * @return a buffer of its bytes, from position 0 to its limit
     */
    public static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(bytes(s));
    }

    /**
     * Returns the bytes put into {@code dst} so far: from 0 to its position.
     *
     * @param dst a buffer read into
     * @return a copy of its bytes before its position
     */
    public static byte[] received(ByteBuffer dst) {
        byte[] bytes = new byte[dst.position()];
        dst.duplicate().flip().get(bytes);
        return bytes;
    }

    /**
     * Fails unless {@code received} is exactly {@code sent}, saying where they differ.
     *
     * @param sent the payload written
     * @param received the bytes read
     * @param rule what the failure cites first, as "§8.1"
     * @throws org.opentest4j.AssertionFailedError if they differ
     */
    public static void assertReceived(Payload sent, byte[] received, String rule) {
        String mismatch = sent.mismatch(received);
        if (mismatch != null) {
            fail(rule + ": " + sent + ": " + mismatch);
        }
    }
}
