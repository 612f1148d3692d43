package dev.sockets.nio;

import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a caller of a blocking-style method waits for its non-blocking channel to become ready: the bridge
 * between a parked thread and the {@link EventLoop} that owns the channel, and the attachment of the
 * channel's key.
 *
 * <h2>How a wait goes</h2>
 * The caller has just tried the non-blocking operation and it could not proceed (a read or write returned 0,
 * an accept returned null, a connect is pending). {@link #await} then
 * <ol>
 *   <li>marks the caller as the waiter for that direction,</li>
 *   <li>hands the loop a task that adds the operation to the key's interest (registering the channel with the
 *       loop's selector the first time), which wakes the selector at most once for many such tasks, and</li>
 *   <li>parks the caller ({@link LockSupport#parkNanos}) until the loop {@linkplain #ready reports readiness},
 *       {@link #close()} wakes it, its deadline passes or it is interrupted. A virtual thread parked so frees
 *       its carrier, as in the JDK's own poller.</li>
 * </ol>
 * Interest is one-shot: the loop removes an operation from the key's interest when it reports it, so a
 * socket whose send buffer has room again stops being watched for {@code OP_WRITE} until a write returns 0
 * once more, and nothing is reported that nobody waits for. A wake-up is a hint: the caller retries its
 * operation and waits again if it still cannot proceed.
 *
 * <p>There are two directions, each with at most one waiter, because the core's read and write locks (or
 * the accept lock) let one thread at a time wait in each: <em>in</em> for {@code OP_READ} and
 * {@code OP_ACCEPT}, <em>out</em> for {@code OP_WRITE} and {@code OP_CONNECT}. A reader and a writer of the
 * same connection wait at the same time on the one key.
 *
 * <h2>Close releases the descriptor</h2>
 * The JDK defers the {@code close(2)} of a channel that is registered with a selector until that selector
 * deregisters its key, in its next select, on the loop thread (and sends a FIN meanwhile only for a TCP
 * socket). So {@link #close()} first has the loop cancel the key and select at once, waits for that, then
 * closes the channel, which is no longer registered: its descriptor is released, with the FIN or the reset
 * that goes with it, before close returns (§4.6, §7.4).
 */
final class Readiness implements KeyHandler {

    private static final System.Logger LOG = NioSocketProvider.LOG;

    /** The longest a close waits for the loop to deregister the key; only a stalled loop takes that long. */
    private static final long DEREGISTER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final SelectableChannel channel;
    private final EventLoop loop;
    /*
     * The waiters are made by the first wait in their direction: an event-driven connection never waits here, and
     * a server's listener never waits out. Each is written once, by the one thread that waits in that direction
     * (§5.7's locks), and read by those that signal it: a signal that finds none has nobody to wake.
     */
    private volatile Waiter in;
    private volatile Waiter out;

    /** The channel's key in the loop's current selector, or null before the first wait; loop thread only. */
    private SelectionKey key;

    /** Set by {@link #close()} before anything else; a waiter checks it after each unpark, the loop before it registers. */
    private volatile boolean closed;

    /** Whether a wait ever handed the loop this channel, so that close knows whether the loop may hold a key. */
    private volatile boolean registered;

    Readiness(SelectableChannel channel, EventLoop loop) {
        this.channel = channel;
        this.loop = loop;
    }

    /**
     * Parks the calling thread until {@code op} ({@code OP_READ}, {@code OP_WRITE}, {@code OP_ACCEPT} or
     * {@code OP_CONNECT}) may proceed, or the channel is closed or shut down in that direction; then the
     * caller retries its operation. Never busy-waits; returns at once if closed.
     *
     * @param deadline on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for none
     * @throws SocketTimeoutException if the deadline passes first
     * @throws ClosedByInterruptException if the thread is interrupted; its interrupt status stays set
     * @throws IOException if the loop had to start and could not open its selector
     * @throws IllegalStateException if called on the loop thread itself, which would deadlock it
     */
    void await(int op, long deadline) throws IOException {
        if (loop.inLoop()) {
            // The loop would wait for itself: nothing could ever report the readiness.
            throw new IllegalStateException("a blocking call on the event loop thread " + Thread.currentThread().getName());
        }
        Waiter waiter = (op & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 ? inWaiter() : outWaiter();
        Thread self = Thread.currentThread();
        waiter.ready = false;
        waiter.thread = self;
        try {
            if (closed) {
                return;
            }
            registered = true;
            loop.execute(() -> arm(op));
            while (!waiter.ready && !closed) {
                if (self.isInterrupted()) {
                    throw new ClosedByInterruptException();
                }
                if (deadline == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    long remaining = Timeouts.remaining(deadline);
                    if (remaining <= 0) {
                        throw new SocketTimeoutException("timed out waiting for readiness");
                    }
                    LockSupport.parkNanos(this, remaining);
                }
            }
        } finally {
            // An interest left armed by a timed-out wait costs one wake-up of the loop, when the channel is ready.
            waiter.thread = null;
        }
    }

    private Waiter inWaiter() {
        Waiter waiter = in;
        if (waiter == null) {
            in = waiter = new Waiter();
        }
        return waiter;
    }

    private Waiter outWaiter() {
        Waiter waiter = out;
        if (waiter == null) {
            out = waiter = new Waiter();
        }
        return waiter;
    }

    /** Wakes the reader (after {@code shutdownInput}) without readiness, so that it retries and reads −1. */
    void wakeReader() {
        Waiter.signal(in);
    }

    /** Wakes the writer (after {@code shutdownOutput}) without readiness, so that its retry fails as it should. */
    void wakeWriter() {
        Waiter.signal(out);
    }

    /**
     * POSIX {@code close(2)} of the channel, released when this returns (see the type's doc), and wakes every
     * waiter for good. On the loop thread itself, which cannot wait for its own select, the release happens in
     * the loop's next select.
     */
    void close() throws IOException {
        closed = true;
        try {
            if (registered && !loop.inLoop()) {
                deregister();
            }
            channel.close();
        } finally {
            Waiter.signal(in);
            Waiter.signal(out);
        }
    }

    /** Closes the channel of an operation that failed, adding what close throws to {@code failure}. */
    void closeAfter(Throwable failure) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Has the loop cancel the key and deregister it now, and waits for that, bounded; keeps the interrupt status. */
    private void deregister() {
        CountDownLatch done = new CountDownLatch(1);
        try {
            loop.execute(() -> {
                try {
                    if (key != null) {
                        loop.deregister(key);
                        key = null;
                    }
                } finally {
                    done.countDown();
                }
            });
        } catch (IOException e) {
            return; // no loop could start, so none holds a key of this channel
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + DEREGISTER_WAIT_NANOS;
        try {
            while (true) {
                try {
                    if (!done.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        LOG.log(Level.WARNING, () -> "the event loop did not release " + channel + " in time; it closes later");
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // an interrupted caller's close (§7.5) still waits for the release
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Adds {@code op} to the key's interest; on the loop thread. */
    private void arm(int op) {
        if (closed) {
            cancelled();
            return;
        }
        try {
            Selector selector = loop.selector();
            if (key == null || key.selector() != selector) {
                // First wait, or the loop stopped and started again with a new selector since the last one.
                key = channel.register(selector, op, this);
            } else {
                key.interestOps(key.interestOps() | op);
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            cancelled(); // closed meanwhile: the waiters find out when they look
        }
    }

    @Override
    public void ready(SelectionKey selected) {
        int readyOps = selected.readyOps();
        // One-shot interest: stop watching what has happened until a waiter asks again.
        selected.interestOps(selected.interestOps() & ~readyOps);
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            Waiter.signal(in);
        }
        if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            Waiter.signal(out);
        }
    }

    /** Called by the loop when the key turned out to be cancelled, so that nobody waits on it for ever. */
    @Override
    public void cancelled() {
        Waiter.signal(in);
        Waiter.signal(out);
    }

    @Override
    public String toString() {
        return "Readiness[" + channel + "]";
    }

    /** The one thread that may wait in a direction, and whether readiness came since it began to wait. */
    private static final class Waiter {
        volatile Thread thread;
        volatile boolean ready;

        /** Marks {@code waiter} ready and wakes its thread; nothing if no thread ever waited in that direction. */
        static void signal(Waiter waiter) {
            if (waiter == null) {
                return;
            }
            waiter.ready = true;
            Thread t = waiter.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
