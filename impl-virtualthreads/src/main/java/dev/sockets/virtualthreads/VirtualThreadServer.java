package dev.sockets.virtualthreads;

import dev.sockets.ConnectionHandler;
import dev.sockets.ConnectionResetException;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketClosedException;
import dev.sockets.spi.ServerCounters;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server loop of POSIX on virtual threads: {@code while (1) { nv = accept(sv); do_operation(nv); }} where
 * every {@code do_operation} runs on a virtual thread of its own, and the loop itself runs on one too.
 *
 * <h2>Why the accept loop is a virtual thread</h2>
 * It blocks in {@code accept}, which parks a virtual thread as it parks a handler, and in the connection limit's
 * {@link Semaphore}, which parks too; it holds no carrier while it waits, and a server costs no platform thread
 * at all. So this provider starts no platform thread anywhere, which its tests check. The price: the loop shares
 * the carriers with the handlers, and handlers that compute without ever blocking could delay an accept; a
 * handler that blocks in I/O, the load this model is for, never does (§12.2).
 *
 * <h2>maxConnections</h2>
 * The loop takes a permit before it accepts and a connection gives it back when it is closed: with
 * {@code maxConnections} connections open the loop is parked before {@code accept}, and new clients wait in the
 * listen backlog (§12.3).
 *
 * <h2>Close</h2>
 * {@link #close()} closes the listener and stops the loop, waits up to {@code shutdownTimeout} for the handlers,
 * then closes the connections left (which wakes handlers blocked in them), interrupts their threads (which wakes
 * handlers blocked in anything else), and joins every thread of the server (§12.6).
 */
final class VirtualThreadServer implements Server {

    private static final System.Logger LOG = System.getLogger("dev.sockets.virtualthreads");
    private static final long MAX_ACCEPT_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final StreamListener listener;
    private final ConnectionHandler handler;
    private final Duration shutdownTimeout;
    private final ServerCounters counters = new ServerCounters();
    private final Semaphore permits;
    /** The handler thread of every connection not yet closed. */
    private final Map<Thread, StreamConnection> sessions = new ConcurrentHashMap<>();
    private final Thread acceptor;
    /** Serializes close(): a second caller returns when the first is done. */
    private final ReentrantLock closeLock = new ReentrantLock();
    /** False once close() began; read by the accept loop. */
    private volatile boolean open = true;
    /** Guarded by closeLock. */
    private boolean closed;

    private VirtualThreadServer(StreamListener listener, ConnectionHandler handler, ServerOptions options) {
        this.listener = listener;
        this.handler = handler;
        this.shutdownTimeout = options.shutdownTimeout();
        this.permits = new Semaphore(options.maxConnections());
        this.acceptor = VirtualThreads.ACCEPTORS.newThread(this::acceptLoop);
    }

    /** Starts serving on {@code listener}, bound and listening already; the loop takes it over. */
    static VirtualThreadServer start(StreamListener listener, ConnectionHandler handler, ServerOptions options) {
        VirtualThreadServer server = new VirtualThreadServer(listener, handler, options);
        server.acceptor.start();
        return server;
    }

    private void acceptLoop() {
        long backoff = TimeUnit.MILLISECONDS.toNanos(1);
        while (open) {
            try {
                permits.acquire();
            } catch (InterruptedException stop) {
                return;
            }
            StreamConnection connection;
            try {
                connection = listener.accept();
            } catch (IOException e) {
                permits.release();
                if (!open || e instanceof SocketClosedException) {
                    return;
                }
                // EMFILE, ENFILE, ENOBUFS: the next accept may succeed once resources are freed
                LOG.log(Level.WARNING, () -> "Accept failed on " + listener + "; retrying", e);
                if (!pause(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_ACCEPT_BACKOFF_NANOS);
                continue;
            }
            backoff = TimeUnit.MILLISECONDS.toNanos(1);
            counters.accepted();
            Thread thread = VirtualThreads.HANDLERS.newThread(() -> serve(connection));
            sessions.put(thread, connection);
            thread.start();
        }
    }

    /** Runs the handler on one connection, on its own virtual thread, then closes the connection (§12.1, §12.4). */
    private void serve(StreamConnection connection) {
        try {
            handler.handle(counters.counting(connection));
        } catch (Throwable t) {
            counters.handlerFailed();
            Level level = t instanceof ConnectionResetException || t instanceof SocketClosedException
                    ? Level.DEBUG
                    : Level.WARNING;
            LOG.log(level, () -> "Handler failed on " + connection + ": " + t, t);
        } finally {
            connection.close();
            counters.closed();
            sessions.remove(Thread.currentThread());
            permits.release();
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
        return open;
    }

    @Override
    public void close() {
        boolean interrupted = false;
        closeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            open = false;
            // Stop accepting at once: new clients are refused. The interrupt wakes a loop parked for a permit.
            listener.close();
            acceptor.interrupt();
            try {
                join(acceptor);
                // From here no session is added. Let the handlers finish, for up to shutdownTimeout.
                long deadline = Timeouts.deadline(shutdownTimeout);
                for (Thread thread : List.copyOf(sessions.keySet())) {
                    long remaining = Timeouts.remaining(deadline);
                    if (shutdownTimeout.isZero() || remaining <= 0 || !joined(thread, remaining)) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            // Close what is left: a handler blocked in its connection wakes with SocketClosedException, one blocked
            // in anything else with an interrupt.
            for (Map.Entry<Thread, StreamConnection> session : sessions.entrySet()) {
                session.getValue().close();
                if (session.getKey() != Thread.currentThread()) {
                    session.getKey().interrupt();
                }
            }
            if (!interrupted) {
                try {
                    for (Thread thread : List.copyOf(sessions.keySet())) {
                        join(thread);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            closeLock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for {@code thread} to end; a thread never waits for itself, as a handler that closes its server would. */
    private static void join(Thread thread) throws InterruptedException {
        if (thread != Thread.currentThread()) {
            thread.join();
        }
    }

    /** Waits at most {@code nanos} for {@code thread} to end, and returns whether it did. */
    private static boolean joined(Thread thread, long nanos) throws InterruptedException {
        return thread == Thread.currentThread() || thread.join(Duration.ofNanos(nanos));
    }

    private boolean pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return open;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Server[" + listener + ", " + counters.snapshot() + "]";
    }
}
