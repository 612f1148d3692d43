package dev.sockets.virtualthreads;

import dev.sockets.Domain;
import dev.sockets.StreamOptions;
import dev.sockets.spi.AbstractConnection;
import dev.sockets.spi.AdaptorReader;
import dev.sockets.spi.ChannelConnection;
import dev.sockets.spi.Channels;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;

/**
 * A connected stream socket, TCP or UNIX-domain: a {@link SocketChannel} in blocking mode under the state
 * machine of {@link AbstractConnection}, which serializes readers and writers, tracks the state and translates
 * failures; this class only moves bytes and waits.
 *
 * <h2>How a caller waits</h2>
 * Every call is a blocking call of the channel: a virtual thread is parked on the JDK's poller, a platform
 * thread waits in the kernel. Either wakes when the channel is closed, and when it is interrupted, which closes
 * the channel ({@link ClosedByInterruptException}, §7.5). The channel's read has no timeout, so a read with a
 * deadline waits another way:
 * <ul>
 *   <li>TCP reads through the channel's {@link Socket} adaptor, whose {@code SO_TIMEOUT} is a timed
 *       park (or a timed {@code poll(2)} on a platform thread) on the same channel. A direct buffer is read
 *       through a scratch array of the connection, guarded by the read lock, so nothing is cached per thread;</li>
 *   <li>UNIX-domain channels have no adaptor: a {@link ReadAhead} reads on a virtual thread of its own while the
 *       caller waits for at most the timeout.</li>
 * </ul>
 * Writes, shutdowns and options go to the channel itself; a heap or direct buffer is written without a copy,
 * but with a write timeout (§9.6), which the channel's write has not: then a {@link TimedWrites} copies each
 * chunk and writes it on a virtual thread of its own while the caller waits for at most the time left.
 * {@link #implClose()} is the channel's close, {@code close(2)} and nothing more (§7.4).
 */
final class VirtualThreadConnection extends ChannelConnection {

    /** TCP reads with a deadline; null for a UNIX-domain channel. */
    private final AdaptorReader timedReads;
    /** UNIX-domain reads with a read timeout; null without one, and for TCP. */
    private final ReadAhead readAhead;
    /** Writes with a write timeout, in every domain; null without one. */
    private final TimedWrites timedWrites;

    VirtualThreadConnection(SocketChannel channel, Domain domain, StreamOptions timeouts) throws IOException {
        super(channel, timeouts.readTimeout(), timeouts.writeTimeout(), Channels.streamOptions(domain));
        this.timedReads = domain == Domain.UNIX ? null : new AdaptorReader(channel);
        this.readAhead = domain == Domain.UNIX && !timeouts.readTimeout().isZero() ? new ReadAhead(channel) : null;
        this.timedWrites = timeouts.writeTimeout().isZero() ? null : new TimedWrites(channel);
    }

    @Override
    protected int implRead(ByteBuffer dst, long deadline) throws IOException {
        if (readAhead != null) {
            return readAhead.read(dst, deadline);
        }
        if (deadline == Long.MAX_VALUE) {
            return channel().read(dst);
        }
        return timedReads.read(dst, deadline); // TCP: a UNIX-domain channel has a deadline only with a ReadAhead
    }

    @Override
    protected void implWrite(ByteBuffer src, long deadline) throws IOException {
        if (deadline != Long.MAX_VALUE) {
            timedWrites.write(src, deadline); // §9.6: the channel's write has no timeout
            return;
        }
        // A blocking channel writes every byte before it returns; the loop is for the contract, not the JDK.
        while (src.hasRemaining()) {
            channel().write(src);
        }
    }

    /**
     * What the send buffer takes now, for an event-driven callback's write ({@code ThreadedEvents}): one
     * non-blocking {@code write(2)}. Not with a read-ahead or timed writes, whose threads may be in the channel
     * when the core's locks are free: the switch of mode would wait for them. Then every byte is the writer
     * thread's, as before.
     */
    @Override
    protected int implWriteNow(ByteBuffer src) throws IOException {
        if (readAhead != null || timedWrites != null) {
            return 0;
        }
        return writeWithoutWaiting(src);
    }

    @Override
    protected void implClose() throws IOException {
        Channels.closeAll(channel(), readAhead, timedWrites);
    }
}
