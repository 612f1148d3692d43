package dev.sockets.spi;

import dev.sockets.Domain;
import dev.sockets.RawEndpoint;
import dev.sockets.SocketClosedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine of a raw socket, SPEC.md §14 with §7 and §9.3, written once as the other
 * kinds are: a subclass does {@code sendto}, {@code recvfrom} and {@code close}.
 *
 * <p>Sends are serialized, and so are receives; the target's domain and the packet's size are
 * checked here before any system call; close once and never throw, use after close, a close or an
 * interrupt that wakes a receiver, and the receive timeout that leaves the endpoint usable are those
 * of every socket of the core.
 */
public abstract class AbstractRawEndpoint extends Lifecycle implements RawEndpoint {

    private final ReentrantLock receiveLock = new ReentrantLock();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Domain domain;
    private final int protocol;
    private final long receiveTimeoutNanos;
    private final SocketOptionSupport options;

    /**
     * Makes the state machine of a raw socket that is open now.
     *
     * @param domain {@link Domain#INET} or {@link Domain#INET6}
     * @param protocol the IP protocol number
     * @param receiveTimeout how long {@link #receive} waits; ZERO for no limit
     * @param options the socket options this kind of socket supports
     */
    protected AbstractRawEndpoint(Domain domain, int protocol, Duration receiveTimeout, SocketOptionSupport options) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.protocol = protocol;
        this.receiveTimeoutNanos = Timeouts.nanos(receiveTimeout);
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * POSIX {@code sendto}: the remaining bytes of {@code src} as one packet; called with the send lock held.
     *
     * @param src the packet, checked; on return it has nothing remaining
     * @param target where to send it, of this socket's domain
     * @throws IOException if the kernel refuses it
     */
    protected abstract void implSend(ByteBuffer src, InetAddress target) throws IOException;

    /**
     * POSIX {@code recvfrom}: waits at most until {@code deadline} (then throws a
     * {@link SocketTimeoutException}), copies as much of the next packet as fits into {@code dst},
     * and returns where it came from. Called with the receive lock held.
     *
     * @param dst where the packet goes, writable
     * @param deadline when to give up, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for no limit
     * @return the address the packet came from
     * @throws IOException if the wait times out, the socket is closed, or the kernel reports an error
     */
    protected abstract InetAddress implReceive(ByteBuffer dst, long deadline) throws IOException;

    /**
     * POSIX {@code close(2)}: releases the descriptor and wakes a thread blocked in receive; called once.
     *
     * @throws IOException if the descriptor cannot be released; logged, never thrown to the caller of close
     */
    protected abstract void implClose() throws IOException;

    /**
     * POSIX {@code getsockopt}; {@code option} is supported.
     *
     * @param <T> the type of the option's value
     * @param option the option
     * @return its value
     * @throws IOException if the kernel refuses
     */
    protected abstract <T> T implGetOption(SocketOption<T> option) throws IOException;

    /**
     * POSIX {@code setsockopt}; {@code option} is supported and {@code value} checked.
     *
     * @param <T> the type of the option's value
     * @param option the option
     * @param value its new value
     * @throws IOException if the kernel refuses
     */
    protected abstract <T> void implSetOption(SocketOption<T> option, T value) throws IOException;

    @Override
    public final Domain domain() {
        return domain;
    }

    @Override
    public final int protocol() {
        return protocol;
    }

    @Override
    public final void send(ByteBuffer src, InetAddress target) throws IOException {
        Objects.requireNonNull(target, "target");
        Arguments.writable(src);
        Arguments.peer(domain, new InetSocketAddress(target, 0));
        if (src.remaining() > MAX_PACKET) {
            throw new IllegalArgumentException("§14.3: packet too large: " + src.remaining() + " bytes, the most is " + MAX_PACKET);
        }
        lock(sendLock, Long.MAX_VALUE, Errors::receiveTimedOut);
        try {
            ensureOpen();
            checkNotInterrupted();
            try {
                implSend(src, target);
            } catch (IOException e) {
                throw failure(e);
            }
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public final InetAddress receive(ByteBuffer dst) throws IOException {
        Arguments.readable(dst);
        long deadline = Timeouts.deadline(receiveTimeoutNanos);
        lock(receiveLock, deadline, Errors::receiveTimedOut);
        try {
            ensureOpen();
            checkNotInterrupted();
            try {
                return implReceive(dst, deadline);
            } catch (SocketTimeoutException e) {
                ensureOpen();
                throw withCause(Errors.receiveTimedOut(), e); // §9.3: the endpoint stays usable
            } catch (IOException e) {
                throw failure(e);
            }
        } finally {
            receiveLock.unlock();
        }
    }

    @Override
    public final <T> T option(SocketOption<T> option) throws IOException {
        return readOption(options, option, this::implGetOption);
    }

    @Override
    public final <T> RawEndpoint option(SocketOption<T> option, T value) throws IOException {
        writeOption(options, option, value, this::implSetOption);
        return this;
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return options.options();
    }

    @Override
    public final boolean isOpen() {
        return open();
    }

    /** Closes the endpoint, waking a thread blocked in {@link #receive} (§7.1, §7.3). Never throws. */
    @Override
    public final void close() {
        closeOnce();
    }

    @Override
    final void closeDescriptor() throws IOException {
        implClose();
    }

    /**
     * Throws {@link SocketClosedException} if this endpoint is closed (§7.2).
     *
     * @throws SocketClosedException if it is closed
     */
    protected final void ensureOpen() throws SocketClosedException {
        checkOpen();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + domain.posixName() + " SOCK_RAW " + protocol + (isOpen() ? "" : ", closed") + "]";
    }
}
