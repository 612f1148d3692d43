package dev.sockets.nio;

import dev.sockets.spi.ThreadedEvents;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One selector and the platform thread that runs it: the event loop of the NIO provider.
 *
 * <h2>What runs here</h2>
 * The loop thread alone touches its {@link Selector}'s keys: it registers channels, changes their interest and
 * deregisters them in tasks that other threads hand it with {@link #execute}, and on readiness it calls the key's
 * {@link Readiness}, which unparks the thread waiting for that readiness. Nothing that runs here blocks.
 *
 * <h2>Wake-ups are coalesced</h2>
 * A task handed in from another thread must wake the selector out of {@code epoll_wait}; {@link Selector#wakeup()}
 * is a write to an eventfd, a system call. {@link #wakeupPending} makes it one call for any number of tasks
 * queued before the loop next goes to sleep: the loop clears the flag before it checks the queue and selects,
 * and a producer calls {@code wakeup()} only when it is the one to set the flag.
 *
 * <h2>Started lazily, stopped when idle</h2>
 * The thread starts with the first task and ends after it has been idle for {@link #LINGER_NANOS} (no
 * registered key, no task), closing its selector; the next task starts a new thread with a new
 * selector. So an idle loop holds no thread, and no selector descriptor (§13.4). While it has keys the loop
 * sleeps in {@code select()} without a timeout: an idle server costs no CPU.
 *
 * <p>The thread is a daemon platform thread (a selector on a virtual thread would pin its carrier) named
 * {@code sockets-nio-shared-loop-N}: it belongs to the provider, not to any one connection.
 */
final class EventLoop {

    private static final System.Logger LOG = NioSocketProvider.LOG;

    /** How long a loop with nothing to watch keeps its thread, so that a burst of short connections reuses it. */
    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int STOPPED = 0;
    private static final int RUNNING = 1;

    private final ThreadFactory threads;

    /** Tasks for the loop thread; any thread adds, the loop thread drains. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    /** Set by the producer that calls {@code wakeup()}, cleared by the loop before it selects: see the type's doc. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();

    /** STOPPED or RUNNING; only the thread that moves it to RUNNING starts a loop thread. */
    private final AtomicInteger state = new AtomicInteger(STOPPED);

    /** The selector of the running thread; written before that thread starts. */
    private volatile Selector selector;

    /** The running loop thread, or null. */
    private volatile Thread thread;

    /** The one read buffer of the loop's event-driven connections; made on first use, loop thread only. */
    private ByteBuffer readBuffer;

    /** The size of {@link #readBuffer()}: the core's, the same as a thread per client reads with. */
    static final int READ_BUFFER_BYTES = ThreadedEvents.READ_BUFFER_BYTES;

    EventLoop(ThreadFactory threads) {
        this.threads = threads;
    }

    /** Returns whether the calling thread is this loop's thread. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Returns the selector of this loop; only on the loop thread. */
    Selector selector() {
        assert inLoop();
        return selector;
    }

    /**
     * Returns the loop's read buffer, shared by every event-driven connection of the loop: a connection reads
     * into it and hands it to its handler, which may use it during the callback only. Direct, so that
     * {@code read(2)} and a {@code write(2)} of the same bytes copy nothing. Only on the loop thread.
     */
    ByteBuffer readBuffer() {
        assert inLoop();
        ByteBuffer buffer = readBuffer;
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
            readBuffer = buffer;
        }
        return buffer;
    }

    /**
     * Runs {@code task} on the loop thread, soon: starts the thread if it is not running, else wakes its
     * selector unless a wake-up is already pending.
     *
     * @throws IOException if the loop had to start and no selector could be opened
     */
    void execute(Runnable task) throws IOException {
        tasks.add(task);
        if (inLoop()) {
            return; // the loop drains the queue before it selects again
        }
        for (;;) {
            if (state.get() == RUNNING) {
                if (wakeupPending.compareAndSet(false, true)) {
                    // While a thread is starting, the field is null or the closed selector of the last thread, whose
                    // wakeup() does nothing: the new thread drains the queue before it first selects. A loop that
                    // is stopping sees the task when it re-checks the queue, see stopUnlessBusy().
                    Selector current = selector;
                    if (current != null) {
                        current.wakeup();
                    }
                }
                return;
            }
            if (state.compareAndSet(STOPPED, RUNNING)) {
                start(task);
                return;
            }
        }
    }

    /**
     * Cancels {@code key} and selects at once, so that the selector deregisters it now rather than in its next
     * select: the JDK releases a closed channel's descriptor only then. Only on the loop thread, between selects.
     */
    void deregister(SelectionKey key) {
        assert inLoop();
        key.cancel();
        try {
            selector.selectNow(this::dispatch);
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(Level.DEBUG, "deregistering a key failed", e);
        }
    }

    private void start(Runnable task) throws IOException {
        Selector opened;
        try {
            opened = Selector.open();
        } catch (IOException | RuntimeException e) {
            tasks.remove(task);
            state.set(STOPPED);
            throw e;
        }
        selector = opened;
        wakeupPending.set(false);
        Thread t = threads.newThread(() -> run(opened));
        thread = t;
        t.start();
    }

    private void run(Selector sel) {
        long idleSince = 0;
        try {
            for (;;) {
                // From here on a producer's task wakes the selector (see the type's doc).
                wakeupPending.set(false);
                long now = System.nanoTime();
                long timeout = Long.MAX_VALUE;
                boolean idle = tasks.isEmpty() && sel.keys().isEmpty();
                if (idle) {
                    if (idleSince == 0) {
                        idleSince = now;
                    } else if (now - idleSince >= LINGER_NANOS) {
                        if (stopUnlessBusy()) {
                            return;
                        }
                        idleSince = 0;
                        continue;
                    }
                    timeout = LINGER_NANOS - (now - idleSince);
                } else {
                    idleSince = 0;
                }
                select(sel, timeout);
                runTasks();
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "event loop " + Thread.currentThread().getName() + " failed", t);
            abandon(sel);
        } finally {
            closeQuietly(sel);
        }
    }

    /**
     * After the loop failed (which the JDK's selector does not do in practice): wakes every waiter of its keys,
     * which re-arm on a new selector, and hands queued tasks to a new thread.
     */
    private void abandon(Selector sel) {
        thread = null;
        state.set(STOPPED);
        try {
            for (SelectionKey key : sel.keys()) {
                ((KeyHandler) key.attachment()).cancelled();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "waking the waiters of a failed event loop failed", e);
        }
        if (!tasks.isEmpty()) {
            try {
                execute(() -> { });
            } catch (IOException e) {
                LOG.log(Level.ERROR, "restarting an event loop failed", e);
            }
        }
    }

    /** Selects with {@code timeoutNanos} (Long.MAX_VALUE: none), or selectNow if tasks are queued. */
    private void select(Selector sel, long timeoutNanos) throws IOException {
        try {
            if (!tasks.isEmpty() || timeoutNanos <= 0) {
                sel.selectNow(this::dispatch);
            } else if (timeoutNanos == Long.MAX_VALUE) {
                sel.select(this::dispatch);
            } else {
                // select() takes milliseconds; round up so that the linger is never cut short.
                sel.select(this::dispatch, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
            }
        } catch (ClosedSelectorException e) {
            throw new IOException("selector closed under its loop", e);
        }
    }

    private void dispatch(SelectionKey key) {
        KeyHandler target = (KeyHandler) key.attachment();
        try {
            if (key.isValid()) {
                target.ready(key);
            } else {
                target.cancelled();
            }
        } catch (CancelledKeyException e) {
            // Closed by another thread between the select and the callback.
            target.cancelled();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "readiness callback failed on " + target, e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "event loop task failed", e);
            }
        }
    }

    /**
     * Marks the loop stopped, unless a task came in meanwhile; returns true if this thread is to end. A producer
     * that saw RUNNING has queued its task before this re-check, and one that sees STOPPED starts a new thread.
     */
    private boolean stopUnlessBusy() {
        thread = null;
        state.set(STOPPED);
        if (!tasks.isEmpty() && state.compareAndSet(STOPPED, RUNNING)) {
            thread = Thread.currentThread();
            return false;
        }
        return true;
    }

    private static void closeQuietly(Selector sel) {
        try {
            sel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a selector failed", e);
        }
    }

    @Override
    public String toString() {
        Thread t = thread;
        return "EventLoop[" + (t == null ? "stopped" : t.getName()) + "]";
    }
}
