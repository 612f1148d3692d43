package dev.sockets.blocking;

import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.SocketClosedException;
import dev.sockets.spi.Addresses;
import dev.sockets.spi.Arguments;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A UDP endpoint over IPv4 or IPv6 on a {@link java.net.DatagramSocket}: POSIX
 * {@code socket(AF_INET or AF_INET6, SOCK_DGRAM, 0)}, {@code setsockopt}, {@code bind}, then
 * {@code sendto}/{@code send}, {@code recvfrom} and {@code connect}.
 *
 * <p>{@code DatagramSocket} rather than a blocking {@code DatagramChannel}, because it is the
 * {@code java.net} socket of this provider's model and has what SPEC.md asks for without help:
 * {@code SO_TIMEOUT} for the receive timeout (after which it stays usable, §9.3), truncation of a
 * datagram longer than the buffer with the next one kept whole (§11.5), the filtering of a connected
 * socket (§11.3), and a {@code close()} that wakes a blocked {@code receive} (§7.3). As for streams,
 * the closed state is tracked here, so every operation after {@link #close()} throws
 * {@link SocketClosedException} (§7.2).
 *
 * <p>One thread may receive while another sends; receives are serialized, and so are sends.
 * {@link #connect} waits for a receive in progress to end, as the JDK's datagram socket does.
 */
final class UdpEndpoint implements DatagramEndpoint {

    private static final int ST_OPEN = 1;
    private static final int ST_CLOSED = 2;

    /** No datagram is larger than this, so no receive needs more room to copy through. */
    private static final int MAX_DATAGRAM = 65_536;

    /** Serializes receives; guards {@link #receiveScratch}. */
    private final ReentrantLock receiveLock = new ReentrantLock();
    /** Serializes sends; guards {@link #sendScratch}. */
    private final ReentrantLock sendLock = new ReentrantLock();
    /**
     * Serializes {@link #connect} and guards {@link #peer}. Not {@link #stateLock}: the JDK's connect
     * waits for a receive in progress, and {@link #close()} must not wait behind it.
     */
    private final ReentrantLock connectLock = new ReentrantLock();
    /** Guards the transition of {@link #state} to closed. */
    private final ReentrantLock stateLock = new ReentrantLock();

    // Written under stateLock (state) and connectLock (peer), read without them.
    private volatile int state = ST_OPEN;
    private volatile InetSocketAddress peer;

    private final DatagramSocket socket;
    private final Domain domain;
    private final SocketAddress localAddress;
    private byte[] receiveScratch;
    private byte[] sendScratch;

    private UdpEndpoint(DatagramSocket socket, Domain domain) {
        this.socket = socket;
        this.domain = domain;
        this.localAddress = socket.getLocalSocketAddress();
    }

    /**
     * Opens a datagram socket of {@code domain}, sets the socket options and the receive timeout,
     * then binds it to {@code local} (§11.1). Closes the socket on every failure (§13.1).
     *
     * @throws BindException "Address already in use: 127.0.0.1:4321"
     */
    static UdpEndpoint open(InetSocketAddress local, Domain domain, DatagramOptions options) throws IOException {
        SocketOptionSupport.udp().checkAll(options.socketOptions());
        DatagramSocket socket = new DatagramSocket(null);
        try {
            SocketOptionSupport.apply(options.socketOptions(), socket::setOption);
            socket.setSoTimeout(Timeouts.millis(options.receiveTimeout()));
            try {
                socket.bind(local);
            } catch (BindException e) {
                throw Errors.addressInUse(local, e);
            }
            return new UdpEndpoint(socket, domain);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void send(ByteBuffer src, SocketAddress target) throws IOException {
        Objects.requireNonNull(target, "target");
        Arguments.peer(domain, target);
        Arguments.datagramPayload(domain, src);
        ensureOpen();
        InetSocketAddress connected = peer;
        if (connected != null && !connected.equals(target)) {
            throw new IllegalStateException("§11.3: connected to " + Addresses.format(connected)
                    + ", cannot send to " + Addresses.format(target));
        }
        sendTo(src, (InetSocketAddress) target);
    }

    @Override
    public void send(ByteBuffer src) throws IOException {
        Arguments.datagramPayload(domain, src);
        ensureOpen();
        InetSocketAddress connected = peer;
        if (connected == null) {
            throw new IllegalStateException("Not connected");
        }
        sendTo(src, connected);
    }

    /** POSIX {@code sendto}: the remaining bytes of {@code src} as one datagram. */
    private void sendTo(ByteBuffer src, InetSocketAddress target) throws IOException {
        sendLock.lock();
        try {
            ensureOpen();
            int length = src.remaining();
            DatagramPacket packet;
            if (src.hasArray()) {
                packet = new DatagramPacket(src.array(), src.arrayOffset() + src.position(), length, target);
            } else {
                if (sendScratch == null) {
                    sendScratch = new byte[MAX_DATAGRAM];
                }
                src.get(src.position(), sendScratch, 0, length);
                packet = new DatagramPacket(sendScratch, 0, length, target);
            }
            try {
                socket.send(packet);
            } catch (IOException e) {
                throw failure(e);
            }
            src.position(src.limit());
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        Arguments.readable(dst);
        receiveLock.lock();
        try {
            ensureOpen();
            DatagramPacket packet;
            boolean direct = !dst.hasArray();
            if (direct) {
                if (receiveScratch == null) {
                    receiveScratch = new byte[MAX_DATAGRAM];
                }
                packet = new DatagramPacket(receiveScratch, 0, Math.min(dst.remaining(), MAX_DATAGRAM));
            } else {
                packet = new DatagramPacket(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            }
            try {
                // recvfrom(2): a datagram longer than the packet is truncated, its rest discarded (§11.5).
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                ensureOpen();
                SocketTimeoutException timedOut = Errors.receiveTimedOut();
                timedOut.initCause(e);
                throw timedOut;
            } catch (IOException e) {
                throw failure(e);
            }
            if (direct) {
                dst.put(receiveScratch, 0, packet.getLength());
            } else {
                dst.position(dst.position() + packet.getLength());
            }
            return packet.getSocketAddress();
        } finally {
            receiveLock.unlock();
        }
    }

    @Override
    public void connect(SocketAddress peer) throws IOException {
        Objects.requireNonNull(peer, "peer");
        connectLock.lock();
        try {
            ensureOpen();
            Arguments.peer(domain, peer);
            if (this.peer != null) {
                throw new IllegalStateException("Already connected");
            }
            try {
                socket.connect(peer);
            } catch (IOException e) {
                throw failure(e);
            }
            this.peer = (InetSocketAddress) peer;
        } finally {
            connectLock.unlock();
        }
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public Optional<SocketAddress> remoteAddress() {
        return Optional.ofNullable(peer);
    }

    @Override
    public <T> T option(SocketOption<T> option) throws IOException {
        Objects.requireNonNull(option, "option");
        ensureOpen();
        checkSupported(option);
        try {
            return socket.getOption(option);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public <T> DatagramEndpoint option(SocketOption<T> option, T value) throws IOException {
        SocketOptionSupport.checkValue(option, value);
        ensureOpen();
        checkSupported(option);
        try {
            socket.setOption(option, value);
        } catch (IOException e) {
            throw failure(e);
        }
        return this;
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        try {
            return SocketOptionSupport.udp().options();
        } catch (IOException e) {
            // The probe ran when this endpoint was opened; it cannot fail now.
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean isOpen() {
        return state < ST_CLOSED;
    }

    /** Closes the socket, waking a thread blocked in {@link #receive}. Idempotent (§7.1). */
    @Override
    public void close() {
        stateLock.lock();
        try {
            if (state >= ST_CLOSED) {
                return;
            }
            state = ST_CLOSED;
        } finally {
            stateLock.unlock();
        }
        socket.close();
    }

    @Override
    public String toString() {
        InetSocketAddress connected = peer;
        return "UdpEndpoint[local=" + localAddress + (connected == null ? "" : ", remote=" + connected)
                + (isOpen() ? "" : ", closed") + "]";
    }

    private void ensureOpen() throws SocketClosedException {
        if (state >= ST_CLOSED) {
            throw Errors.closed();
        }
    }

    private void checkSupported(SocketOption<?> option) throws IOException {
        SocketOptionSupport.Probe udp = SocketOptionSupport.udp();
        if (!udp.options().contains(option)) {
            throw udp.unsupported(option);
        }
    }

    /** As for streams: this side's close decides first, then the JDK's exception is translated (§2.5). */
    private IOException failure(IOException e) {
        if (state >= ST_CLOSED) {
            return new SocketClosedException("Socket closed", e);
        }
        return Errors.translate(e);
    }
}
