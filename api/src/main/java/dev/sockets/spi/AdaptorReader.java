package dev.sockets.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A {@code read(2)} with a timeout on a TCP {@link SocketChannel} in blocking mode: the channel's
 * own read has none, and its {@code java.net.Socket} adaptor's stream is the one timed read the JDK
 * offers on it ({@code SO_TIMEOUT}, a field of the adaptor set per call to the time left, no system
 * call; a timed park on a virtual thread, a timed {@code poll(2)} on a platform one). It goes
 * through the channel, so it wakes on close and on an interrupt as the channel does (§7.3, §7.5).
 *
 * <p>The adaptor reads into arrays: a heap buffer is read into directly, a direct buffer through a
 * scratch array of this reader, made the first time. Not thread-safe: the connection's read lock
 * guards it.
 */
public final class AdaptorReader {

    /** The most bytes one read copies through the scratch array. */
    private static final int SCRATCH = 64 * 1024;

    private final Socket adaptor;
    private final InputStream in;
    private byte[] scratch;

    /**
     * Makes the timed reader of {@code channel}, a connected TCP channel in blocking mode.
     *
     * @param channel the channel to read from, connected and in blocking mode
     * @throws IOException if the channel is closed, not connected, or its input is shut down
     */
    public AdaptorReader(SocketChannel channel) throws IOException {
        this.adaptor = channel.socket();
        this.in = adaptor.getInputStream();
    }

    /**
     * Reads at least one byte into {@code dst}, or returns −1 at end of stream, waiting at most until
     * {@code deadline}.
     *
     * @param dst the buffer to read into, from its position up to its limit; not full
     * @param deadline when to give up, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for no limit
     * @return the number of bytes read, at least 1, or −1 at end of stream
     * @throws java.net.SocketTimeoutException if the deadline passes first; the channel stays usable
     * @throws IOException if the system call fails, or the channel is closed or interrupted (§7.3, §7.5)
     */
    public int read(ByteBuffer dst, long deadline) throws IOException {
        adaptor.setSoTimeout(Timeouts.soTimeout(deadline));
        if (dst.hasArray()) {
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        if (scratch == null) {
            scratch = new byte[SCRATCH];
        }
        int n = in.read(scratch, 0, Math.min(SCRATCH, dst.remaining()));
        if (n > 0) {
            dst.put(scratch, 0, n);
        }
        return n;
    }
}
