package dev.sockets.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * Streams through the echo: writes 64 KiB chunks whenever the socket takes them and counts the
 * bytes that come back. TCP's flow control is the only window.
 */
final class StreamSession extends ClientSession {

    private static final int CHUNK_SIZE = 64 * 1024;

    private final ByteBuffer out = ByteBuffer.allocateDirect(CHUNK_SIZE);
    private final ByteBuffer in = ByteBuffer.allocateDirect(CHUNK_SIZE);

    StreamSession(ClientLoop loop, Meter meter, Runnable onConnected) {
        super(loop, meter, onConnected);
    }

    @Override
    void connected() {
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        meter.answered();
    }

    @Override
    void writable() throws IOException {
        if (meter.stopped()) {
            key.interestOps(SelectionKey.OP_READ);
            return;
        }
        if (!out.hasRemaining()) {
            out.clear();
        }
        channel.write(out);
    }

    @Override
    void readable() throws IOException {
        int n;
        do {
            n = channel.read(in.clear());
            if (n < 0) {
                throw new EOFException("Connection closed by the server");
            }
            meter.bytes(n);
        } while (n == CHUNK_SIZE);
    }
}
