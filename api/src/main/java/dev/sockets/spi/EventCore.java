package dev.sockets.spi;

import dev.sockets.EventConnection;
import dev.sockets.EventHandler;
import dev.sockets.WaterMarks;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * The state machine of an event-driven connection, SPEC.md §16, written once for every provider: the
 * order of the callbacks, the write queue and its water marks, pause and resume, the flush before a
 * shutdown or a graceful close, the one {@link EventHandler#onClose}, and a callback's exception that
 * closes its own connection only. A provider supplies only its model, a {@link Transport}: what the
 * connection's own thread is, how bytes are read and written, and how it is told to read, flush or close.
 *
 * <h2>The connection's context</h2>
 * Every callback, every change of the queue and every state change runs in the connection's
 * <em>context</em>: on its event loop's thread (nio), or holding its lock, on one of its two threads (a
 * thread per client, {@link ThreadedEvents}). {@link Transport#inContext()} says whether the caller is
 * in it; a method of {@link EventConnection} called from outside it hands its work to
 * {@link Transport#execute}, which runs tasks in order. So callbacks never run at once (§16.1), and
 * nothing here takes a lock of its own. What a caller outside the context must see at once is
 * volatile: {@link #pauseReading()} takes effect before it returns (§16.2), {@link #write} counts its
 * bytes in the queue before it returns (§16.4), and {@link #abort()} closes the descriptor before it returns.
 *
 * <h2>What the model calls, in the context</h2>
 * {@link #start()} once; {@link #received} with the bytes of each {@code read(2)} and
 * {@link #endOfInput()} at end of stream, while {@link #wantsToRead()}; {@link #head()} and
 * {@link #wrote} to flush the queue; {@link #failed} when a system call fails.
 *
 * <h2>Closing</h2>
 * Whatever ends the connection (a close after the flush, an abort, a failure, a callback's exception,
 * both directions at end of stream), it ends in one place, which calls {@link Transport#closeNow()},
 * then {@link EventHandler#onClose} once, then {@link Transport#released}; a close asked for inside a
 * callback happens when that callback returns, so that {@code onClose} comes last (§16.5). Nothing is
 * called after it: data, tasks and writes that come later are dropped or refused.
 */
public final class EventCore implements EventConnection {

    /**
     * A provider's model of an event-driven connection: its own thread, and its system calls. Every
     * method but {@link #execute}, {@link #inContext} and {@link #interrupt} is called in the context.
     */
    public interface Transport {
        /**
         * Runs {@code task} in the connection's context, after the tasks given before; from any thread.
         *
         * @param task what to run
         */
        void execute(Runnable task);

        /**
         * Returns whether the calling thread is in the connection's context now.
         *
         * @return true on the connection's own thread, holding the context
         */
        boolean inContext();

        /**
         * Starts or stops reading: {@code read(2)} only while {@link EventCore#wantsToRead()}.
         *
         * @param on whether to read
         */
        void reading(boolean on);

        /** The queue has bytes ({@link EventCore#head()}): write them when the socket can take them. */
        void flush();

        /**
         * Writes what the socket takes of {@code src} now without waiting, POSIX {@code write(2)} on a
         * non-blocking socket; returns 0 if the model cannot write without blocking (the bytes are then queued).
         *
         * @param src the bytes, never empty
         * @return how many bytes went
         * @throws IOException if the system call fails
         */
        int writeNow(ByteBuffer src) throws IOException;

        /**
         * POSIX {@code shutdown(fd, SHUT_WR)}, once the queue is empty.
         *
         * @throws IOException if the system call fails
         */
        void shutdownOutput() throws IOException;

        /** POSIX {@code close(2)}, once; wakes the model's threads, if it has any. Never throws. */
        void closeNow();

        /**
         * Closes the descriptor now from a thread outside the context, for {@link EventCore#abort()}:
         * a model whose thread may be blocked in {@code write(2)} closes it here, which wakes that
         * thread; one whose context never blocks does nothing (the abort's task does it).
         */
        void interrupt();

        /**
         * Called once, last, after {@link EventHandler#onClose}: the model releases what is left and
         * then runs {@code done}, which tells the owner (the server) that the connection is gone.
         *
         * @param done to run once nothing of the connection is left
         */
        void released(Runnable done);
    }

    /** Who counts and watches the connection: a server's counters, or nobody for a client. */
    public interface Observer {
        /**
         * Bytes read from the socket.
         *
         * @param bytes how many
         */
        void read(long bytes);

        /**
         * Bytes written to the socket.
         *
         * @param bytes how many
         */
        void written(long bytes);

        /**
         * The connection is gone: closed, its {@code onClose} called, its model released.
         *
         * @param handlerFailure the exception of a callback that closed it, if one did
         * @param closedWhenIdle whether it was closed by its {@link EventHandler#onIdle} or for being idle
         */
        void gone(Optional<Throwable> handlerFailure, boolean closedWhenIdle);

        /** Nobody: for a client's connection. */
        Observer NONE = new Observer() {
            @Override
            public void read(long bytes) {
            }

            @Override
            public void written(long bytes) {
            }

            @Override
            public void gone(Optional<Throwable> handlerFailure, boolean closedWhenIdle) {
            }
        };
    }

    private static final int OPEN = 0;
    /** A graceful close was asked for: the queue is flushed, then the descriptor closed. */
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(EventCore.class, "queued", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Shared shared;
    private final SocketAddress localAddress;
    private final SocketAddress remoteAddress;
    private final Observer observer;

    /**
     * What every connection of a server is driven with, shared by all of them (two references less on each of a
     * server's idle connections).
     */
    private record Shared(EventHandler handler, WaterMarks marks, System.Logger log) {
    }

    private static final Flyweight<Shared> SHARED = new Flyweight<>(
            (a, b) -> a.handler == b.handler && a.marks == b.marks && a.log == b.log);
    private Transport transport;

    // Written in the context; volatile where a caller outside it reads them.
    private volatile int phase = OPEN;
    private volatile boolean paused;
    /** write() refuses from now on: shutdownOutput or close was called. */
    private volatile boolean writesRefused;
    private volatile boolean outputShutdownAsked;
    /** A write returned false: onWritable is due once the queue falls to the low mark. */
    private volatile boolean overHigh;
    /** Set by abort() from outside the context, before its task runs. */
    private volatile boolean aborting;
    /**
     * Bytes queued, those a write outside the context has counted but not yet queued included; added to through
     * {@link #QUEUED} (a field, not an {@code AtomicLong}: 24 bytes less for each of a server's idle connections).
     */
    private volatile long queued;

    // In the context only.
    /** The bytes to write, oldest first; made on first need, so that an idle connection holds none. */
    private ArrayDeque<ByteBuffer> queue;
    /** Bytes read while paused (between a pause outside the context and the model stopping), delivered on resume. */
    private ByteBuffer held;
    private boolean started;
    private boolean inputEnded;
    /** End of stream read while paused or before held bytes went: onPeerShutdown is due on resume. */
    private boolean peerShutdownDue;
    private boolean outputShut;
    /**
     * How deep the callbacks running now nest (a callback's write or close that calls back). A short: two bytes
     * that keep the object at 72 bytes; 32,767 nested callbacks would overflow the thread's stack first.
     */
    private short callbackDepth;
    /** Why the connection ends, when it ended inside a callback: finished when the callback returns. */
    private boolean endDue;
    private Throwable endCause;
    private boolean endByHandler;
    private boolean inIdle;
    private volatile boolean closedWhenIdle;
    /** An onIdle was handed to the context and has not run yet. */
    private volatile boolean idlePending;

    /**
     * Makes the state machine of a connection that is connected now; {@link #bind} gives it its model.
     *
     * @param handler the callbacks
     * @param marks the write queue bounds
     * @param localAddress the local address
     * @param remoteAddress the peer's address
     * @param observer who counts what the connection reads and writes, and hears that it is gone
     * @param log where a failed {@code onClose} is logged
     */
    public EventCore(EventHandler handler, WaterMarks marks, SocketAddress localAddress, SocketAddress remoteAddress,
            Observer observer, System.Logger log) {
        this.shared = SHARED.of(new Shared(Objects.requireNonNull(handler, "handler"),
                Objects.requireNonNull(marks, "marks"), Objects.requireNonNull(log, "log")));
        this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Gives the connection its model; once, before {@link #start()}.
     *
     * @param transport the model
     * @return this
     */
    public EventCore bind(Transport transport) {
        if (this.transport != null) {
            throw new IllegalStateException("bound already");
        }
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    // ---- what the model calls, in the context ------------------------------------------------

    /** Calls {@link EventHandler#onOpen}, then starts reading unless paused; in the context, once. */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        if (phase == CLOSED) {
            return; // aborted before it started: onClose was called already
        }
        callback(() -> shared.handler().onOpen(this));
        if (phase == OPEN && !paused) {
            transport.reading(true);
        }
    }

    /**
     * Returns whether the model is to read now: not closed, started, not paused, input not at its end.
     *
     * @return whether to call {@code read(2)}
     */
    public boolean wantsToRead() {
        // Closing gracefully, it reads on and drops what comes: close(2) with unread bytes would send a
        // reset, which could destroy the last bytes written before they are read.
        return phase != CLOSED && started && !paused && !inputEnded && !aborting;
    }

    /**
     * Delivers the bytes of one {@code read(2)}: to {@link EventHandler#onData}, or kept for
     * {@link #resumeReading()} if reading was paused meanwhile (§16.2).
     *
     * @param data the bytes read, at least one; valid during this call only
     */
    public void received(ByteBuffer data) {
        observer.read(data.remaining());
        if (phase != OPEN || aborting) {
            return; // closing: what comes now is dropped
        }
        if (paused || held != null) {
            hold(data);
            transport.reading(false);
            return;
        }
        callback(() -> shared.handler().onData(this, data));
    }

    /** Delivers end of stream: {@link EventHandler#onPeerShutdown}, after the bytes held, if any. */
    public void endOfInput() {
        if (inputEnded) {
            return;
        }
        inputEnded = true;
        transport.reading(false);
        if (phase != OPEN || aborting) {
            return;
        }
        if (paused || held != null) {
            peerShutdownDue = true;
            return;
        }
        peerShutdown();
    }

    /**
     * Ends the connection after a failed system call: the queue is dropped, the descriptor closed, and
     * {@link EventHandler#onClose} gets {@code failure} translated (§2.5), unless this side was closing it anyway.
     *
     * @param failure what the system call threw
     */
    public void failed(Throwable failure) {
        Throwable cause = failure instanceof IOException io ? Errors.translate(io) : failure;
        end(aborting || phase == CLOSED ? null : cause, false);
    }

    /**
     * Returns the oldest queued bytes, to be written next, or null if the queue is empty.
     *
     * @return the head of the queue, its position at the first byte not yet written; or null
     */
    public ByteBuffer head() {
        return queue == null || phase == CLOSED ? null : queue.peekFirst();
    }

    /**
     * Returns the queued buffers, oldest first, for one gathering {@code writev(2)}; empty if none.
     *
     * @return the buffers of the queue
     */
    public ByteBuffer[] buffers() {
        return queue == null || phase == CLOSED ? new ByteBuffer[0] : queue.toArray(new ByteBuffer[0]);
    }

    /**
     * Takes note that {@code bytes} of the queue went to the socket (the buffers' positions advanced):
     * drops the buffers written in full, calls {@link EventHandler#onWritable} when the queue falls to
     * the low mark after a write said it was above the high one (§16.4), and once the queue is empty
     * shuts the output down or closes, if asked to (§16.3).
     *
     * @param bytes how many bytes the last write took
     */
    public void wrote(long bytes) {
        if (phase == CLOSED) {
            return;
        }
        if (bytes > 0) {
            observer.written(bytes);
            addQueued(-bytes);
        }
        while (queue != null && !queue.isEmpty() && !queue.peekFirst().hasRemaining()) {
            queue.pollFirst();
        }
        afterWrite();
    }

    // ---- EventConnection, from any thread ------------------------------------------------------

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        if (phase != OPEN || aborting) {
            throw Errors.closed();
        }
        if (writesRefused) {
            throw Errors.outputShutdown(null);
        }
        int n = src.remaining();
        if (n == 0) {
            return isWritable();
        }
        if (transport.inContext()) {
            if (queued == 0) {
                // Nothing queued: write at once what the socket takes, as Node does; only the rest is copied.
                int went;
                try {
                    went = transport.writeNow(src);
                } catch (IOException | RuntimeException e) {
                    failed(e);
                    throw Errors.closed(e);
                }
                if (went > 0) {
                    observer.written(went);
                }
                if (!src.hasRemaining()) {
                    return true;
                }
            }
            long now = addQueued(src.remaining());
            enqueue(copy(src));
            return below(now);
        }
        ByteBuffer copy = copy(src);
        long now = addQueued(copy.remaining());
        transport.execute(() -> {
            if (phase == CLOSED) {
                return;
            }
            enqueue(copy);
        });
        return below(now);
    }

    /** Adds {@code bytes} to the count of queued bytes, from any thread, and returns the new count. */
    private long addQueued(long bytes) {
        return (long) QUEUED.getAndAdd(this, bytes) + bytes;
    }

    @Override
    public long queuedBytes() {
        return Math.max(0, queued);
    }

    @Override
    public boolean isWritable() {
        return queued <= shared.marks().high();
    }

    @Override
    public void shutdownOutput() {
        if (phase != OPEN || outputShutdownAsked) {
            return;
        }
        outputShutdownAsked = true;
        writesRefused = true;
        inContext(this::shutdownWhenFlushed);
    }

    @Override
    public void close() {
        if (phase != OPEN) {
            return;
        }
        writesRefused = true;
        inContext(this::closeWhenFlushed);
    }

    @Override
    public void abort() {
        if (phase == CLOSED || aborting) {
            return;
        }
        aborting = true;
        writesRefused = true;
        if (transport.inContext()) {
            end(null, false);
        } else {
            transport.interrupt();
            transport.execute(() -> end(null, false));
        }
    }

    @Override
    public void pauseReading() {
        if (paused) {
            return;
        }
        paused = true;
        inContext(this::applyReading);
    }

    @Override
    public void resumeReading() {
        if (!paused) {
            return;
        }
        paused = false;
        inContext(this::applyReading);
    }

    @Override
    public boolean isReadingPaused() {
        return paused;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (phase == CLOSED) {
            return;
        }
        transport.execute(() -> {
            if (phase != CLOSED) {
                callback(task::run);
            }
        });
    }

    @Override
    public boolean isOpen() {
        return phase == OPEN && !aborting;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    // ---- what the owner (a server) calls, from any thread -------------------------------------

    /**
     * The connection was idle for the idle timeout (§16.7): calls {@link EventHandler#onIdle} in the
     * context. If the last such call has not run yet (the context is stuck, say in a {@code write(2)} to
     * a peer that reads nothing), aborts instead, counted as closed when idle.
     */
    public void idle() {
        if (phase == CLOSED) {
            return;
        }
        if (idlePending) {
            closedWhenIdleFromOutside();
            return;
        }
        idlePending = true;
        transport.execute(() -> {
            idlePending = false;
            if (phase != OPEN || aborting) {
                return;
            }
            inIdle = true;
            try {
                callback(() -> shared.handler().onIdle(this));
            } finally {
                inIdle = false;
            }
        });
    }

    /**
     * Returns whether the calling thread is in this connection's context now.
     *
     * @return true in a callback or task of this connection
     */
    public boolean inContext() {
        return transport != null && transport.inContext();
    }

    /**
     * Returns whether the connection ended: closed, its {@code onClose} called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return phase == CLOSED;
    }

    // ---- the state machine ---------------------------------------------------------------------

    private void closedWhenIdleFromOutside() {
        closedWhenIdle = true;
        abort();
    }

    private void applyReading() {
        if (phase != OPEN) {
            return;
        }
        if (paused) {
            transport.reading(false);
            return;
        }
        ByteBuffer kept = held;
        if (kept != null) {
            held = null;
            kept.flip();
            callback(() -> shared.handler().onData(this, kept));
            if (phase != OPEN || paused) {
                return;
            }
        }
        if (peerShutdownDue) {
            peerShutdownDue = false;
            peerShutdown();
            return;
        }
        if (!inputEnded) {
            transport.reading(true);
        }
    }

    private void peerShutdown() {
        callback(() -> shared.handler().onPeerShutdown(this));
        if (phase == OPEN && outputShut) {
            end(null, false); // both directions at their end: nothing more can happen
        }
    }

    private void enqueue(ByteBuffer bytes) {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        boolean wasEmpty = queue.isEmpty();
        queue.addLast(bytes);
        if (wasEmpty) {
            transport.flush();
        }
    }

    private void shutdownWhenFlushed() {
        if (phase != OPEN) {
            return;
        }
        afterWrite();
    }

    private void closeWhenFlushed() {
        if (phase != OPEN) {
            return;
        }
        phase = CLOSING;
        if (inIdle) {
            closedWhenIdle = true;
        }
        afterWrite();
    }

    /** Once the queue is empty: onWritable if due, then the shutdown or the close asked for. */
    private void afterWrite() {
        if (phase == CLOSED) {
            return;
        }
        boolean empty = queue == null || queue.isEmpty();
        if (overHigh && queued <= shared.marks().low() && phase == OPEN && callbackDepth == 0) {
            overHigh = false;
            callback(() -> shared.handler().onWritable(this));
            empty = queue == null || queue.isEmpty();
        }
        if (!empty || phase == CLOSED) {
            return;
        }
        if (outputShutdownAsked && !outputShut) {
            outputShut = true;
            try {
                transport.shutdownOutput();
            } catch (IOException | RuntimeException e) {
                failed(e);
                return;
            }
            if (inputEnded && !peerShutdownDue && phase == OPEN) {
                end(null, false);
                return;
            }
        }
        if (phase == CLOSING) {
            end(null, false);
        }
    }

    private boolean below(long queuedNow) {
        if (queuedNow > shared.marks().high()) {
            overHigh = true;
            return false;
        }
        return true;
    }

    private void hold(ByteBuffer data) {
        ByteBuffer kept = held;
        if (kept == null || kept.remaining() < data.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(data.remaining() + (kept == null ? 0 : kept.position()),
                    kept == null ? data.remaining() : kept.capacity() * 2));
            if (kept != null) {
                kept.flip();
                bigger.put(kept);
            }
            kept = bigger;
        }
        kept.put(data);
        held = kept;
    }

    private static ByteBuffer copy(ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        return copy;
    }

    /** Runs {@code action} in the context now if the caller is in it, else hands it to the context. */
    private void inContext(Runnable action) {
        if (transport.inContext()) {
            action.run();
        } else {
            transport.execute(action);
        }
    }

    /** A callback of the handler: what it throws ends the connection (§16.6), once it returned. */
    private void callback(Callback callback) {
        if (phase == CLOSED) {
            return;
        }
        callbackDepth++;
        try {
            callback.run();
        } catch (Throwable e) {
            if (!endDue || endCause == null) {
                endDue = true;
                endCause = e;
                endByHandler = true;
            }
        } finally {
            callbackDepth--;
        }
        if (callbackDepth == 0 && endDue) {
            Throwable cause = endCause;
            boolean byHandler = endByHandler;
            endDue = false;
            endCause = null;
            endByHandler = false;
            end(cause, byHandler);
        } else if (callbackDepth == 0 && overHigh && queued <= shared.marks().low()) {
            afterWrite(); // onWritable fell due during the callback: after it, never inside it
        }
    }

    /** The one way the connection ends: close(2), onClose once, then the model is released. */
    private void end(Throwable cause, boolean byHandler) {
        if (phase == CLOSED) {
            return;
        }
        if (callbackDepth > 0) {
            // Inside a callback: it returns first, so that onClose comes last (§16.5).
            if (!endDue) {
                endDue = true;
                endCause = cause;
                endByHandler = byHandler;
            }
            aborting = true;
            return;
        }
        phase = CLOSED;
        writesRefused = true;
        if (inIdle) {
            closedWhenIdle = true;
        }
        transport.reading(false);
        transport.closeNow();
        queue = null;
        held = null;
        queued = 0;
        Optional<Throwable> why = Optional.ofNullable(cause);
        try {
            shared.handler().onClose(this, why);
        } catch (Throwable e) {
            shared.log().log(Level.WARNING, "onClose failed on " + this, e);
        }
        Optional<Throwable> failure = byHandler ? why : Optional.empty();
        boolean idleClose = closedWhenIdle;
        transport.released(() -> observer.gone(failure, idleClose));
    }

    /** A callback, which may throw anything. */
    @FunctionalInterface
    private interface Callback {
        void run() throws Exception;
    }

    @Override
    public String toString() {
        return "EventConnection[" + Addresses.format(localAddress) + " -> " + Addresses.format(remoteAddress)
                + (phase == OPEN ? "" : phase == CLOSING ? ", closing" : ", closed") + "]";
    }
}
