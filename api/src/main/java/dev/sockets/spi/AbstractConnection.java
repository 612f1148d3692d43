package dev.sockets.spi;

import dev.sockets.Connection;
import dev.sockets.ConnectionResetException;
import dev.sockets.SocketClosedException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine of a connected stream socket, SPEC.md §5 to §7, written once for every
 * provider: a subclass says only how bytes move and how its caller waits.
 *
 * <h2>The shape</h2>
 * As in the JDK's {@code sun.nio.ch.NioSocketImpl}: the state is an ordered constant in one
 * volatile field; readers are serialized by a read lock and writers by a write lock, so one reader
 * and one writer run at once (§5.7); close and the shutdowns take a state lock. Every lock is a
 * {@link ReentrantLock}, so a virtual thread that waits for one is parked, never pinned. The read
 * timeout bounds the whole call, the wait for the read lock included: a reader queued behind
 * another that blocks does not wait past its own timeout. The write timeout does the same for a
 * writer (§9.6); once a write timed out, the connection writes no more (§9.7): the bytes of that
 * write may be partly on their way, and what follows them can no longer be known to be whole.
 *
 * <p>The state is tracked here, not inferred from the JDK's exceptions, whose types and words
 * differ between {@code java.net} and {@code java.nio}: after {@link #close()} every operation throws
 * {@link SocketClosedException} (§7.2), and so does a call that the close woke (§7.3), whatever the
 * JDK threw to wake it. End of stream stays −1 (§5.3), and a reset stays a reset (§5.5). A
 * direction counts as shut down only once {@code shutdown(2)} succeeded (§6.5). An interrupt of a
 * caller blocked in {@code read} or {@code write} closes the connection, and the caller gets
 * "Closed by interrupt" with its interrupt status kept (§7.5). Close never throws (§7.1).
 *
 * <h2>What a subclass supplies</h2>
 * <ul>
 *   <li>{@link #implRead}: one {@code read(2)} of at least one byte, waiting at most until a deadline;</li>
 *   <li>{@link #implWrite}: {@code write(2)} until every byte went, waiting at most until a deadline;</li>
 *   <li>{@link #implShutdownInput}, {@link #implShutdownOutput}: {@code shutdown(2)};</li>
 *   <li>{@link #implClose}: {@code close(2)}, which must wake every thread blocked in the socket;</li>
 *   <li>{@link #implGetOption}, {@link #implSetOption}: {@code getsockopt}, {@code setsockopt}.</li>
 * </ul>
 * Each is called with the lock it needs held, only while the connection is open, and may throw
 * whatever the JDK throws: translating it is done here, once ({@link Errors}).
 */
public abstract class AbstractConnection extends Lifecycle implements Connection {

    private static final VarHandle READ_LOCK = lockField(MethodHandles.lookup(), AbstractConnection.class, "readLock");
    private static final VarHandle WRITE_LOCK = lockField(MethodHandles.lookup(), AbstractConnection.class, "writeLock");
    /** The values of {@link #readEnd}. */
    private static final byte READING = 0;
    private static final byte END_OF_STREAM = 1;
    private static final byte RESET = 2;

    /**
     * Serializes readers; guards {@link #readEnd} and the subclass's read side. Made on
     * the first read ({@link #readLock()}): an event-driven connection never reads through this class.
     */
    private volatile ReentrantLock readLock;
    /**
     * Serializes writers, so that the bytes of two writes never interleave (§5.7); guards the subclass's write
     * side. Made on the first write ({@link #writeLock()}).
     */
    private volatile ReentrantLock writeLock;
    // Written under stateLock, read without it.
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;

    /**
     * How the read side ended: not yet ({@link #READING}), a read returned −1 ({@link #END_OF_STREAM}), a read found
     * the connection reset ({@link #RESET}); guarded by readLock. One byte for the two facts, not two booleans: it
     * keeps nio's connection at 56 bytes instead of 64, and a server may hold 10,000 of them.
     */
    private byte readEnd = READING;
    /** Whether a write timed out (§9.7); guarded by writeLock. */
    private boolean writeTimedOut;

    private final SocketAddress localAddress;
    private final SocketAddress remoteAddress;
    private final Limits limits;

    /**
     * The timeouts and the option table a connection is made with: the same for every connection a listener
     * accepts, so they share one (two longs and a reference less on each of a server's idle connections).
     */
    private record Limits(long readTimeoutNanos, long writeTimeoutNanos, SocketOptionSupport options) {
    }

    private static final Flyweight<Limits> LIMITS = new Flyweight<>((a, b) -> a.readTimeoutNanos == b.readTimeoutNanos
            && a.writeTimeoutNanos == b.writeTimeoutNanos && a.options == b.options);

    /**
     * Makes the state machine of a connection that is connected now.
     *
     * @param localAddress the local address, read now: {@code getsockname} fails after close, and §3.5 wants it then
     * @param remoteAddress the peer's address, likewise
     * @param readTimeout how long {@link #read} waits; ZERO for no limit (§9.1)
     * @param options the socket options this kind of connection supports (§10)
     */
    protected AbstractConnection(SocketAddress localAddress, SocketAddress remoteAddress, Duration readTimeout,
            SocketOptionSupport options) {
        this(localAddress, remoteAddress, readTimeout, Duration.ZERO, options);
    }

    /**
     * Makes the state machine of a connection that is connected now, with a write timeout.
     *
     * @param localAddress the local address, read now: {@code getsockname} fails after close, and §3.5 wants it then
     * @param remoteAddress the peer's address, likewise
     * @param readTimeout how long {@link #read} waits; ZERO for no limit (§9.1)
     * @param writeTimeout how long {@link #write} may take; ZERO for no limit (§9.6)
     * @param options the socket options this kind of connection supports (§10)
     */
    protected AbstractConnection(SocketAddress localAddress, SocketAddress remoteAddress, Duration readTimeout,
            Duration writeTimeout, SocketOptionSupport options) {
        this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
        this.limits = LIMITS.of(new Limits(Timeouts.nanos(readTimeout), Timeouts.nanos(writeTimeout),
                Objects.requireNonNull(options, "options")));
    }

    /**
     * Reads at least one byte into {@code dst}, which has room, POSIX {@code read(2)}: returns how
     * many, or −1 at end of stream. Waits at most until {@code deadline} (on the
     * {@link System#nanoTime()} clock, {@link Long#MAX_VALUE} for no limit), then throws a
     * {@link SocketTimeoutException} with any message; the connection must stay usable. Called
     * with the read lock held.
     *
     * @param dst the buffer to read into, from its position up to its limit; never full
     * @param deadline when to give up, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for no limit
     * @return the number of bytes read, at least 1, or −1 at end of stream
     * @throws SocketTimeoutException if no byte came by {@code deadline}
     * @throws IOException if the system call fails
     */
    protected abstract int implRead(ByteBuffer dst, long deadline) throws IOException;

    /**
     * Writes every remaining byte of {@code src}, POSIX {@code write(2)} until done, advancing its
     * position as bytes go (so that after a failure it tells how many went). Waits for room in the
     * send buffer at most until {@code deadline} (on the {@link System#nanoTime()} clock,
     * {@link Long#MAX_VALUE} for no limit), then throws a {@link SocketTimeoutException} with any
     * message; after that it is not called again on this connection (§9.7), so a model that must
     * leave a write in flight may (on bytes it copied: {@code src} is the caller's again). Called
     * with the write lock held, never with an empty buffer.
     *
     * @param src the bytes to write, from its position up to its limit; never empty
     * @param deadline when to give up, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for no limit
     * @throws SocketTimeoutException if not every byte went by {@code deadline}
     * @throws IOException if the system call fails
     */
    protected abstract void implWrite(ByteBuffer src, long deadline) throws IOException;

    /**
     * Writes what the send buffer takes of {@code src} now, without waiting: POSIX {@code send(2)} on a
     * non-blocking socket, once. Returns how many bytes went, advancing {@code src}'s position; 0 when the
     * buffer is full, and always 0 in a model whose writes can only block (the default). Called with the
     * read lock and the write lock held, so that no call of the connection's is in the socket meanwhile (a
     * model may switch the socket's mode for it: {@link ChannelConnection#writeWithoutWaiting}), never with an
     * empty buffer.
     *
     * @param src the bytes to write, from its position up to its limit; never empty
     * @return how many bytes went, 0 if none could go without waiting
     * @throws IOException if the system call fails
     */
    protected int implWriteNow(ByteBuffer src) throws IOException {
        return 0;
    }

    /**
     * POSIX {@code shutdown(fd, SHUT_RD)}; called with the state lock held, once it succeeded.
     *
     * @throws IOException if the system call fails
     */
    protected abstract void implShutdownInput() throws IOException;

    /**
     * POSIX {@code shutdown(fd, SHUT_WR)}; called with the state lock held, once it succeeded.
     *
     * @throws IOException if the system call fails
     */
    protected abstract void implShutdownOutput() throws IOException;

    /**
     * POSIX {@code close(2)}: releases the descriptor and wakes every thread blocked in the socket.
     * Called once, without any lock held ({@code close(2)} may linger, {@code SO_LINGER}). What it
     * throws is logged and dropped: close never fails (§7.1).
     *
     * @throws IOException if the system call fails; the descriptor is released nonetheless
     */
    protected abstract void implClose() throws IOException;

    /**
     * POSIX {@code getsockopt}; {@code option} is supported.
     *
     * @param <T> the type of the option's value
     * @param option the option, one of the supported ones
     * @return its value
     * @throws IOException if the system call fails
     */
    protected abstract <T> T implGetOption(SocketOption<T> option) throws IOException;

    /**
     * POSIX {@code setsockopt}; {@code option} is supported and {@code value} checked.
     *
     * @param <T> the type of the option's value
     * @param option the option, one of the supported ones
     * @param value its new value, valid for {@code option}
     * @throws IOException if the system call fails
     */
    protected abstract <T> void implSetOption(SocketOption<T> option, T value) throws IOException;

    /**
     * Wakes a reader blocked in {@link #implRead} after {@code shutdownInput}, for a model where
     * {@code shutdown(2)} does not (a thread parked until a selector reports readiness). It then
     * reads −1. By default nothing: a thread blocked in the kernel is woken by the kernel.
     */
    protected void implWakeReader() {
    }

    /** As {@link #implWakeReader()}, for a writer blocked in {@link #implWrite} after {@code shutdownOutput}. */
    protected void implWakeWriter() {
    }

    @Override
    public final int read(ByteBuffer dst) throws IOException {
        Arguments.readable(dst);
        long deadline = Timeouts.deadline(limits.readTimeoutNanos());
        ReentrantLock readLock = readLock();
        lock(readLock, deadline, Errors::readTimedOut);
        try {
            ensureOpen();
            if (!dst.hasRemaining()) {
                return 0; // §5.2
            }
            if (inputShutdown || readEnd == END_OF_STREAM) {
                return -1; // §5.3, §6.2
            }
            if (readEnd == RESET) {
                throw Errors.reset(null); // §5.5: a reset stays a reset
            }
            checkNotInterrupted();
            int n;
            try {
                n = implRead(dst, deadline);
            } catch (SocketTimeoutException e) {
                ensureOpen();
                throw withCause(Errors.readTimedOut(), e); // §9.1: the connection stays usable
            } catch (IOException e) {
                if (inputShutdown && isOpen()) {
                    return -1; // shutdownInput woke this reader
                }
                IOException failure = failure(e);
                if (failure instanceof ConnectionResetException) {
                    readEnd = RESET;
                }
                throw failure;
            }
            if (n < 0) {
                // A descriptor closed under a blocked reader may look like end of stream.
                ensureOpen();
                readEnd = END_OF_STREAM;
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public final void write(ByteBuffer src) throws IOException {
        Arguments.writable(src);
        long deadline = Timeouts.deadline(limits.writeTimeoutNanos());
        ReentrantLock writeLock = writeLock();
        lock(writeLock, deadline, Errors::writeTimedOut);
        try {
            ensureWritable();
            if (!src.hasRemaining()) {
                return; // §5.4
            }
            checkNotInterrupted();
            try {
                implWrite(src, deadline);
            } catch (SocketTimeoutException e) {
                ensureOpen();
                writeTimedOut = true;
                throw withCause(Errors.writeTimedOut(), e); // §9.6; the connection stays open (§9.7)
            } catch (IOException e) {
                throw writeFailure(e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes what the socket takes of {@code src} at once, never waiting: for the event style on a thread per
     * client ({@link ThreadedEvents}), whose callbacks write this way and hand only the rest to the writer
     * thread. Returns 0, writing nothing, if a {@link #read} or a {@link #write} is in progress on another
     * thread, if the send buffer is full, or if this model cannot write without blocking ({@link #implWriteNow}).
     *
     * @param src the bytes; its position advances by what went
     * @return how many bytes went
     * @throws IOException as {@link #write}: closed, output shut down, or the system call failed
     */
    public final int writeAvailable(ByteBuffer src) throws IOException {
        Arguments.writable(src);
        ReentrantLock readLock = readLock();
        if (!readLock.tryLock()) {
            return 0;
        }
        try {
            ReentrantLock writeLock = writeLock();
            if (!writeLock.tryLock()) {
                return 0;
            }
            try {
                ensureWritable();
                if (!src.hasRemaining()) {
                    return 0;
                }
                try {
                    return implWriteNow(src);
                } catch (IOException e) {
                    throw writeFailure(e);
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            readLock.unlock();
        }
    }

    private ReentrantLock readLock() {
        ReentrantLock lock = readLock;
        return lock != null ? lock : installLock(READ_LOCK, this);
    }

    private ReentrantLock writeLock() {
        ReentrantLock lock = writeLock;
        return lock != null ? lock : installLock(WRITE_LOCK, this);
    }

    /** Throws what a write throws before it writes: closed, output shut down (§6.3), or timed out before (§9.7). */
    private void ensureWritable() throws IOException {
        ensureOpen();
        if (outputShutdown) {
            throw Errors.outputShutdown(null); // §6.3
        }
        if (writeTimedOut) {
            throw Errors.writeTimedOut(); // §9.7: no byte after a gap of unknown length
        }
    }

    /** What a failed write's system call becomes: output shut down meanwhile (§6.3), or the failure translated. */
    private IOException writeFailure(IOException e) {
        if (!outputShutdown) {
            // shutdown(2) wakes a blocked writer (a broken pipe, or the JDK's asynchronous close of the channel)
            // before shutdownOutput, which holds the state lock around it, marks the direction shut: wait for it.
            ReentrantLock stateLock = stateLock();
            stateLock.lock();
            stateLock.unlock();
        }
        if (outputShutdown && isOpen()) {
            return Errors.outputShutdown(e);
        }
        return failure(e);
    }

    @Override
    public final void shutdownInput() throws IOException {
        ReentrantLock stateLock = stateLock();
        stateLock.lock();
        try {
            ensureOpen();
            if (inputShutdown) {
                return; // §6.2: again has no effect
            }
            shutdown(this::implShutdownInput);
            inputShutdown = true;
        } finally {
            stateLock.unlock();
        }
        implWakeReader();
    }

    @Override
    public final void shutdownOutput() throws IOException {
        ReentrantLock stateLock = stateLock();
        stateLock.lock();
        try {
            ensureOpen();
            if (outputShutdown) {
                return; // §6.1: again has no effect
            }
            shutdown(this::implShutdownOutput);
            outputShutdown = true;
        } finally {
            stateLock.unlock();
        }
        implWakeWriter();
    }

    @Override
    public final SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public final SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public final <T> T option(SocketOption<T> option) throws IOException {
        return readOption(limits.options(), option, this::implGetOption);
    }

    @Override
    public final <T> Connection option(SocketOption<T> option, T value) throws IOException {
        writeOption(limits.options(), option, value, this::implSetOption);
        return this;
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return limits.options().options();
    }

    @Override
    public final boolean isOpen() {
        return open();
    }

    /**
     * Closes the connection (§7.1): the first call marks it closed, so that every operation from
     * then on, and every thread the close wakes, reports {@link SocketClosedException}; then it
     * closes the descriptor. Never throws.
     */
    @Override
    public final void close() {
        closeOnce();
    }

    @Override
    final void closeDescriptor() throws IOException {
        implClose();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + Addresses.format(localAddress) + " -> "
                + Addresses.format(remoteAddress) + (isOpen() ? "" : ", closed") + "]";
    }

    /**
     * Throws {@link SocketClosedException} if this connection is closed (§7.2).
     *
     * @throws SocketClosedException "Socket closed", if {@link #close()} was called
     */
    protected final void ensureOpen() throws SocketClosedException {
        checkOpen();
    }

    /** Runs a {@code shutdown(2)}; {@code ENOTCONN} (the peer reset) leaves nothing to shut down (§6.5). */
    private void shutdown(IoAction action) throws IOException {
        try {
            action.run();
        } catch (IOException e) {
            if (!Errors.isNotConnected(e)) {
                throw failure(e);
            }
        }
    }

    /** A system call with nothing to return. */
    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
