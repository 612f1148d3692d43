package dev.sockets.spi;

import dev.sockets.Connection;
import dev.sockets.EventConnection;
import dev.sockets.EventHandler;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketProvider;
import dev.sockets.StreamOptions;
import dev.sockets.WaterMarks;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event-driven model of a provider with a thread per client (blocking, virtualthreads, posix):
 * {@link EventCore}'s {@link EventCore.Transport} on any blocking-style {@link Connection}, so that a
 * provider whose calls block gets the event style for free.
 *
 * <h2>Two threads and a lock</h2>
 * A connection has a <em>reader</em> thread, which blocks in {@code read(2)} and delivers what it
 * read, and a <em>writer</em> thread, which blocks in {@code write(2)} to flush the queue and runs the
 * tasks handed to the connection ({@link EventCore.Transport#execute}). The connection's context is
 * its lock: each thread holds it while it calls the core, and neither holds it in a system call, so
 * callbacks never run at once, and a peer that reads nothing stalls only the writer: the reader goes
 * on reading, and {@code write} says when the queue passed its high mark, as with a selector. While
 * reading is paused the reader waits on the lock's condition, not in {@code read(2)}. Both threads come
 * from the provider's factory (platform threads for blocking, virtual ones for virtualthreads).
 *
 * <p>A callback's write with nothing queued goes to the socket at once, with what the send buffer takes
 * without waiting ({@link AbstractConnection#writeAvailable}: posix's non-blocking {@code send(2)}; a JDK
 * channel switched to non-blocking mode for the one write, while the reader is in the callback and not in the
 * channel), so that an echo costs no hand-off to the writer; only the rest is the writer's, at the cost of a
 * wake-up of that thread.
 *
 * <p>{@code close(2)} wakes both: the reader's {@code read} and the writer's {@code write} fail with
 * {@link dev.sockets.SocketClosedException}, and each finds the connection ended when it next takes the
 * lock. The writer joins the reader, then reports the connection released: no thread is left then.
 */
public final class ThreadedEvents implements EventCore.Transport {

    /**
     * The most bytes one {@code read(2)} of an event-driven connection takes, in every model: the size of the
     * reader thread's own buffer here, and of the buffer an event loop shares among its connections (nio).
     */
    public static final int READ_BUFFER_BYTES = 8192;

    private final Connection connection;
    private final EventCore core;
    private final ReentrantLock context = new ReentrantLock();
    /** Signalled when the writer has something to do: a task, bytes to flush, the end. */
    private final Condition work = context.newCondition();
    /** Signalled when the reader may read again, or must end. */
    private final Condition readable = context.newCondition();
    /** Tasks for the context, oldest first; guarded by context. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private Thread reader;
    /** Run once by the writer, after the reader ended; guarded by context. */
    private Runnable done;

    private ThreadedEvents(Connection connection, EventCore core) {
        this.connection = connection;
        this.core = core;
    }

    /**
     * Drives {@code connection} with {@code core} on two threads of {@code threads}: starts them, and
     * returns. {@link dev.sockets.EventHandler#onOpen} runs on the writer thread first.
     *
     * @param connection the connected connection, which the model owns and closes from now on
     * @param core the connection's state machine, not yet bound
     * @param threads makes the reader and the writer thread
     * @return {@code core}, running
     * @throws RuntimeException if a thread cannot be started; {@code connection} is then closed and
     *     the core ended
     */
    public static EventCore start(Connection connection, EventCore core, ThreadFactory threads) {
        ThreadedEvents model = new ThreadedEvents(Objects.requireNonNull(connection, "connection"), core);
        core.bind(model);
        model.execute(core::start);
        Thread writer = threads.newThread(model::writeLoop);
        Thread reader = threads.newThread(model::readLoop);
        model.reader = reader;
        try {
            reader.start();
        } catch (RuntimeException | Error e) {
            model.abandon(e);
            throw e;
        }
        try {
            writer.start();
        } catch (RuntimeException | Error e) {
            model.abandon(e);
            closeQuietly(connection);
            joinQuietly(reader);
            throw e;
        }
        return core;
    }

    /**
     * The event style of any provider that has its own blocking-style connections and no model of its
     * own for events: listens with {@code provider}, then serves each connection on two virtual threads
     * named {@code sockets-<provider>-events-N}. What {@link SocketProvider#serveEvents} does by default.
     *
     * @param provider the provider that listens
     * @param local the address to listen on
     * @param handler the callbacks of each connection
     * @param options how to listen, how many at once, the shutdown and idle timeouts, the water marks
     * @return the running server
     * @throws IOException as {@link SocketProvider#listen}
     */
    public static Server serve(SocketProvider provider, SocketAddress local, EventHandler handler, ServerOptions options)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        ThreadFactory threads = ProviderThreads.virtual(provider.name(), "events");
        Listener listener = provider.listen(local, options.listenOptions().withAcceptTimeout(Duration.ZERO));
        return ServerLoop.startEvents(listener, handler, options, threads, (c, core) -> start(c, core, threads),
                System.getLogger("dev.sockets." + provider.name()));
    }

    /**
     * Connects with {@code provider}, then drives the connection event-driven on two virtual threads
     * named {@code sockets-<provider>-events-N}. What {@link SocketProvider#connectEvents} does by default.
     *
     * @param provider the provider that connects
     * @param remote where to connect
     * @param options the connect timeout and the socket options
     * @param waterMarks the write queue bounds
     * @param handler the callbacks
     * @return the connection, its {@code onOpen} due
     * @throws IOException as {@link SocketProvider#connect}
     */
    public static EventConnection connect(SocketProvider provider, SocketAddress remote, StreamOptions options,
            WaterMarks waterMarks, EventHandler handler) throws IOException {
        ThreadFactory threads = ProviderThreads.virtual(provider.name(), "events");
        return connect(provider.connect(remote, checked(options, waterMarks, handler)), waterMarks, handler,
                System.getLogger("dev.sockets." + provider.name()), (c, core) -> start(c, core, threads));
    }

    /**
     * Checks the arguments of a {@code connectEvents} before anything is opened.
     *
     * @param options the stream options
     * @param waterMarks the water marks
     * @param handler the handler
     * @return {@code options}
     * @throws NullPointerException naming the argument that is null (§2.1)
     */
    public static StreamOptions checked(StreamOptions options, WaterMarks waterMarks, EventHandler handler) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(waterMarks, "waterMarks");
        Objects.requireNonNull(handler, "handler");
        return options;
    }

    /**
     * Drives a client's connected {@code connection} event-driven with {@code model}; closes it if that fails.
     *
     * @param connection the connected connection
     * @param waterMarks the write queue bounds
     * @param handler the callbacks
     * @param log where a failed {@code onClose} is logged
     * @param model the provider's event model
     * @return the event-driven connection
     * @throws IOException if the model cannot drive it
     */
    public static EventConnection connect(Connection connection, WaterMarks waterMarks, EventHandler handler,
            System.Logger log, ServerLoop.EventModel model) throws IOException {
        EventCore core = new EventCore(handler, waterMarks, connection.localAddress(), connection.remoteAddress(),
                EventCore.Observer.NONE, log);
        try {
            model.start(connection, core);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(connection);
            throw e;
        }
        return core;
    }

    /** No writer could start: end the core in this thread, which then runs no callback but onClose. */
    private void abandon(Throwable e) {
        context.lock();
        try {
            tasks.clear();
            core.failed(e);
        } finally {
            context.unlock();
        }
        Runnable r = done;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void execute(Runnable task) {
        context.lock();
        try {
            tasks.addLast(task);
            work.signal();
        } finally {
            context.unlock();
        }
    }

    @Override
    public boolean inContext() {
        return context.isHeldByCurrentThread();
    }

    @Override
    public void reading(boolean on) {
        readable.signal();
    }

    @Override
    public void flush() {
        work.signal();
    }

    @Override
    public int writeNow(ByteBuffer src) throws IOException {
        // What the socket takes without waiting goes at once, where the model can write so (posix: a
        // non-blocking send(2)); the rest, and everything where it cannot, the writer thread writes.
        return connection instanceof AbstractConnection own ? own.writeAvailable(src) : 0;
    }

    @Override
    public void shutdownOutput() throws IOException {
        connection.shutdownOutput();
    }

    @Override
    public void closeNow() {
        closeQuietly(connection);
        readable.signal();
        work.signal();
    }

    @Override
    public void interrupt() {
        closeQuietly(connection); // wakes the writer out of write(2), and the reader out of read(2)
    }

    @Override
    public void released(Runnable done) {
        this.done = done;
        work.signal();
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
        for (;;) {
            context.lock();
            try {
                while (!core.wantsToRead()) {
                    if (core.isClosed() || !connection.isOpen()) {
                        return;
                    }
                    readable.awaitUninterruptibly();
                }
            } finally {
                context.unlock();
            }
            buffer.clear();
            int n;
            IOException failure = null;
            try {
                n = connection.read(buffer);
            } catch (SocketTimeoutException e) {
                continue; // a read timeout of the connection's options: the idle timeout is the event style's
            } catch (IOException e) {
                failure = e;
                n = 0;
            }
            context.lock();
            try {
                if (failure != null) {
                    core.failed(failure);
                    return;
                }
                if (n < 0) {
                    core.endOfInput();
                } else if (n > 0) {
                    buffer.flip();
                    core.received(buffer);
                }
                runTasks();
            } finally {
                context.unlock();
            }
        }
    }

    private void writeLoop() {
        context.lock();
        try {
            for (;;) {
                runTasks();
                if (core.isClosed()) {
                    break;
                }
                ByteBuffer head = core.head();
                if (head == null) {
                    work.awaitUninterruptibly();
                    continue;
                }
                int before = head.remaining();
                IOException failure = null;
                context.unlock();
                try {
                    connection.write(head);
                } catch (IOException e) {
                    failure = e;
                } finally {
                    context.lock();
                }
                if (failure != null) {
                    core.failed(failure);
                } else {
                    core.wrote(before - head.remaining());
                }
            }
        } finally {
            context.unlock();
        }
        closeQuietly(connection);
        joinQuietly(reader);
        Runnable r;
        context.lock();
        try {
            r = done;
        } finally {
            context.unlock();
        }
        if (r != null) {
            r.run();
        }
    }

    /** Runs the tasks queued now, in the context. */
    private void runTasks() {
        Runnable task;
        while ((task = tasks.pollFirst()) != null) {
            task.run();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            Lifecycle.LOG.log(System.Logger.Level.DEBUG, "close failed on " + connection, e);
        }
    }

    private static void joinQuietly(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        for (;;) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
