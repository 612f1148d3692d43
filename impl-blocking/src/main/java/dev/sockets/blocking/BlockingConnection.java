package dev.sockets.blocking;

import dev.sockets.Domain;
import dev.sockets.StreamOptions;
import dev.sockets.spi.AbstractConnection;
import dev.sockets.spi.AdaptorReader;
import dev.sockets.spi.ChannelConnection;
import dev.sockets.spi.Channels;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connected stream socket on a {@link SocketChannel} in blocking mode: POSIX
 * {@code socket(AF_*, SOCK_STREAM, 0)}, {@code connect} (or {@code accept}), {@code read},
 * {@code write}, {@code shutdown}, {@code setsockopt}, {@code close}. The core's state machine
 * ({@link AbstractConnection}) does the rest.
 *
 * <h2>How a reader waits</h2>
 * Without a read timeout, in the channel's blocking {@code read(2)}. With one, over TCP, in a read
 * of the channel's {@link Socket} adaptor, whose {@code SO_TIMEOUT} is set to the time left;
 * over UNIX domain (no adaptor), the channel is non-blocking for good and the reader, and a writer
 * on a full send buffer, wait in a {@link ChannelPoll} each, so that a reader and a writer still
 * wait at once (§5.7). A write timeout (§9.6) needs a timed wait for room in the send buffer, which
 * neither a blocking channel nor the adaptor has: with one, the channel is non-blocking for good
 * in every domain, and both directions wait in their poll. The mode is chosen once, when the connection is made, because switching it
 * blocks while another thread is in a read or write. Every wait wakes on {@code close()} and on an
 * interrupt (§7.3, §7.5).
 *
 * <h2>Cost</h2>
 * No allocation per call. Reads and writes move at most {@link #CHUNK} bytes per system call: the
 * JDK copies a heap buffer through a temporary direct buffer of its size, cached per thread, which
 * a large buffer would make large on every handler thread; and a failed write has then advanced
 * its buffer past every chunk that went. A direct buffer goes through a scratch array only for a
 * timed TCP read (the adaptor reads into arrays).
 */
final class BlockingConnection extends ChannelConnection {

    /** The most bytes of one {@code read(2)} or {@code write(2)}. */
    private static final int CHUNK = 64 * 1024;

    /** Timed TCP reads; null over UNIX domain. */
    private final AdaptorReader timedReads;
    /** Where a reader waits, over UNIX domain with a read timeout; else null and the channel blocks. */
    private final ChannelPoll readPoll;
    /** Where a writer waits, with {@link #readPoll}. */
    private final ChannelPoll writePoll;

    BlockingConnection(SocketChannel channel, Domain domain, StreamOptions timeouts) throws IOException {
        super(channel, timeouts.readTimeout(), timeouts.writeTimeout(), Channels.streamOptions(domain));
        boolean unix = domain == Domain.UNIX;
        this.timedReads = unix ? null : new AdaptorReader(channel);
        if ((unix && !timeouts.readTimeout().isZero()) || !timeouts.writeTimeout().isZero()) {
            channel().configureBlocking(false);
            ChannelPoll reads = ChannelPoll.pollIn(channel);
            this.writePoll = Channels.orClose(reads, () -> ChannelPoll.pollOut(channel));
            this.readPoll = reads;
        } else {
            channel().configureBlocking(true);
            this.readPoll = null;
            this.writePoll = null;
        }
    }

    @Override
    protected int implRead(ByteBuffer dst, long deadline) throws IOException {
        int limit = dst.limit();
        dst.limit(dst.position() + Math.min(dst.remaining(), CHUNK)); // see "Cost"
        try {
            if (readPoll != null) {
                int n;
                while ((n = channel().read(dst)) == 0) {
                    readPoll.await(deadline);
                }
                return n;
            }
            return deadline == Long.MAX_VALUE ? channel().read(dst) : timedReads.read(dst, deadline);
        } finally {
            dst.limit(limit);
        }
    }

    @Override
    protected void implWrite(ByteBuffer src, long deadline) throws IOException {
        int limit = src.limit();
        try {
            while (src.hasRemaining()) {
                src.limit(src.position() + Math.min(limit - src.position(), CHUNK));
                // Blocking: write(2) returns when the chunk went. Non-blocking: 0 means the send buffer
                // is full; wait until the peer makes room, or the deadline passes (§9.6).
                if (channel().write(src) == 0 && writePoll != null) {
                    writePoll.await(deadline);
                }
                src.limit(limit);
            }
        } finally {
            src.limit(limit);
        }
    }

    /**
     * What the send buffer takes now, for an event-driven callback's write ({@code ThreadedEvents}): one
     * non-blocking {@code write(2)} of at most a chunk, the channel switched to non-blocking mode for it if it is
     * blocking. Every call of this connection is serialized by the core's locks, which the caller holds, and no
     * thread of this model is in the channel otherwise.
     */
    @Override
    protected int implWriteNow(ByteBuffer src) throws IOException {
        int limit = src.limit();
        src.limit(src.position() + Math.min(src.remaining(), CHUNK)); // see "Cost"
        try {
            return writeWithoutWaiting(src);
        } finally {
            src.limit(limit);
        }
    }

    /** A reader in a poll: {@code shutdown(SHUT_RD)} makes the socket readable, but not on every system. */
    @Override
    protected void implWakeReader() {
        if (readPoll != null) {
            readPoll.wakeup();
        }
    }

    /** A writer in a poll: {@code shutdown(SHUT_WR)} does not make a full send buffer writable. */
    @Override
    protected void implWakeWriter() {
        if (writePoll != null) {
            writePoll.wakeup();
        }
    }

    /** Closes the channel, waking a thread blocked in it, then the polls, waking a thread waiting in one. */
    @Override
    protected void implClose() throws IOException {
        Channels.closeAll(channel(), readPoll, writePoll);
    }
}
