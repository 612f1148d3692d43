package dev.sockets.virtualthreads;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Reads with a read timeout on a UNIX-domain channel, which has no {@code SO_TIMEOUT} and no adaptor: every read
 * goes through a {@link TimedCall}, so a virtual thread reads into this object's buffer while the caller waits
 * for at most the timeout. Bytes that arrive after the caller gave up wait in the buffer for the next read, and
 * nothing is lost (§9.1). Only as many bytes are read ahead as the reader that started the call asked for, at
 * most {@value #SIZE}.
 *
 * <p>Used by one connection, under its read lock; {@link #close()} from any thread, after the channel closed.
 */
final class ReadAhead implements AutoCloseable {

    /** The size of the buffer. */
    static final int SIZE = 32 * 1024;

    private final SocketChannel channel;
    private final TimedCall<Integer> call = new TimedCall<>(n -> { });
    /**
     * Written by the call in flight while it is, read by callers after it completed; allocated by the first read.
     * Direct, so that each call's new thread reads into it without a temporary buffer of its own.
     */
    private ByteBuffer buffer;
    /** The bytes of a completed call not yet delivered, in read mode; null while a call may be in flight. */
    private ByteBuffer pending;

    ReadAhead(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Reads at least one byte into {@code dst}, which has room, or returns −1 at end of stream; waits at most
     * until {@code deadline}, as {@link TimedCall#await} does.
     */
    int read(ByteBuffer dst, long deadline) throws IOException {
        if (pending != null) {
            if (pending.hasRemaining()) {
                return transfer(dst);
            }
            // Drained: the buffer goes back to the next call, and only it may touch the buffer while in flight.
            pending = null;
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(SIZE);
        }
        int wanted = Math.min(dst.remaining(), SIZE);
        int n = call.await(() -> fill(wanted), deadline);
        if (n < 0) {
            return n;
        }
        pending = buffer;
        return transfer(dst);
    }

    /** Ends the call in flight's wait (the channel is closed, so the call fails) and wakes its caller. */
    @Override
    public void close() {
        call.close();
    }

    /** The call, on its own virtual thread: one read into the buffer, left in read mode. */
    private int fill(int wanted) throws IOException {
        ByteBuffer b = buffer;
        b.clear().limit(wanted);
        int n = channel.read(b);
        b.flip();
        return n;
    }

    private int transfer(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), pending.remaining());
        dst.put(dst.position(), pending, pending.position(), n);
        dst.position(dst.position() + n);
        pending.position(pending.position() + n);
        return n;
    }
}
