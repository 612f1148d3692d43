package dev.sockets.virtualthreads;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Writes with a write timeout (§9.6) on a blocking channel, which has no timed write: each chunk of at most
 * {@value #SIZE} bytes is copied into this object's buffer and written through a {@link TimedCall}, so a
 * virtual thread writes it while the caller waits for at most the time left. The caller's buffer advances past
 * a chunk once the chunk went whole.
 *
 * <p>A caller that times out leaves its chunk in flight: the virtual thread goes on writing it from this
 * object's buffer (never the caller's, which is the caller's again) until the peer makes room, or the
 * connection is closed, which ends it. So after a write timeout the peer may read part of that chunk or all
 * of it beyond what the caller's buffer says went, and the core writes nothing more (§9.7).
 *
 * <p>Used by one connection, under its write lock; {@link #close()} from any thread, after the channel closed.
 */
final class TimedWrites implements AutoCloseable {

    /** The most bytes of one timed chunk. */
    static final int SIZE = 64 * 1024;

    private final SocketChannel channel;
    private final TimedCall<Integer> call = new TimedCall<>(n -> { });
    /** Written from by the call in flight; allocated by the first timed write. Direct: no temporary copy per call. */
    private ByteBuffer buffer;

    TimedWrites(SocketChannel channel) {
        this.channel = channel;
    }

    /** Writes every remaining byte of {@code src}, waiting at most until {@code deadline}, as {@link TimedCall#await} does. */
    void write(ByteBuffer src, long deadline) throws IOException {
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(SIZE);
        }
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), SIZE);
            buffer.clear().put(0, src, src.position(), n).limit(n);
            call.await(this::drain, deadline);
            src.position(src.position() + n);
        }
    }

    /** Ends the call in flight's wait (the channel is closed, so the call fails) and wakes its caller. */
    @Override
    public void close() {
        call.close();
    }

    /** The call, on its own virtual thread: the chunk, whole. */
    private Integer drain() throws IOException {
        ByteBuffer b = buffer;
        int n = b.remaining();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        return n;
    }
}
