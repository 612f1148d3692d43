package dev.sockets.nio;

import dev.sockets.ConnectionHandler;
import dev.sockets.ConnectionResetException;
import dev.sockets.Domain;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketClosedException;
import dev.sockets.spi.Addresses;
import dev.sockets.spi.ProviderThreads;
import dev.sockets.spi.ServerCounters;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server of the NIO provider: an event loop accepts, a bounded pool of workers runs the handlers.
 *
 * <h2>Accepting</h2>
 * The listening channel is registered with one loop for {@code OP_ACCEPT}. When it is ready the loop accepts
 * every queued client (up to a batch, to stay fair to the loop's other channels), hands each connection to the
 * next loop of the group, and submits its handler to the worker pool. While {@code maxConnections} are open
 * the loop stops watching {@code OP_ACCEPT}, and clients wait in the backlog (§12.3); the worker that closes a
 * connection asks the loop to watch again. When {@code accept(2)} fails, say out of descriptors, the loop stops
 * watching for a back-off and tries again ({@link AcceptBackoff}); the server stays up.
 *
 * <h2>Handlers</h2>
 * A handler runs on a worker thread {@code sockets-nio-worker-N}; its {@code read} and {@code write} park the
 * worker until the connection's loop reports readiness. The pool has a fixed number of threads, made when
 * needed and ended after a minute idle. A handler that waits holds its worker while it waits, so at most
 * {@code workers} handlers run at once: an accepted connection beyond that (counted as open) waits in the
 * pool's queue until a handler returns.
 *
 * <h2>Close</h2>
 * {@link #close()} closes the listening socket at once, lets the pool finish for up to the shutdown timeout,
 * then closes every connection left (which wakes their parked handlers with {@link SocketClosedException}),
 * interrupts the workers, and returns when every worker thread has ended (§12.6).
 */
final class NioServer implements Server, Selectable {

    private static final System.Logger LOG = System.getLogger("dev.sockets.nio");

    /** Accepts per readiness report, so that a flood of clients does not starve the loop's other channels. */
    private static final int ACCEPT_BATCH = 64;

    private final ServerSocketChannel listener;
    private final Domain domain;
    private final SocketAddress local;
    private final EventLoopGroup loops;
    private final EventLoop acceptLoop;
    private final ConnectionHandler handler;
    private final ServerOptions options;
    private final ServerCounters counters = new ServerCounters();
    private final ThreadPoolExecutor workers;
    private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
    private final Set<NioConnection> connections = ConcurrentHashMap.newKeySet();
    private final AcceptBackoff backoff;

    /** Connections accepted and not yet closed: what maxConnections bounds. */
    private final AtomicInteger active = new AtomicInteger();
    /** Whether the loop stopped watching OP_ACCEPT because maxConnections are open. */
    private volatile boolean pausedForLimit;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The listening channel's key; accepting loop only. */
    private SelectionKey key;
    /** Whether accepting is paused for a back-off; accepting loop only. */
    private boolean backingOff;

    private NioServer(ServerSocketChannel listener, Domain domain, EventLoopGroup loops, int workerCount,
            ConnectionHandler handler, ServerOptions options) throws IOException {
        this.listener = listener;
        this.domain = domain;
        this.local = listener.getLocalAddress();
        this.loops = loops;
        this.acceptLoop = loops.next();
        this.handler = handler;
        this.options = options;
        this.backoff = new AcceptBackoff(LOG, "server " + Addresses.format(local));
        ThreadFactory named = ProviderThreads.platform("nio", "worker");
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    // Kept until the server closes, to be joined; ended ones are dropped as new ones come.
                    workerThreads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
                    Thread t = named.newThread(task);
                    workerThreads.add(t);
                    return t;
                });
        this.workers.allowCoreThreadTimeOut(true);
    }

    /** Binds, listens and starts accepting; §12.1. */
    static NioServer start(EventLoopGroup loops, int workerCount, Domain domain, SocketAddress address,
            ConnectionHandler handler, ServerOptions options) throws IOException {
        ServerSocketChannel listener = NioListener.bind(domain, address, options.listenOptions());
        try {
            NioServer server = new NioServer(listener, domain, loops, workerCount, handler, options);
            server.acceptLoop.execute(server::register);
            return server;
        } catch (IOException | RuntimeException e) {
            NioListener.close(listener, domain);
            throw e;
        }
    }

    /** Registers the listening channel; on the accepting loop. */
    private void register() {
        if (closed.get()) {
            return;
        }
        try {
            key = listener.register(acceptLoop.selector(), SelectionKey.OP_ACCEPT, this);
        } catch (ClosedChannelException | CancelledKeyException e) {
            // closed meanwhile
        }
    }

    @Override
    public void ready(SelectionKey selected) {
        for (int i = 0; i < ACCEPT_BATCH && !closed.get(); i++) {
            if (active.get() >= options.maxConnections()) {
                pauseForLimit();
                return;
            }
            SocketChannel accepted;
            try {
                accepted = listener.accept();
            } catch (ClosedChannelException e) {
                return; // closing
            } catch (IOException e) {
                backOff(e);
                return;
            }
            if (accepted == null) {
                return;
            }
            backoff.succeeded();
            admit(accepted);
        }
    }

    @Override
    public void cancelled() {
        // The listening channel was closed: close() is under way.
    }

    /** Turns an accepted socket into a connection and gives its handler to the pool; on the accepting loop. */
    private void admit(SocketChannel accepted) {
        active.incrementAndGet();
        counters.accepted();
        NioConnection connection;
        try {
            connection = NioConnection.accepted(accepted, loops.next(), domain, options.listenOptions().connectionOptions());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not set up a connection accepted by server " + Addresses.format(local), e);
            released();
            return;
        }
        connections.add(connection);
        if (closed.get()) {
            // close() may have swept the connections before this one was added.
            connection.close();
        }
        try {
            workers.execute(new Serve(connection));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            finish(connection); // the pool is shut down: the server is closing
        }
    }

    /** Runs the handler of one connection on a worker, then closes the connection. */
    private final class Serve implements Runnable {
        private final NioConnection connection;

        Serve(NioConnection connection) {
            this.connection = connection;
        }

        @Override
        public void run() {
            try {
                handler.handle(counters.counting(connection));
            } catch (Throwable t) {
                counters.handlerFailed();
                LOG.log(isDisconnect(t) ? Level.DEBUG : Level.WARNING,
                        "handler failed on " + connection + " of server " + Addresses.format(local), t);
            } finally {
                finish(connection);
            }
        }
    }

    /** Closes a connection whose handler is done (or will never run) and frees its place. */
    private void finish(NioConnection connection) {
        connection.close();
        if (connections.remove(connection)) {
            released();
        }
    }

    /** One connection fewer; resumes accepting if the limit had stopped it. */
    private void released() {
        counters.closed();
        int now = active.decrementAndGet();
        if (pausedForLimit && now < options.maxConnections() && !closed.get()) {
            try {
                acceptLoop.execute(this::resumeAfterLimit);
            } catch (IOException e) {
                LOG.log(Level.ERROR, "could not resume accepting on server " + Addresses.format(local), e);
            }
        }
    }

    /** Stops watching OP_ACCEPT while maxConnections are open; on the accepting loop. */
    private void pauseForLimit() {
        pausedForLimit = true;
        interest(0);
        // A connection may have closed between the check and the flag: its worker saw no pause to lift.
        if (active.get() < options.maxConnections()) {
            resumeAfterLimit();
        }
    }

    private void resumeAfterLimit() {
        if (!pausedForLimit || active.get() >= options.maxConnections()) {
            return;
        }
        pausedForLimit = false;
        if (!backingOff) {
            interest(SelectionKey.OP_ACCEPT);
        }
    }

    /** Stops watching OP_ACCEPT for a back-off after a failed accept; on the accepting loop. */
    private void backOff(IOException e) {
        long delay = backoff.failed(e);
        backingOff = true;
        interest(0);
        acceptLoop.schedule(delay, () -> {
            backingOff = false;
            if (!pausedForLimit) {
                interest(SelectionKey.OP_ACCEPT);
            }
        });
    }

    private void interest(int ops) {
        if (key == null || closed.get()) {
            return;
        }
        try {
            key.interestOps(ops);
        } catch (CancelledKeyException e) {
            // closed meanwhile
        }
    }

    private static boolean isDisconnect(Throwable t) {
        return t instanceof ConnectionResetException || t instanceof SocketClosedException;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public ServerStats stats() {
        return counters.snapshot();
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // 1. Stop accepting at once: new clients are refused (§12.6).
        NioListener.close(listener, domain);
        try {
            acceptLoop.execute(() -> key = null); // wakes the loop, whose next select releases the descriptor
        } catch (IOException e) {
            // no loop holds the key
        }
        workers.shutdown();
        boolean interrupted = false;
        try {
            // 2. Let running handlers finish, for up to the shutdown timeout.
            long grace = saturatedNanos(options.shutdownTimeout());
            if (!workers.awaitTermination(grace, TimeUnit.NANOSECONDS)) {
                // 3. Close what is left: wakes parked handlers; interrupt the others.
                for (NioConnection c : connections) {
                    c.close();
                }
                List<Runnable> neverRun = workers.shutdownNow();
                for (Runnable r : neverRun) {
                    if (r instanceof Serve serve) {
                        finish(serve.connection);
                    }
                }
                workers.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            }
            // 4. Return when no thread of the server is left, not merely when the pool says it is done.
            for (Thread t : workerThreads) {
                t.join();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            for (NioConnection c : connections) {
                c.close();
            }
            workers.shutdownNow();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static long saturatedNanos(java.time.Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "NioServer[" + Addresses.format(local) + (closed.get() ? ", closed" : "") + "]";
    }
}
