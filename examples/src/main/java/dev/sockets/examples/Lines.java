package dev.sockets.examples;

import dev.sockets.Connection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads UTF-8 lines ending with {@code '\n'} from a connection; a last line without one counts too. */
public final class Lines {

    /** The longest line taken, so that a client cannot make the reader hold unbounded memory. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private final Connection connection;
    private final ByteBuffer buffer = ByteBuffer.allocate(4096).flip();
    private boolean ended;

    /** Reads lines from {@code connection}. */
    public Lines(Connection connection) {
        this.connection = connection;
    }

    /**
     * Returns the next line without its {@code '\n'}, or empty at end of stream.
     *
     * @throws IOException if reading fails, or a line is longer than {@link #MAX_LINE_BYTES}
     */
    public Optional<String> next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return Optional.of(line.toString(StandardCharsets.UTF_8));
                }
                if (line.size() == MAX_LINE_BYTES) {
                    throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.write(b);
            }
            if (ended || connection.read(buffer.clear()) < 0) {
                ended = true;
                buffer.limit(0);
                return line.size() == 0 ? Optional.empty() : Optional.of(line.toString(StandardCharsets.UTF_8));
            }
            buffer.flip();
        }
    }
}
