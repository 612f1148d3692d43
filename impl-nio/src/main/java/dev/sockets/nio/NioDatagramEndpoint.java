package dev.sockets.nio;

import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.SocketClosedException;
import dev.sockets.nio.Readiness.Wake;
import dev.sockets.spi.Addresses;
import dev.sockets.spi.Arguments;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.net.BindException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A datagram endpoint over a non-blocking {@link DatagramChannel} owned by one {@link EventLoop}:
 * {@link #receive} tries {@code recvfrom(2)} and, while nothing is queued, waits for {@code OP_READ} parked, at
 * most the receive timeout; {@link #send} tries {@code sendto(2)} and waits for {@code OP_WRITE} only if the
 * send buffer had no room.
 *
 * <p>A connected endpoint ignores the ICMP "port unreachable" errors that Linux reports on the next call
 * ({@link PortUnreachableException}): UDP gives no delivery guarantee, and the other providers do not report
 * them either.
 */
final class NioDatagramEndpoint implements DatagramEndpoint {

    private final DatagramChannel channel;
    private final Readiness readiness;
    private final Domain domain;
    private final SocketAddress local;
    private final long receiveTimeoutNanos;

    /** Held by the one thread in {@link #receive}. */
    private final ReentrantLock readLock = new ReentrantLock();
    /** Held by the one thread in {@link #send}. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guards {@link #closed} and {@link #peer}. */
    private final ReentrantLock stateLock = new ReentrantLock();

    /** Written under stateLock. */
    private volatile boolean closed;
    /** The connected peer, or null; written under stateLock. */
    private volatile SocketAddress peer;

    private NioDatagramEndpoint(DatagramChannel channel, Readiness readiness, Domain domain, DatagramOptions options)
            throws IOException {
        this.channel = channel;
        this.readiness = readiness;
        this.domain = domain;
        this.local = channel.getLocalAddress();
        this.receiveTimeoutNanos = Timeouts.nanos(options.receiveTimeout());
    }

    /** Opens a non-blocking datagram socket of {@code domain}, sets its options and binds it (§11.1). */
    static NioDatagramEndpoint open(EventLoopGroup loops, Domain domain, SocketAddress address, DatagramOptions options)
            throws IOException {
        DatagramChannel channel = DatagramChannel.open(Families.of(domain));
        try {
            channel.configureBlocking(false);
            ChannelOptions.apply(channel, options.socketOptions(), domain.posixName() + " datagram sockets");
            try {
                channel.bind(address);
            } catch (BindException e) {
                throw Errors.addressInUse(address, e);
            }
            return new NioDatagramEndpoint(channel, new Readiness(channel, loops.next()), domain, options);
        } catch (IOException | RuntimeException e) {
            NioConnection.closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public void send(ByteBuffer src, SocketAddress target) throws IOException {
        Objects.requireNonNull(src, "src");
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
    public void send(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        Arguments.datagramPayload(domain, src);
        ensureOpen();
        SocketAddress connected = peer;
        if (connected == null) {
            throw new IllegalStateException("Not connected");
        }
        sendTo(src, connected);
    }

    private void sendTo(ByteBuffer src, SocketAddress target) throws IOException {
        writeLock.lock();
        try {
            boolean empty = !src.hasRemaining();
            for (;;) {
                ensureOpen();
                int n;
                try {
                    n = channel.send(src, target);
                } catch (PortUnreachableException e) {
                    continue; // the error of an earlier datagram, reported now and cleared; this one was not sent
                } catch (IOException e) {
                    throw failed(e);
                }
                // An empty datagram is sent with n == 0 too; UDP may drop it like any other if the buffer is full.
                if (n > 0 || empty) {
                    return;
                }
                if (readiness.await(SelectionKey.OP_WRITE, Long.MAX_VALUE) == Wake.INTERRUPTED) {
                    close();
                    throw new SocketClosedException("Closed by interrupt");
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        Arguments.readable(dst);
        readLock.lock();
        try {
            long deadline = 0;
            for (;;) {
                ensureOpen();
                SocketAddress from;
                try {
                    from = channel.receive(dst); // truncates a datagram longer than dst's space (§11.5)
                } catch (PortUnreachableException e) {
                    continue;
                } catch (IOException e) {
                    throw failed(e);
                }
                if (from != null) {
                    return from;
                }
                if (deadline == 0) {
                    deadline = receiveTimeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + receiveTimeoutNanos;
                }
                Wake wake = readiness.await(SelectionKey.OP_READ, deadline);
                ensureOpen();
                if (wake == Wake.TIMED_OUT) {
                    throw Errors.receiveTimedOut(); // §9.3
                }
                if (wake == Wake.INTERRUPTED) {
                    close();
                    throw new SocketClosedException("Closed by interrupt");
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void connect(SocketAddress target) throws IOException {
        Objects.requireNonNull(target, "peer");
        Arguments.peer(domain, target);
        stateLock.lock();
        try {
            ensureOpen();
            if (peer != null) {
                throw new IllegalStateException("Already connected");
            }
            try {
                channel.connect(target); // the kernel now filters what receive returns (§11.3)
            } catch (IOException e) {
                throw failed(e);
            }
            peer = target;
        } finally {
            stateLock.unlock();
        }
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public Optional<SocketAddress> remoteAddress() {
        return Optional.ofNullable(peer);
    }

    @Override
    public <T> T option(SocketOption<T> option) throws IOException {
        ensureOpen();
        try {
            return ChannelOptions.get(channel, option, what());
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public <T> DatagramEndpoint option(SocketOption<T> option, T value) throws IOException {
        ensureOpen();
        try {
            ChannelOptions.set(channel, option, value, what());
        } catch (IOException e) {
            throw failed(e);
        }
        return this;
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return channel.supportedOptions();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        stateLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            stateLock.unlock();
        }
        NioConnection.closeQuietly(channel);
        readiness.close();
    }

    private void ensureOpen() throws SocketClosedException {
        if (closed) {
            throw Errors.closed(); // §7.2
        }
    }

    private IOException failed(IOException e) {
        return closed ? new SocketClosedException("Socket closed", e) : Errors.translate(e);
    }

    private String what() {
        return domain.posixName() + " datagram sockets";
    }

    @Override
    public String toString() {
        return "NioDatagramEndpoint[" + Addresses.format(local) + (closed ? ", closed" : "") + "]";
    }
}
