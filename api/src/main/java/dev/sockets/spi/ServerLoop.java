package dev.sockets.spi;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.EventHandler;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketClosedException;
import dev.sockets.WaterMarks;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The POSIX server loop {@code while (1) { nv = accept(sv); do_operation(nv); close(nv); }}, SPEC.md
 * §12, written once: one thread accepts, and each accepted connection gets a thread of its own that
 * runs the handler, blocking in {@code read} and {@code write} as long as it likes (§12.1, §12.2).
 * A provider chooses only what those threads are: platform threads (blocking), virtual threads
 * (virtualthreads, and nio, whose virtual threads park until its selector reports readiness).
 *
 * <h2>Limits</h2>
 * The accept thread takes a permit of a {@link Semaphore} of {@code maxConnections} before each
 * {@code accept}, and a connection gives it back when it is closed: while that many are open the
 * loop does not call {@code accept}, and new clients wait in the listen backlog (§12.3). There is no
 * pool: every connection up to the limit is served at once, whatever the others do.
 *
 * <h2>Failures</h2>
 * A handler's exception ends only its own connection: it is counted in
 * {@link ServerStats#handlerFailures()}, and by {@link FailureKind kind} (§12.4, §12.8). What a server
 * expects of its clients (a reset, a read or write timeout, a close by the shutdown) is logged at DEBUG
 * only; anything else at WARNING through a {@link RateLimitedLog}, at most one record a second (§12.9). The accept loop survives anything thrown in it, errors of logging included: a failed
 * accept ({@code EMFILE}, …) pauses accepting with one {@link AcceptBackoff back-off policy}, logged
 * once per episode, and accepting resumes as soon as descriptors are free.
 *
 * <h2>Shutdown</h2>
 * {@link #close()} closes the listener at once (new clients are refused, those in the backlog are
 * reset), waits up to {@code shutdownTimeout} for running handlers, closes the connections still
 * open (waking their handlers with {@link SocketClosedException}), interrupts their threads, then
 * joins every thread of the server before it returns (§12.6, §13.2). A handler may close its own
 * server: the calling thread does not wait for itself.
 *
 * <h2>Event-driven connections</h2>
 * {@link #startEvents} serves each connection with an {@link EventHandler} instead: the connection is
 * given to the provider's {@link EventModel} (a selector loop, or two threads of its own), with an
 * {@link EventCore} whose {@link EventCore.Observer} counts it and gives its permit back once it is gone.
 * On close, connections still open after {@code shutdownTimeout} are aborted, and close returns once
 * every one of them is gone. A callback's exception counts in {@link ServerStats#handlerFailures()}.
 *
 * <h2>Idle connections</h2>
 * With an idle timeout (§16.7), one more thread of the server, made by the accept thread's factory,
 * looks at every connection a few times per timeout: one that moved no byte for the timeout is closed
 * (blocking style: its handler's call fails with {@link SocketClosedException}, which counts as no
 * failure) or given to its handler's {@link EventHandler#onIdle} (event style), and counted in
 * {@link ServerStats#idleClosed()} when that closes it.
 */
public final class ServerLoop implements Server {

    /** How a provider runs an event-driven connection: the model around {@link EventCore}. */
    @FunctionalInterface
    public interface EventModel {
        /**
         * Runs {@code connection} event-driven with {@code core}: binds the core to the model's
         * transport and starts it ({@link EventCore#start()} in the connection's context); returns at once.
         *
         * @param connection the accepted connection, which the model owns and closes from now on
         * @param core the connection's state machine, not yet bound
         * @throws IOException if the connection cannot be driven (it is then closed, and the core ended)
         */
        void start(Connection connection, EventCore core) throws IOException;
    }

    /**
     * One connection the server holds, from its accept to its release: when it last moved a byte (for the idle
     * sweep), and for an event-driven one its core, whose observer this is. One object per connection, because a
     * server may hold 10,000 idle ones, and every byte here is paid 10,000 times: the connection itself is the
     * session's value in {@link #sessions}, not a field of it.
     */
    private final class Session implements EventCore.Observer {
        /** The event-driven state machine, or null for the blocking style; set before the session is shared. */
        EventCore core;
        volatile long lastActive = System.nanoTime();
        volatile boolean idleClosed;

        void touch() {
            lastActive = System.nanoTime();
        }

        @Override
        public void read(long bytes) {
            counters.read(bytes);
            touch();
        }

        @Override
        public void written(long bytes) {
            counters.written(bytes);
            touch();
        }

        @Override
        public void gone(Optional<Throwable> handlerFailure, boolean closedWhenIdle) {
            if (handlerFailure.isPresent()) {
                // As a blocking handler's (§12.8, §12.9): counted by kind, the expected ones at DEBUG only.
                Throwable e = handlerFailure.get();
                String message = "event handler failed on " + Addresses.format(core.remoteAddress()) + ": " + e;
                if (counters.handlerFailed(e).expected()) {
                    log(Level.DEBUG, message, e);
                } else {
                    warnings.log(Level.WARNING, message, e);
                }
            }
            if (closedWhenIdle) {
                counters.idleClosed();
            }
            release(this);
            eventConnectionGone();
        }
    }

    private final System.Logger log;
    private final Listener listener;
    private final ConnectionHandler handler;
    private final ThreadFactory handlerThreads;
    private final Duration shutdownTimeout;
    private final ServerCounters counters = new ServerCounters();
    private final Semaphore permits;
    private final AcceptBackoff backoff;
    /** The handlers' unexpected failures, at most one record a second (§12.9). */
    private final RateLimitedLog warnings;
    private final Thread acceptThread;
    /**
     * The sessions of the connections open now, each with its connection as the listener made it (not the counting
     * view a handler gets): for the idle sweep, the events' shutdown, and the release that happens once per
     * connection.
     */
    private final Map<Session, Connection> sessions = new ConcurrentHashMap<>();
    /** The handler threads running a handler now; each removes itself when its connection is released. */
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
    /**
     * The handler threads that left {@link #handlers} and may not have ended yet: a thread is alive for a
     * moment after it removed itself, and close() joins these too, so that none outlives it (§13.2). Each
     * ending thread drops those that ended, so this holds only threads ending now.
     */
    private final Queue<Thread> ending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    /** Held by the thread that closes, so that a second close waits for the first to finish. */
    private final ReentrantLock closeLock = new ReentrantLock();
    /** The event handler and its model, or null for the blocking style. */
    private final EventHandler events;
    private final EventModel eventModel;
    private final WaterMarks waterMarks;
    /** ZERO for no idle timeout. */
    private final Duration idleTimeout;
    /** The idle sweep, or null. */
    private final Thread idleThread;
    /** Guards the count of event-driven connections not yet gone; signalled as each goes. */
    private final ReentrantLock goneLock = new ReentrantLock();
    private final Condition gone = goneLock.newCondition();
    private long eventConnections;

    private ServerLoop(Listener listener, ConnectionHandler handler, ServerOptions options,
            ThreadFactory acceptThreads, ThreadFactory handlerThreads, System.Logger log) {
        this(listener, handler, null, null, options, acceptThreads, handlerThreads, log);
    }

    private ServerLoop(Listener listener, ConnectionHandler handler, EventHandler events, EventModel eventModel,
            ServerOptions options, ThreadFactory acceptThreads, ThreadFactory handlerThreads, System.Logger log) {
        this.log = log;
        this.listener = listener;
        this.handler = handler;
        this.events = events;
        this.eventModel = eventModel;
        this.waterMarks = options.waterMarks();
        this.idleTimeout = options.idleTimeout();
        this.idleThread = idleTimeout.isZero() ? null : acceptThreads.newThread(this::sweepIdle);
        this.handlerThreads = handlerThreads;
        this.shutdownTimeout = options.shutdownTimeout();
        this.permits = new Semaphore(options.maxConnections());
        this.backoff = new AcceptBackoff(log, "server " + Addresses.format(listener.localAddress()));
        this.warnings = new RateLimitedLog(log);
        this.acceptThread = acceptThreads.newThread(this::acceptLoop);
    }

    /**
     * Starts serving on {@code listener}, which is bound and listening already (so clients can
     * connect as soon as this returns) and has no accept timeout. The server owns the listener from
     * now on, and closes it if it cannot start.
     *
     * @param listener the listener to accept on, bound and listening, with no accept timeout
     * @param handler what to do with each connection; may block
     * @param options how many connections at once (§12.3), how long to let handlers finish on close (§12.6)
     * @param acceptThreads makes the one thread that accepts
     * @param handlerThreads makes the thread of each connection, which runs {@code handler}
     * @param log where failures are logged: the provider's logger
     * @return the running server, accepting
     * @throws NullPointerException if an argument is null; {@code listener} is then closed, if given
     */
    public static Server start(Listener listener, ConnectionHandler handler, ServerOptions options,
            ThreadFactory acceptThreads, ThreadFactory handlerThreads, System.Logger log) {
        Objects.requireNonNull(listener, "listener");
        try {
            ServerLoop server = new ServerLoop(listener, Objects.requireNonNull(handler, "handler"),
                    Objects.requireNonNull(options, "options"), Objects.requireNonNull(acceptThreads, "acceptThreads"),
                    Objects.requireNonNull(handlerThreads, "handlerThreads"), Objects.requireNonNull(log, "log"));
            server.startThreads();
            return server;
        } catch (RuntimeException | Error e) {
            closeQuietly(listener, log);
            throw e;
        }
    }

    /**
     * Starts serving on {@code listener} as {@link #start}, with each connection event-driven: given
     * to {@code model} with an {@link EventCore} of {@code handler} (§16).
     *
     * @param listener the listener to accept on, bound and listening, with no accept timeout
     * @param handler the callbacks of each connection
     * @param options how many connections at once, the shutdown and idle timeouts, the water marks
     * @param acceptThreads makes the one thread that accepts, and the idle sweep's
     * @param model runs each accepted connection event-driven
     * @param log where failures are logged: the provider's logger
     * @return the running server, accepting
     * @throws NullPointerException if an argument is null; {@code listener} is then closed, if given
     */
    public static Server startEvents(Listener listener, EventHandler handler, ServerOptions options,
            ThreadFactory acceptThreads, EventModel model, System.Logger log) {
        Objects.requireNonNull(listener, "listener");
        try {
            ServerLoop server = new ServerLoop(listener, null, Objects.requireNonNull(handler, "handler"),
                    Objects.requireNonNull(model, "model"), Objects.requireNonNull(options, "options"),
                    Objects.requireNonNull(acceptThreads, "acceptThreads"), acceptThreads,
                    Objects.requireNonNull(log, "log"));
            server.startThreads();
            return server;
        } catch (RuntimeException | Error e) {
            closeQuietly(listener, log);
            throw e;
        }
    }

    private void startThreads() {
        acceptThread.start();
        if (idleThread != null) {
            try {
                idleThread.start();
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
        }
    }

    @Override
    public SocketAddress localAddress() {
        return listener.localAddress();
    }

    @Override
    public ServerStats stats() {
        return counters.snapshot();
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    private void acceptLoop() {
        while (open.get()) {
            try {
                permits.acquire();
            } catch (InterruptedException closing) {
                return;
            }
            Connection connection;
            try {
                connection = listener.accept();
            } catch (Throwable e) {
                // EMFILE, ENFILE, ENOBUFS, or an Error thrown by what the failure touched: the next
                // accept may succeed once resources are freed. Only a close ends the loop.
                permits.release();
                if (!open.get() || !listener.isOpen()) {
                    return;
                }
                if (!pause(backoff.failed(e))) {
                    return;
                }
                continue;
            }
            backoff.succeeded();
            serve(connection);
        }
    }

    /** Starts a handler thread for {@code connection}; the permit taken for it goes back when it closes. */
    private void serve(Connection connection) {
        counters.accepted();
        Session session = new Session();
        if (events != null) {
            // Before it is shared: the sweeps of close() and of the idle thread tell the styles apart by it.
            session.core = new EventCore(events, waterMarks, connection.localAddress(), connection.remoteAddress(),
                    session, log);
        }
        sessions.put(session, connection);
        if (!open.get()) {
            // close() may have swept the connections before this one was added.
            release(session);
            return;
        }
        if (events != null) {
            serveEvents(session, connection);
            return;
        }
        try {
            Thread thread = handlerThreads.newThread(() -> handle(session, connection));
            handlers.add(thread);
            try {
                thread.start();
            } catch (Throwable e) {
                handlers.remove(thread);
                throw e;
            }
        } catch (Throwable e) {
            // No thread for this client (the system's thread limit): drop it, keep serving the others.
            counters.handlerFailed();
            warnings.log(Level.WARNING, "no handler thread for " + Addresses.format(connection.remoteAddress()), e);
            release(session);
        }
    }

    /** Gives the session's connection to the event model; its permit goes back when the session hears it is gone. */
    private void serveEvents(Session session, Connection connection) {
        goneLock.lock();
        try {
            eventConnections++;
        } finally {
            goneLock.unlock();
        }
        try {
            eventModel.start(connection, session.core);
        } catch (Throwable e) {
            // No thread or no loop for this client: drop it, keep serving the others.
            warnings.log(Level.WARNING, "cannot serve " + Addresses.format(connection.remoteAddress())
                    + " event-driven", e);
            if (!session.core.isClosed()) {
                counters.handlerFailed();
                eventConnectionGone();
                release(session);
            }
        }
    }

    /** Counts an event-driven connection gone, for a close that waits until all are. */
    private void eventConnectionGone() {
        goneLock.lock();
        try {
            eventConnections--;
            gone.signalAll();
        } finally {
            goneLock.unlock();
        }
    }

    /** Looks at every connection a few times per idle timeout, and closes or reports those idle for it (§16.7). */
    private void sweepIdle() {
        long timeout = idleTimeout.toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), timeout / 8);
        while (open.get()) {
            try {
                TimeUnit.NANOSECONDS.sleep(period);
            } catch (InterruptedException closing) {
                return;
            }
            long now = System.nanoTime();
            for (Map.Entry<Session, Connection> entry : sessions.entrySet()) {
                Session session = entry.getKey();
                if (now - session.lastActive < timeout) {
                    continue;
                }
                session.lastActive = now; // the next report comes a timeout later, if it stays idle
                try {
                    if (session.core != null) {
                        session.core.idle();
                    } else if (!session.idleClosed) {
                        session.idleClosed = true;
                        counters.idleClosed();
                        entry.getValue().close(); // wakes the handler, which then ends
                    }
                } catch (Throwable e) {
                    warnings.log(Level.WARNING, "idle close failed on " + entry.getValue(), e);
                }
            }
        }
    }

    private void handle(Session session, Connection connection) {
        try {
            // Only the idle sweep needs to know when the connection last moved a byte: a clock read per call.
            handler.handle(idleThread == null ? counters.counting(connection) : counters.counting(connection, session::touch));
        } catch (Throwable e) {
            if (session.idleClosed) {
                return; // closed for being idle: counted as that, in the finally below released
            }
            // §12.8, §12.9: what a server expects of its clients is counted by kind and logged at DEBUG
            // only; anything else at WARNING, at most one record a second.
            if (counters.handlerFailed(e).expected()) {
                if (log.isLoggable(Level.DEBUG)) {
                    log(Level.DEBUG, "handler failed on " + Addresses.format(connection.remoteAddress()) + ": " + e, e);
                }
            } else {
                warnings.log(Level.WARNING, "handler failed on " + Addresses.format(connection.remoteAddress()) + ": " + e, e);
            }
        } finally {
            release(session);
            Thread self = Thread.currentThread();
            ending.add(self);
            handlers.remove(self);
            ending.removeIf(t -> t != self && !t.isAlive());
        }
    }

    /**
     * Closes the session's connection, counts it closed, and gives its permit back; once per connection: a session
     * released already has no connection in {@link #sessions} any more, and whoever took it out closed it.
     */
    private void release(Session session) {
        Connection connection = sessions.get(session);
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (Exception e) {
            log(Level.DEBUG, "close failed on " + connection, e);
        } finally {
            if (sessions.remove(session) != null) {
                counters.closed();
                permits.release();
            }
        }
    }

    /** Returns false if the server was closed during the pause (close unparks the accept thread). */
    private boolean pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left;
        while (open.get() && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
        return open.get();
    }

    private static void closeQuietly(Listener listener, System.Logger log) {
        try {
            listener.close();
        } catch (Exception e) {
            log.log(Level.DEBUG, "close failed on " + listener, e);
        }
    }

    private void log(Level level, String message, Throwable e) {
        try {
            log.log(level, message, e);
        } catch (Throwable loggingFailed) {
            // Out of descriptors, a logger may fail; serving must not.
        }
    }

    @Override
    public void close() {
        closeLock.lock();
        try {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            boolean interrupted = false;
            // Closing the listener wakes an accept in progress (§7.3); a permit wakes the accept thread if it waits
            // for one, and an unpark if it pauses after a failed accept. Never an interrupt: an accept that had
            // just taken a connection when the interrupt came throws ClosedByInterruptException, and the JDK's
            // channel then drops the accepted descriptor without closing it.
            closeQuietly(listener, log);
            if (permits.availablePermits() == 0) {
                // Only when the accept thread may wait for one: a semaphore of Integer.MAX_VALUE permits (§10.4)
                // with none taken has no room for one more.
                permits.release();
            }
            LockSupport.unpark(acceptThread);
            interrupted |= !join(acceptThread, Long.MAX_VALUE);
            // No handler thread starts after the accept thread ended: the set is complete now. A
            // shutdown timeout of ZERO closes the connections at once (it is not "no limit" here).
            if (!interrupted && !shutdownTimeout.isZero()) {
                long deadline = Timeouts.deadline(shutdownTimeout);
                interrupted = !awaitHandlers(deadline) || !awaitEventConnections(deadline);
            }
            if (idleThread != null) {
                idleThread.interrupt();
                interrupted |= !join(idleThread, Long.MAX_VALUE);
            }
            for (Session session : List.copyOf(sessions.keySet())) {
                if (session.core != null) {
                    session.core.abort(); // released when it is gone
                } else {
                    release(session);
                }
            }
            for (Thread thread : List.copyOf(handlers)) {
                if (thread != Thread.currentThread()) {
                    thread.interrupt(); // for a handler that waits on something other than its connection
                }
            }
            if (!interrupted) {
                interrupted = !awaitHandlers(Long.MAX_VALUE) || !awaitEventConnections(Long.MAX_VALUE);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            closeLock.unlock();
        }
    }

    /** Joins the handler threads but the calling one until {@code deadline}; returns false if interrupted. */
    private boolean awaitHandlers(long deadline) {
        List<Thread> threads = new ArrayList<>(handlers);
        threads.addAll(ending);
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            if (!join(thread, deadline)) {
                return false;
            }
            if (Timeouts.remaining(deadline) <= 0) {
                return true;
            }
        }
        return true;
    }

    /**
     * Waits until every event-driven connection is gone or {@code deadline} passes; returns false if
     * interrupted. A callback that closes its own server does not wait.
     */
    private boolean awaitEventConnections(long deadline) {
        if (ownConnection()) {
            // A callback closes its own server: on an event loop, waiting would stall the connections it serves.
            return true;
        }
        goneLock.lock();
        try {
            while (eventConnections > 0) {
                if (deadline == Long.MAX_VALUE) {
                    gone.await();
                } else {
                    long remaining = Timeouts.remaining(deadline);
                    if (remaining <= 0) {
                        return true;
                    }
                    gone.awaitNanos(remaining);
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        } finally {
            goneLock.unlock();
        }
    }

    /** Whether the calling thread is in the context of one of this server's event-driven connections. */
    private boolean ownConnection() {
        for (Session session : sessions.keySet()) {
            if (session.core != null && session.core.inContext()) {
                return true;
            }
        }
        return false;
    }

    /** Joins {@code thread} until {@code deadline} passes or it ends; returns false if interrupted. */
    private static boolean join(Thread thread, long deadline) {
        try {
            if (deadline == Long.MAX_VALUE) {
                thread.join();
            } else {
                long remaining = Timeouts.remaining(deadline);
                if (remaining > 0) {
                    thread.join(Duration.ofNanos(remaining));
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Server[" + Addresses.format(listener.localAddress()) + (isOpen() ? "" : ", closed") + ", " + stats() + "]";
    }
}
