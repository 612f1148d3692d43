package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sockets.Connection;
import dev.sockets.conformance.Generators.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Whole-stream helpers of the kit's read/write, half-close, integrity and server tests: write a
 * payload in chunks, read a stream to its end, compare. Each call checks the buffer contract of the
 * call it makes on the way (§5.1, §5.4), so a test that uses them checks it too.
 */
final class Streams {

    private Streams() {
    }

    /**
     * Writes {@code data} in writes of the sizes {@code chunks} (which sum to its length), from heap or
     * direct buffers, checking that each write leaves nothing remaining (§5.4).
     */
    static void write(Connection connection, byte[] data, List<Integer> chunks, boolean direct) throws IOException {
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
     */
    static byte[] readToEnd(Connection connection, int bufferSize, boolean direct, long atMost) throws IOException {
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

    /** {@link #readToEnd(Connection, int, boolean, long)} with an 8 KiB heap buffer. */
    static byte[] readToEnd(Connection connection, long atMost) throws IOException {
        return readToEnd(connection, 8192, false, atMost);
    }

    /** Reads exactly {@code size} bytes, failing at an early end of stream. */
    static byte[] readExactly(Connection connection, int size) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(size);
        while (dst.hasRemaining()) {
            int n = connection.read(dst);
            assertTrue(n > 0, () -> "end of stream after " + dst.position() + " of " + size + " B (read returned " + n + ")");
        }
        return dst.array();
    }

    /** Fails unless {@code received} is exactly {@code sent}, saying where they differ. */
    static void assertReceived(Payload sent, byte[] received, String rule) {
        String mismatch = sent.mismatch(received);
        if (mismatch != null) {
            fail(rule + ": " + sent + ": " + mismatch);
        }
    }
}
