package dev.sockets.blocking;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;

/**
 * POSIX {@code poll(2)} on one descriptor, with a timeout: the timed wait that a UNIX-domain channel
 * cannot do by itself. A {@code java.net.Socket} has {@code SO_TIMEOUT}; a UNIX-domain
 * {@code SocketChannel} or {@code ServerSocketChannel} has no timeout and no {@code socket()}
 * adaptor, so the only way the JDK offers to wait "until readable, or t passes" on one is a
 * {@link Selector}.
 *
 * <p>This is the only class of the provider that touches a Selector, and it uses one purely as
 * {@code poll}: a private selector per wait direction, holding exactly one channel, registered
 * for exactly one operation, selected only by the thread that waits. There is no multiplexing, no
 * event loop, and no selector shared between objects; the blocking model stays "the calling thread
 * waits in the kernel". The channel must be in non-blocking mode for good while a poll is open
 * (a channel registered with a selector cannot go back to blocking mode, and switching modes
 * would block while another thread is inside a read or write of the same channel).
 *
 * <p>{@link #close()} from another thread wakes the thread waiting in {@link #await}, which then
 * throws {@link AsynchronousCloseException}; the owner closes its poll when it closes the channel.
 * Closing the selector also deregisters the channel, which lets the JDK release the channel's
 * descriptor.
 */
final class ChannelPoll implements Closeable {

    private final SelectableChannel channel;
    private final Selector selector;

    private ChannelPoll(SelectableChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /**
     * Opens a poll of {@code channel}, which must be non-blocking, for the operation {@code op}
     * ({@link java.nio.channels.SelectionKey#OP_READ}, {@code OP_WRITE}, {@code OP_ACCEPT} or
     * {@code OP_CONNECT}).
     */
    static ChannelPoll open(SelectableChannel channel, int op) throws IOException {
        Selector selector = Selector.open();
        try {
            channel.register(selector, op);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        return new ChannelPoll(channel, selector);
    }

    /**
     * Waits until the channel is ready for the operation, at most {@code nanos} nanoseconds
     * ({@link Long#MAX_VALUE}: no limit). A readiness is only a hint, as with {@code poll}: the caller
     * tries its operation again and may find nothing to do.
     *
     * @return whether the channel was reported ready
     * @throws AsynchronousCloseException if this poll is closed, before or during the wait
     * @throws ClosedByInterruptException if the thread is interrupted: as a blocking channel would,
     *     the channel is closed and the interrupt status stays set
     */
    boolean await(long nanos) throws IOException {
        try {
            int ready = nanos == Long.MAX_VALUE ? selector.select() : selector.select(millisRoundedUp(nanos));
            selector.selectedKeys().clear();
            if (Thread.currentThread().isInterrupted()) {
                // select() returns at once while the interrupt status is set: without this, a timed
                // wait would spin. Do what an interrupted blocking channel operation does.
                channel.close();
                throw new ClosedByInterruptException();
            }
            return ready > 0;
        } catch (ClosedSelectorException closed) {
            throw new AsynchronousCloseException();
        }
    }

    /** Closes the selector: wakes a thread in {@link #await}, and deregisters the channel. Idempotent. */
    @Override
    public void close() throws IOException {
        selector.close();
    }

    private static long millisRoundedUp(long nanos) {
        // select(0) would mean "no limit": never pass less than one millisecond.
        return Math.max(1, nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1));
    }
}
