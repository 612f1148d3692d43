package dev.sockets.spi;

import dev.sockets.DatagramEndpoint;
import dev.sockets.Domain;
import dev.sockets.SocketClosedException;
import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine of a datagram socket, SPEC.md §11 with §7 and §9.3, written once for every
 * provider: a subclass does {@code sendto}, {@code recvfrom}, {@code connect} and {@code close}.
 *
 * <p>Sends are serialized, and so are receives; {@link #connect} has a lock of its own (the JDK's
 * connect waits for a receive in progress, and {@link #close()} must not wait behind it). The
 * arguments are checked here before any system call: the target's domain (§2.3), the payload's
 * size (§11.4), the connected peer (§11.3). An ICMP port unreachable reported by the kernel for a
 * connected endpoint becomes "Port unreachable: &lt;peer&gt;", and the endpoint stays open (§11.6).
 */
public abstract class AbstractDatagramEndpoint extends Lifecycle implements DatagramEndpoint {

    /**
     * The most bytes one datagram can carry over any domain: the 16-bit length of UDP and IP, less
     * nothing. A receive never needs more room than this to copy a datagram through.
     */
    public static final int MAX_DATAGRAM = 65_535;

    /** Serializes receives; guards the subclass's receive side. */
    private final ReentrantLock receiveLock = new ReentrantLock();
    /** Serializes sends; guards the subclass's send side. */
    private final ReentrantLock sendLock = new ReentrantLock();
    /** Serializes {@link #connect} and guards {@link #peer}'s change. */
    private final ReentrantLock connectLock = new ReentrantLock();
    // Written under connectLock, read without it.
    private volatile SocketAddress peer;

    private final Domain domain;
    private final SocketAddress localAddress;
    private final long receiveTimeoutNanos;
    private final SocketOptionSupport options;

    /**
     * Makes the state machine of a datagram socket that is bound now.
     *
     * @param domain the socket's domain, which every target must have (§2.3)
     * @param localAddress the bound address, with its actual port (§11.1)
     * @param receiveTimeout how long {@link #receive} waits; ZERO for no limit (§9.3)
     * @param options the socket options this kind of socket supports
     */
    protected AbstractDatagramEndpoint(Domain domain, SocketAddress localAddress, Duration receiveTimeout,
            SocketOptionSupport options) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
        this.receiveTimeoutNanos = Timeouts.nanos(receiveTimeout);
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * POSIX {@code sendto}: the remaining bytes of {@code src} as one datagram to {@code target},
     * {@code src}'s position then at its limit. Called with the send lock held; the size is checked.
     *
     * @param src the payload, from its position up to its limit; no larger than the domain allows (§11.4)
     * @param target where to send it, an address of this endpoint's domain (§2.3)
     * @throws IOException if the system call fails
     */
    protected abstract void implSend(ByteBuffer src, SocketAddress target) throws IOException;

    /**
     * POSIX {@code recvfrom}: waits at most until {@code deadline} for the next datagram (then throws
     * a {@link SocketTimeoutException} with any message), copies as much of it as fits into
     * {@code dst} and discards the rest (§11.5), and returns the sender's address. Called with the
     * receive lock held. A connected endpoint returns only its peer's datagrams.
     *
     * @param dst the buffer to copy the datagram into, from its position up to its limit
     * @param deadline when to give up, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE} for no limit
     * @return the sender's address
     * @throws SocketTimeoutException if no datagram came by {@code deadline}
     * @throws IOException if the system call fails
     */
    protected abstract SocketAddress implReceive(ByteBuffer dst, long deadline) throws IOException;

    /**
     * POSIX {@code connect} on a datagram socket; called once, with the connect lock held.
     *
     * @param peer the only address to talk to from now on, of this endpoint's domain (§11.3)
     * @throws IOException if the system call fails
     */
    protected abstract void implConnect(SocketAddress peer) throws IOException;

    /**
     * POSIX {@code close(2)}: releases the descriptor and wakes a thread blocked in receive; called once.
     * What it throws is logged and dropped: close never fails (§7.1).
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

    @Override
    public final void send(ByteBuffer src, SocketAddress target) throws IOException {
        Objects.requireNonNull(target, "target");
        Arguments.peer(domain, target);
        Arguments.datagramPayload(domain, src);
        ensureOpen();
        SocketAddress connected = peer;
        if (connected != null && !connected.equals(target)) {
            throw new IllegalStateException("§11.3: connected to " + Addresses.format(connected)
                    + ", cannot send to " + Addresses.format(target));
        }
        sendTo(src, target);
    }

    @Override
    public final void send(ByteBuffer src) throws IOException {
        Arguments.datagramPayload(domain, src);
        ensureOpen();
        SocketAddress connected = peer;
        if (connected == null) {
            throw new IllegalStateException("§11.3: Not connected");
        }
        sendTo(src, connected);
    }

    private void sendTo(ByteBuffer src, SocketAddress target) throws IOException {
        lock(sendLock, Long.MAX_VALUE, Errors::receiveTimedOut);
        try {
            ensureOpen();
            checkNotInterrupted();
            try {
                implSend(src, target);
            } catch (IOException e) {
                throw failed(e);
            }
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public final SocketAddress receive(ByteBuffer dst) throws IOException {
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
                SocketTimeoutException timedOut = Errors.receiveTimedOut(); // §9.3: the endpoint stays usable
                timedOut.initCause(e);
                throw timedOut;
            } catch (IOException e) {
                throw failed(e);
            }
        } finally {
            receiveLock.unlock();
        }
    }

    @Override
    public final void connect(SocketAddress peer) throws IOException {
        Objects.requireNonNull(peer, "peer");
        Arguments.peer(domain, peer);
        connectLock.lock();
        try {
            ensureOpen();
            if (this.peer != null) {
                throw new IllegalStateException("§11.3: Already connected to " + Addresses.format(this.peer));
            }
            try {
                implConnect(peer);
            } catch (IOException e) {
                throw failed(e);
            }
            this.peer = peer;
        } finally {
            connectLock.unlock();
        }
    }

    @Override
    public final SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public final Optional<SocketAddress> remoteAddress() {
        return Optional.ofNullable(peer);
    }

    @Override
    public final <T> T option(SocketOption<T> option) throws IOException {
        return readOption(options, option, this::implGetOption);
    }

    @Override
    public final <T> DatagramEndpoint option(SocketOption<T> option, T value) throws IOException {
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
        try {
            implClose();
        } finally {
            Addresses.removeSocketFile(localAddress);
        }
    }

    @Override
    public String toString() {
        SocketAddress connected = peer;
        return getClass().getSimpleName() + "[" + Addresses.format(localAddress)
                + (connected == null ? "" : " -> " + Addresses.format(connected)) + (isOpen() ? "" : ", closed") + "]";
    }

    /**
     * Returns the domain of this endpoint.
     *
     * @return the domain it was bound in, which every peer and target must have (§2.3)
     */
    protected final Domain domain() {
        return domain;
    }

    /**
     * Throws {@link SocketClosedException} if this endpoint is closed (§7.2).
     *
     * @throws SocketClosedException "Socket closed", if {@link #close()} was called
     */
    protected final void ensureOpen() throws SocketClosedException {
        checkOpen();
    }

    /** §11.6: an ICMP port unreachable for a connected endpoint names its peer, and leaves it open. */
    private IOException failed(IOException e) {
        SocketAddress connected = peer;
        if (e instanceof PortUnreachableException && connected != null && isOpen()) {
            return Errors.portUnreachable(connected, e);
        }
        return failure(e);
    }
}
