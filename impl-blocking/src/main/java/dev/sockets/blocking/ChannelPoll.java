package dev.sockets.blocking;

import dev.sockets.spi.Channels;
import dev.sockets.spi.Timeouts;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;

/**
 * POSIX {@code poll(2)} on one descriptor, with a timeout: the timed wait that a UNIX-domain channel
 * cannot do by itself. It has no {@code SO_TIMEOUT} and no {@code socket()} adaptor, so the only way
 * the JDK offers to wait "until readable, or t passes" on one is a {@link Selector}.
 *
 * <p>This is the only class of the provider that touches a Selector, and it uses one purely as
 * {@code poll}: a private selector per direction, holding exactly one channel registered for
 * exactly one event, selected only by the thread that waits. No multiplexing, no event loop, no
 * selector shared between objects: the caller's thread still waits in the kernel. The channel is
 * non-blocking for good while a poll is open (a registered channel cannot go back to blocking
 * mode, and switching would block while another thread is inside a read or write of it).
 *
 * <p>{@link #close()} from another thread wakes the waiting thread; the owner closes its polls after
 * the channel, which lets the JDK release the channel's descriptor (it waits for deregistration).
 */
final class ChannelPoll implements Closeable {

    private final Selector selector;

    private ChannelPoll(Selector selector) {
        this.selector = selector;
    }

    /** A poll of {@code channel}, which must be non-blocking, for {@code POLLIN}: readable, or a client to accept. */
    static ChannelPoll pollIn(SelectableChannel channel) throws IOException {
        return open(channel, channel instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ);
    }

    /** A poll of {@code channel}, which must be non-blocking, for {@code POLLOUT}: room in the send buffer. */
    static ChannelPoll pollOut(SelectableChannel channel) throws IOException {
        return open(channel, SelectionKey.OP_WRITE);
    }

    private static ChannelPoll open(SelectableChannel channel, int op) throws IOException {
        Selector selector = Selector.open();
        return Channels.orClose(selector, () -> {
            channel.register(selector, op);
            return new ChannelPoll(selector);
        });
    }

    /**
     * Waits until the channel is ready, or {@code deadline} passes ({@link Long#MAX_VALUE}: no limit).
     * A readiness is only a hint, as with {@code poll}: the caller tries its operation again, and may
     * find nothing to do and wait again.
     *
     * @throws SocketTimeoutException if the deadline passed
     * @throws AsynchronousCloseException if this poll is closed, before or during the wait
     * @throws ClosedByInterruptException if the thread is interrupted, as a blocking channel would;
     *     the interrupt status stays set, and the core closes the socket
     */
    void await(long deadline) throws IOException {
        if (deadline != Long.MAX_VALUE && Timeouts.remaining(deadline) <= 0) {
            throw new SocketTimeoutException();
        }
        try {
            selector.select(Timeouts.soTimeout(deadline));
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException closed) {
            throw new AsynchronousCloseException();
        }
        if (Thread.currentThread().isInterrupted()) {
            // select() returns at once while the interrupt status is set: without this, a wait would spin.
            throw new ClosedByInterruptException();
        }
    }

    /** Makes a thread in {@link #await}, or the next one, return at once: for a shutdown that makes no event. */
    void wakeup() {
        selector.wakeup();
    }

    /** Closes the selector: wakes a thread in {@link #await}, and deregisters the channel. Idempotent. */
    @Override
    public void close() throws IOException {
        selector.close();
    }
}
