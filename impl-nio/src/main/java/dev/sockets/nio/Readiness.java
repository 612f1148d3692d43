package dev.sockets.nio;

import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a caller of a blocking-style method waits for its non-blocking channel to become ready: the bridge
 * between a parked thread and the {@link EventLoop} that owns the channel.
 *
 * <h2>How a wait goes</h2>
 * The caller has just tried the non-blocking operation and it could not proceed (a read or write returned 0,
 * an accept returned null, a connect is pending). {@link #await} then
 * <ol>
 *   <li>marks the caller as the waiter for that direction,</li>
 *   <li>hands the loop a task that adds the operation to the key's interest (registering the channel with the
 *       loop's selector the first time), which wakes the selector at most once for many such tasks, and</li>
 *   <li>parks the caller ({@link LockSupport#parkNanos}) until the loop {@linkplain #ready reports readiness},
 *       {@link #close()} wakes it, its deadline passes or it is interrupted.</li>
 * </ol>
 * Interest is one-shot: the loop removes an operation from the key's interest when it reports it, so a
 * socket whose send buffer has room again stops being watched for {@code OP_WRITE} until a write returns 0
 * once more, and nothing is reported that nobody waits for. A wake-up is a hint: the caller retries its
 * operation and waits again if it still cannot proceed.
 *
 * <p>There are two directions, each with at most one waiter, because the connection's read and write locks
 * (or the listener's accept lock) let one thread at a time wait in each: <em>in</em> for {@code OP_READ} and
 * {@code OP_ACCEPT}, <em>out</em> for {@code OP_WRITE} and {@code OP_CONNECT}. A reader and a writer of the same
 * connection wait at the same time on the one key.
 */
final class Readiness implements Selectable {

    /** How a wait ended. */
    enum Wake {
        /** The loop reported readiness, or the channel was closed or shut down: retry the operation. */
        READY,
        /** The deadline passed first. */
        TIMED_OUT,
        /** The waiting thread was interrupted; its interrupt status is still set. */
        INTERRUPTED
    }

    private final SelectableChannel channel;
    private final EventLoop loop;
    private final Waiter in = new Waiter();
    private final Waiter out = new Waiter();

    /** The channel's key in the loop's current selector, or null before the first wait; loop thread only. */
    private SelectionKey key;

    /** Set by {@link #close()}; a waiter checks it after each unpark. */
    private volatile boolean closed;

    /** Whether a wait ever handed the loop this channel, so that close knows whether the loop holds a key. */
    private volatile boolean registered;

    Readiness(SelectableChannel channel, EventLoop loop) {
        this.channel = channel;
        this.loop = loop;
    }

    /** Returns the loop that owns this channel. */
    EventLoop loop() {
        return loop;
    }

    /**
     * Parks the calling thread until {@code op} ({@code OP_READ}, {@code OP_WRITE}, {@code OP_ACCEPT} or
     * {@code OP_CONNECT}) may proceed, the channel is closed, or {@code deadline} (on the {@link System#nanoTime()}
     * clock; {@link Long#MAX_VALUE} for none) passes. Never busy-waits; returns at once if closed.
     *
     * @throws IOException if the loop had to start and could not open its selector
     * @throws IllegalStateException if called on the loop thread itself, which would deadlock it
     */
    Wake await(int op, long deadline) throws IOException {
        if (loop.inLoop()) {
            // The loop would wait for itself: nothing could ever report the readiness.
            throw new IllegalStateException("a blocking call on the event loop thread " + Thread.currentThread().getName());
        }
        Waiter waiter = waiterFor(op);
        Thread self = Thread.currentThread();
        waiter.ready = false;
        waiter.thread = self;
        try {
            if (closed) {
                return Wake.READY;
            }
            registered = true;
            loop.execute(() -> arm(op));
            for (;;) {
                if (waiter.ready || closed) {
                    return Wake.READY;
                }
                if (self.isInterrupted()) {
                    return Wake.INTERRUPTED;
                }
                if (deadline == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    long remaining = Timeouts.remaining(deadline);
                    if (remaining <= 0) {
                        return Wake.TIMED_OUT;
                    }
                    LockSupport.parkNanos(this, remaining);
                }
            }
        } finally {
            // An interest left armed by a timed-out wait costs one wake-up of the loop, when the channel is ready.
            waiter.thread = null;
        }
    }

    /**
     * Wakes the waiter of {@code op}'s direction without readiness, so that it re-checks the state of its
     * connection (used by shutdownInput and shutdownOutput).
     */
    void wake(int op) {
        waiterFor(op).signal();
    }

    /**
     * Wakes every waiter for good: they find the channel closed. Called after the channel is closed; the channel
     * close cancels the key, and the loop is woken so that its next select releases the key and, with it, the
     * descriptor (the JDK closes a registered channel's descriptor only when its key is deregistered).
     */
    void close() {
        closed = true;
        in.signal();
        out.signal();
        if (!registered) {
            return; // the channel was never registered, its descriptor is closed already
        }
        try {
            loop.execute(this::forget);
        } catch (IOException e) {
            // No loop could start, so none holds a key of this channel: its descriptor is closed already.
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

    /** Drops the key of a closed channel; on the loop thread. */
    private void forget() {
        key = null;
    }

    @Override
    public void ready(SelectionKey selected) {
        int readyOps = selected.readyOps();
        // One-shot interest: stop watching what has happened until a waiter asks again.
        selected.interestOps(selected.interestOps() & ~readyOps);
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            in.signal();
        }
        if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            out.signal();
        }
    }

    @Override
    public void cancelled() {
        in.signal();
        out.signal();
    }

    private Waiter waiterFor(int op) {
        return (op & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 ? in : out;
    }

    @Override
    public String toString() {
        return "Readiness[" + channel + "]";
    }

    /** The one thread that may wait in a direction, and whether readiness came since it began to wait. */
    private static final class Waiter {
        volatile Thread thread;
        volatile boolean ready;

        void signal() {
            ready = true;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
