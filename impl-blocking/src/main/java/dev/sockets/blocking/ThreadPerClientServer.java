package dev.sockets.blocking;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.ConnectionResetException;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketClosedException;
import dev.sockets.spi.ProviderThreads;
import dev.sockets.spi.ServerCounters;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The POSIX server loop {@code while (1) { nv = accept(sv); do_operation(nv); close(nv); }} in the
 * classic thread-per-client design: one platform thread accepts ({@code sockets-blocking-accept-N}),
 * and each accepted connection gets a platform thread of its own ({@code sockets-blocking-handler-N})
 * that runs the handler, blocking in {@code read} and {@code write} as long as it likes (§12.1, §12.2).
 *
 * <h2>Limits</h2>
 * The accept thread takes a permit of a {@link Semaphore} of {@code maxConnections} before each
 * {@code accept}, and a handler thread gives it back after closing its connection; so while that many
 * connections are open the server does not call {@code accept}, and new clients wait in the listen
 * backlog (§12.3). Each connection costs a platform thread and its stack: simple and fast for tens or
 * hundreds of clients, heavy for tens of thousands.
 *
 * <h2>Failures</h2>
 * A handler's exception ends only its own connection: it is logged through {@link System.Logger}
 * ({@code dev.sockets.blocking}) at WARNING, or DEBUG for a peer that went away or a connection the
 * shutdown closed, and counted in {@link ServerStats#handlerFailures()} (§12.4).
 *
 * <h2>Shutdown</h2>
 * {@link #close()} closes the listener at once (waking the accept thread; new clients are refused),
 * waits up to {@code shutdownTimeout} for running handlers, closes the connections still open (waking
 * their handlers with {@link SocketClosedException}) and interrupts their threads, then joins every
 * thread of the server before it returns (§12.6, §13.2).
 */
final class ThreadPerClientServer implements Server {

    private static final Logger LOG = System.getLogger("dev.sockets.blocking");

    private static final ThreadFactory ACCEPT_THREADS =
            ProviderThreads.platform(BlockingSocketProvider.NAME, "accept");
    private static final ThreadFactory HANDLER_THREADS =
            ProviderThreads.platform(BlockingSocketProvider.NAME, "handler");

    /** The pause after an accept that failed for a reason other than close (say {@code EMFILE}), so the loop cannot spin. */
    private static final long ACCEPT_RETRY_MILLIS = 50;

    private final Listener listener;
    private final ConnectionHandler handler;
    private final Duration shutdownTimeout;
    private final ServerCounters counters = new ServerCounters();
    private final Semaphore permits;
    private final Thread acceptThread;
    /** The connections open now, as the server made them (not the counting views handlers get). */
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** The handler threads alive now; each removes itself when it ends. */
    private final Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean open = new AtomicBoolean(true);
    /** Held by the thread that closes, so that a second close waits for the first to finish. */
    private final ReentrantLock closeLock = new ReentrantLock();

    private ThreadPerClientServer(Listener listener, ConnectionHandler handler, ServerOptions options) {
        this.listener = listener;
        this.handler = handler;
        this.shutdownTimeout = options.shutdownTimeout();
        this.permits = new Semaphore(options.maxConnections());
        this.acceptThread = ACCEPT_THREADS.newThread(this::acceptLoop);
    }

    /**
     * Starts serving on {@code listener}, which is bound and listening already (so clients can connect
     * as soon as this returns) and has no accept timeout. The server owns the listener from now on.
     */
    static ThreadPerClientServer start(Listener listener, ConnectionHandler handler, ServerOptions options) {
        ThreadPerClientServer server = new ThreadPerClientServer(listener, handler, options);
        try {
            server.acceptThread.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            server.closeListener();
            throw e;
        }
        return server;
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
            } catch (IOException e) {
                permits.release();
                if (!open.get() || !listener.isOpen()) {
                    return;
                }
                LOG.log(Level.WARNING, () -> "accept failed on " + listener.localAddress() + "; retrying", e);
                if (!pauseAfterFailedAccept()) {
                    return;
                }
                continue;
            }
            serve(connection);
        }
    }

    /** Starts a handler thread for {@code connection}; the permit taken for it goes back when it closes. */
    private void serve(Connection connection) {
        counters.accepted();
        connections.add(connection);
        try {
            Thread thread = HANDLER_THREADS.newThread(() -> handle(connection));
            handlerThreads.add(thread);
            try {
                thread.start();
            } catch (Throwable e) {
                handlerThreads.remove(thread);
                throw e;
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            // No thread for this client (the system's thread limit): drop it, keep serving the others.
            counters.handlerFailed();
            LOG.log(Level.WARNING, () -> "no handler thread for " + connection.remoteAddress(), e);
            release(connection);
        }
    }

    private void handle(Connection connection) {
        try {
            handler.handle(counters.counting(connection));
        } catch (Throwable e) {
            counters.handlerFailed();
            LOG.log(quiet(e) ? Level.DEBUG : Level.WARNING,
                    () -> "handler failed on " + connection.remoteAddress() + ": " + e, e);
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        } finally {
            release(connection);
            handlerThreads.remove(Thread.currentThread());
        }
    }

    /** Closes {@code connection}, counts it closed, and gives its permit back; once per connection. */
    private void release(Connection connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "close failed on " + connection.remoteAddress(), e);
        } finally {
            if (connections.remove(connection)) {
                counters.closed();
                permits.release();
            }
        }
    }

    /** A peer that went away, or a connection this server's shutdown closed: no one to warn. */
    private static boolean quiet(Throwable e) {
        return e instanceof ConnectionResetException || e instanceof SocketClosedException;
    }

    /** Returns false if the server was closed during the pause. */
    private boolean pauseAfterFailedAccept() {
        try {
            Thread.sleep(ACCEPT_RETRY_MILLIS);
            return open.get();
        } catch (InterruptedException closing) {
            return false;
        }
    }

    /**
     * Stops the server as {@link Server#close()} says. A handler may call this too: the calling
     * thread does not wait for itself.
     */
    @Override
    public void close() {
        closeLock.lock();
        try {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            boolean interrupted = false;
            closeListener();
            // Wakes the accept thread if it waits for a permit or pauses after a failed accept.
            acceptThread.interrupt();
            interrupted |= !join(acceptThread, Long.MAX_VALUE);
            // No handler thread starts after the accept thread ended: the set is complete now.
            // A shutdown timeout of ZERO closes the connections at once (it is not "no limit" here).
            if (!interrupted && !shutdownTimeout.isZero()) {
                interrupted = !awaitHandlers(Timeouts.deadline(shutdownTimeout));
            }
            for (Connection connection : List.copyOf(connections)) {
                release(connection);
            }
            for (Thread thread : List.copyOf(handlerThreads)) {
                if (thread != Thread.currentThread()) {
                    // For a handler that waits on something other than its connection.
                    thread.interrupt();
                }
            }
            if (!interrupted) {
                interrupted = !awaitHandlers(Long.MAX_VALUE);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            closeLock.unlock();
        }
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, () -> "close failed on " + listener.localAddress(), e);
        }
    }

    /**
     * Joins the handler threads, except the calling one, until {@code deadline} (on the
     * {@link System#nanoTime()} clock, {@link Long#MAX_VALUE} for none). Returns false if interrupted.
     */
    private boolean awaitHandlers(long deadline) {
        for (Thread thread : List.copyOf(handlerThreads)) {
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

    /** Joins {@code thread} until {@code deadline} passes or it ends; returns false if interrupted. */
    private static boolean join(Thread thread, long deadline) {
        try {
            if (deadline == Long.MAX_VALUE) {
                thread.join();
            } else {
                long remaining = Timeouts.remaining(deadline);
                if (remaining > 0) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ThreadPerClientServer[" + listener.localAddress() + (isOpen() ? "" : ", closed") + "]";
    }
}
