package dev.sockets.spi;

import dev.sockets.SocketClosedException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What every socket of the core shares, whatever its kind: the open and closed states, close once
 * and never throw (§7.1), use after close (§7.2), an interrupt that closes (§7.5), the waits for a
 * call's lock bounded by the call's timeout, and the one translation of a failed system call.
 */
abstract class Lifecycle {

    static final System.Logger LOG = System.getLogger("dev.sockets.spi");

    private static final int ST_OPEN = 1;
    private static final int ST_CLOSED = 2;

    private static final VarHandle STATE_LOCK = lockField(MethodHandles.lookup(), Lifecycle.class, "stateLock");

    /**
     * Guards the transition of {@link #state} to closed, and the subclass's own state changes; made on first use
     * ({@link #stateLock()}).
     */
    private volatile ReentrantLock stateLock;

    // Written under stateLock, read without it.
    private volatile int state = ST_OPEN;

    /** Closes the descriptor and wakes every thread blocked in it; called once, no lock held. */
    abstract void closeDescriptor() throws IOException;

    /** Returns whether {@code close()} has not been called. */
    final boolean open() {
        return state < ST_CLOSED;
    }

    /** The close of §7.1: the first call marks the socket closed, then closes its descriptor; never throws. */
    final void closeOnce() {
        ReentrantLock stateLock = stateLock();
        stateLock.lock();
        try {
            if (state >= ST_CLOSED) {
                return;
            }
            state = ST_CLOSED;
        } finally {
            stateLock.unlock();
        }
        try {
            closeDescriptor();
        } catch (IOException | RuntimeException e) {
            // The descriptor is released whatever close(2) reports.
            LOG.log(Level.DEBUG, () -> "close failed on " + this, e);
        }
    }

    /** Returns the state lock, made on its first use. */
    final ReentrantLock stateLock() {
        ReentrantLock lock = stateLock;
        return lock != null ? lock : installLock(STATE_LOCK, this);
    }

    /**
     * Makes the lock of {@code slot}, a {@code volatile ReentrantLock} field of {@code owner} still null, and
     * returns the one that is there after: this one, or one that another thread installed first. A socket's
     * locks are made on their first use because many sockets never take some of them (an event-driven
     * connection neither its read lock nor its write lock), and each costs 48 bytes of heap for as long as
     * the socket lives: a server with 10,000 idle connections holds them all.
     */
    static ReentrantLock installLock(VarHandle slot, Object owner) {
        ReentrantLock made = new ReentrantLock();
        ReentrantLock there = (ReentrantLock) slot.compareAndExchange(owner, (ReentrantLock) null, made);
        return there == null ? made : there;
    }

    /** The handle of the {@code ReentrantLock} field {@code name} of {@code owner}, for {@link #installLock}. */
    static VarHandle lockField(MethodHandles.Lookup lookup, Class<?> owner, String name) {
        try {
            return lookup.findVarHandle(owner, name, ReentrantLock.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Throws "Socket closed" if the socket is closed (§7.2). */
    final void checkOpen() throws SocketClosedException {
        if (state >= ST_CLOSED) {
            throw Errors.closed();
        }
    }

    /**
     * Takes {@code lock} for a call that waits at most until {@code deadline}: a caller queued behind
     * another times out as its own call would (§9), and an interrupt while queued is an interrupt
     * of the call (§7.5).
     */
    final void lock(ReentrantLock lock, long deadline, Supplier<SocketTimeoutException> timedOut) throws IOException {
        try {
            if (deadline == Long.MAX_VALUE) {
                lock.lockInterruptibly();
            } else if (!lock.tryLock(Math.max(0, Timeouts.remaining(deadline)), TimeUnit.NANOSECONDS)) {
                checkOpen();
                throw timedOut.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
    }

    /** §7.5: a blocking call made with the interrupt status set closes the socket at once, before any I/O. */
    final void checkNotInterrupted() throws SocketClosedException {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(null);
        }
    }

    /** Closes the socket for an interrupted caller and returns what the call throws (§7.5). */
    final SocketClosedException interrupted(Throwable cause) {
        closeOnce();
        return Errors.closedByInterrupt(cause);
    }

    /**
     * Translates what the JDK threw into the taxonomy of §2.5. This side's state decides first: a
     * close is "Socket closed" whatever woke the thread, an interrupt that closed the socket is
     * "Closed by interrupt" (§7.5). If the JDK closed the descriptor by itself, the socket follows
     * it into the closed state.
     */
    final IOException failure(IOException e) {
        IOException translated = Errors.translate(e);
        if (!(translated instanceof SocketClosedException) && open()) {
            return translated;
        }
        if (Thread.currentThread().isInterrupted() || Errors.CLOSED_BY_INTERRUPT.equals(translated.getMessage())) {
            return interrupted(e);
        }
        closeOnce();
        return translated instanceof SocketClosedException ? translated : Errors.closed(e);
    }

    /** A subclass's hook that reads an option of its descriptor: {@code getsockopt(2)}. */
    interface OptionReader {
        <T> T get(SocketOption<T> option) throws IOException;
    }

    /**
     * §10.1 to §10.3 for every kind of socket: reads {@code option} with {@code reader} once the object
     * is known open (§7.2) and the option supported; a failure is translated as every other.
     */
    final <T> T readOption(SocketOptionSupport options, SocketOption<T> option, OptionReader reader) throws IOException {
        Objects.requireNonNull(option, "option");
        checkOpen();
        options.check(option);
        try {
            return reader.get(option);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** As {@link #readOption}, setting {@code option} to {@code value} (checked first, §10.3) with {@code writer}. */
    final <T> void writeOption(SocketOptionSupport options, SocketOption<T> option, T value, SocketOptionSupport.Target writer)
            throws IOException {
        SocketOptionSupport.checkValue(option, value);
        checkOpen();
        options.check(option);
        try {
            SocketOptionSupport.set(writer, option, value);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    static <E extends Throwable> E withCause(E e, Throwable cause) {
        e.initCause(cause);
        return e;
    }
}
