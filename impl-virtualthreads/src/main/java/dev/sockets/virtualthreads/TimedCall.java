package dev.sockets.virtualthreads;

import dev.sockets.spi.ProviderThreads;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A timeout for a blocking call on a channel, without a {@link java.nio.channels.Selector}: the call runs on a
 * virtual thread of its own, and the caller waits for its result on a {@link Condition} for at most the
 * timeout. A caller that times out does not cancel the call: it stays in flight, and its result (bytes read,
 * a connection accepted, end of stream, or a failure) is handed to the next caller. Nothing is lost,
 * and the channel stays usable, as SPEC.md §9.1 and §9.2 require. Used where no {@code java.net} adaptor times
 * the call with a park: UNIX-domain reads and accepts.
 *
 * <h2>Why not a one-channel Selector used as poll(2)</h2>
 * Channels have no {@code SO_TIMEOUT}. A blocking-model provider can wait on a private selector,
 * but {@code Selector.select} on a virtual thread blocks its carrier (the JDK at best compensates with an extra
 * carrier, up to {@code jdk.virtualThreadScheduler.maxPoolSize}); ten handlers in timed reads would hold ten
 * carriers. Here both waits park: the call's virtual thread is parked by the JDK in the channel's blocking
 * read or accept, and the caller is parked in {@link Condition#awaitNanos}. The price is one short-lived virtual
 * thread per call that has to wait, and a copy of the bytes read (see {@link ReadAhead}).
 *
 * <h2>Threads</h2>
 * At most one call is in flight. {@link #await} may be called by any thread; callers are expected to be
 * serialized by their owner (the read lock of a connection, the accept lock of a listener), but concurrent
 * callers are safe: they share the one call. {@link #close()} is called by the owner after it closed the
 * channel, which ends the call in flight; a result nobody will claim is given to the discard action.
 *
 * <h2>Interrupts</h2>
 * A caller interrupted while it waits gets {@link ClosedByInterruptException}, as from a blocking channel, with
 * its interrupt status kept; the owner's state machine then closes the channel (§7.5), which ends the call.
 *
 * @param <T> the result of the call
 */
final class TimedCall<T> implements AutoCloseable {

    /** A blocking call on a channel. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws IOException;
    }

    /** A call in flight on behalf of a caller with a timeout: {@code sockets-virtualthreads-timed-n}. */
    private static final ThreadFactory THREADS = ProviderThreads.virtual(VirtualThreadSocketProvider.NAME, "timed");

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the call in flight completes, and on close. */
    private final Condition completed = lock.newCondition();
    /** What to do with a result that completed after {@link #close()}, or was never claimed: close a channel. */
    private final Consumer<? super T> discard;

    // All guarded by lock.
    private boolean inFlight;
    private boolean done;
    private T result;
    private IOException failure;
    private boolean closed;

    TimedCall(Consumer<? super T> discard) {
        this.discard = discard;
    }

    /**
     * Returns the result of the call in flight, or of {@code call} started now if none is; waits at most until
     * {@code deadline} (on the {@link System#nanoTime()} clock, {@link Long#MAX_VALUE} for no limit).
     *
     * @throws SocketTimeoutException if the call did not complete in time; it stays in flight, and its result
     *     goes to the next caller
     * @throws ClosedByInterruptException if the calling thread was interrupted while it waited
     * @throws AsynchronousCloseException if {@link #close()} was called
     * @throws IOException the call's failure
     */
    T await(Call<T> call, long deadline) throws IOException {
        lock.lock();
        try {
            if (!done && !inFlight && !closed) {
                inFlight = true;
                THREADS.newThread(() -> run(call)).start();
            }
            while (!done && !closed) {
                long remaining = Timeouts.remaining(deadline);
                if (remaining <= 0) {
                    throw new SocketTimeoutException();
                }
                if (deadline == Long.MAX_VALUE) {
                    completed.await();
                } else {
                    completed.awaitNanos(remaining);
                }
            }
            if (closed) {
                // the owner closed the channel, which ends the call in flight; a result it had is discarded
                throw new AsynchronousCloseException();
            }
            T value = result;
            IOException error = failure;
            done = false;
            result = null;
            failure = null;
            if (error != null) {
                throw error;
            }
            return value;
        } catch (InterruptedException e) {
            // as a blocking channel does when its caller is interrupted
            Thread.currentThread().interrupt();
            ClosedByInterruptException interrupted = new ClosedByInterruptException();
            interrupted.initCause(e);
            throw interrupted;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes every waiting caller, and discards a result that was not claimed. Called by the owner after it closed
     * the channel, which makes the call in flight fail; a call that completes after this is discarded as well.
     */
    @Override
    public void close() {
        T unclaimed;
        lock.lock();
        try {
            closed = true;
            unclaimed = result;
            done = false;
            result = null;
            failure = null;
            completed.signalAll();
        } finally {
            lock.unlock();
        }
        if (unclaimed != null) {
            discard.accept(unclaimed);
        }
    }

    private void run(Call<T> call) {
        T value = null;
        IOException error = null;
        try {
            value = call.call();
        } catch (IOException e) {
            error = e;
        } catch (RuntimeException | Error e) {
            error = new IOException(e);
        }
        boolean discarded;
        lock.lock();
        try {
            inFlight = false;
            discarded = closed;
            if (!closed) {
                done = true;
                result = value;
                failure = error;
            }
            completed.signalAll();
        } finally {
            lock.unlock();
        }
        if (discarded && value != null) {
            discard.accept(value);
        }
    }
}
