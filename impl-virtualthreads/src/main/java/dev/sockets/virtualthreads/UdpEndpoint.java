package dev.sockets.virtualthreads;

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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A UDP endpoint on a {@link DatagramSocket}: since JDK 21 its receive parks a virtual thread and honours
 * {@code SO_TIMEOUT} with a timed park. {@code DatagramSocket} keeps datagram boundaries and truncates a datagram
 * to the packet's length, discarding the rest, as {@code recvfrom} does (§11.5).
 *
 * <p>Senders are serialized by a send lock, receivers by a receive lock, connects by a connect lock, and
 * {@link #close()} takes a state lock, all {@link ReentrantLock}s. A direct buffer goes through a scratch array of the endpoint.
 */
final class UdpEndpoint implements DatagramEndpoint {

    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket socket;
    private final Domain domain;
    private final SocketAddress local;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    /**
     * Serializes connects. Not the state lock: the JDK's connect waits for a receiver blocked in the socket, and
     * close must still be able to wake that receiver.
     */
    private final ReentrantLock connectLock = new ReentrantLock();
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Written under stateLock. */
    private volatile boolean closed;
    /** Written under connectLock: the connected peer, or null. */
    private volatile SocketAddress peer;
    /** Guarded by sendLock. */
    private byte[] sendScratch;
    /** Guarded by receiveLock. */
    private byte[] receiveScratch;

    private UdpEndpoint(DatagramSocket socket, Domain domain) {
        this.socket = socket;
        this.domain = domain;
        this.local = socket.getLocalSocketAddress();
    }

    /**
     * Opens a datagram socket, sets its options, then binds: POSIX {@code socket(AF_*, SOCK_DGRAM, 0)},
     * {@code setsockopt}, {@code bind} (§11.1). Closes the socket on every failure (§13.1).
     */
    static UdpEndpoint open(InetSocketAddress local, Domain domain, DatagramOptions options) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            SocketOptions.checkSupported(options.socketOptions(), socket.supportedOptions(),
                    domain.posixName() + " SOCK_DGRAM endpoints");
            for (Map.Entry<SocketOption<?>, Object> e : options.socketOptions().entrySet()) {
                set(socket, e.getKey(), e.getValue());
            }
            socket.setSoTimeout(Timeouts.millis(options.receiveTimeout()));
            socket.bind(local);
            return new UdpEndpoint(socket, domain);
        } catch (BindException e) {
            socket.close();
            throw TcpListeningSocket.bindFailed(local, e);
        } catch (IOException e) {
            socket.close();
            throw Errors.translate(e);
        } catch (RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void send(ByteBuffer src, SocketAddress target) throws IOException {
        Arguments.datagramPayload(domain, src);
        Objects.requireNonNull(target, "target");
        Arguments.peer(domain, target);
        sendLock.lock();
        try {
            ensureOpen();
            SocketAddress connected = peer;
            if (connected != null && !connected.equals(target)) {
                throw new IllegalStateException("§11.3: connected to " + Addresses.format(connected)
                        + ", cannot send to " + Addresses.format(target));
            }
            sendTo(src, target);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public void send(ByteBuffer src) throws IOException {
        Arguments.datagramPayload(domain, src);
        sendLock.lock();
        try {
            ensureOpen();
            SocketAddress connected = peer;
            if (connected == null) {
                throw new IllegalStateException("Not connected");
            }
            sendTo(src, connected);
        } finally {
            sendLock.unlock();
        }
    }

    private void sendTo(ByteBuffer src, SocketAddress target) throws IOException {
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
            throw failed(e);
        }
        src.position(src.limit());
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        Arguments.readable(dst);
        receiveLock.lock();
        try {
            ensureOpen();
            int length = dst.remaining();
            DatagramPacket packet;
            if (dst.hasArray()) {
                packet = new DatagramPacket(dst.array(), dst.arrayOffset() + dst.position(), length);
            } else {
                if (receiveScratch == null) {
                    receiveScratch = new byte[MAX_DATAGRAM];
                }
                packet = new DatagramPacket(receiveScratch, 0, Math.min(length, MAX_DATAGRAM));
            }
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                ensureOpen();
                throw Errors.receiveTimedOut();
            } catch (IOException e) {
                throw failed(e);
            }
            if (dst.hasArray()) {
                dst.position(dst.position() + packet.getLength());
            } else {
                dst.put(receiveScratch, 0, packet.getLength());
            }
            return packet.getSocketAddress();
        } finally {
            receiveLock.unlock();
        }
    }

    @Override
    public void connect(SocketAddress peer) throws IOException {
        Objects.requireNonNull(peer, "peer");
        Arguments.peer(domain, peer);
        connectLock.lock();
        try {
            ensureOpen();
            if (this.peer != null) {
                throw new IllegalStateException("Already connected");
            }
            try {
                socket.connect(peer);
            } catch (IOException e) {
                throw failed(e);
            }
            this.peer = peer;
        } finally {
            connectLock.unlock();
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
        Objects.requireNonNull(option, "option");
        ensureOpen();
        SocketOptions.checkSupported(option, socket.supportedOptions(), domain.posixName() + " SOCK_DGRAM endpoints");
        try {
            return socket.getOption(option);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public <T> DatagramEndpoint option(SocketOption<T> option, T value) throws IOException {
        Objects.requireNonNull(option, "option");
        SocketOptions.checkValue(option, value);
        ensureOpen();
        SocketOptions.checkSupported(option, socket.supportedOptions(), domain.posixName() + " SOCK_DGRAM endpoints");
        try {
            socket.setOption(option, value);
            return this;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** Closes the socket once; a receiver blocked in it wakes with {@link SocketClosedException}. Never throws. */
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
        socket.close();
    }

    @Override
    public String toString() {
        return "DatagramEndpoint[" + Addresses.format(local) + (closed ? ", closed" : "") + "]";
    }

    private void ensureOpen() throws SocketClosedException {
        if (closed) {
            throw Errors.closed();
        }
    }

    private IOException failed(IOException e) {
        if (closed) {
            return new SocketClosedException("Socket closed", e);
        }
        IOException translated = Errors.translate(e);
        if (translated instanceof SocketClosedException) {
            close();
        }
        return translated;
    }

    private static <T> void set(DatagramSocket socket, SocketOption<T> option, Object value) throws IOException {
        socket.setOption(option, SocketOptions.cast(option, value));
    }
}
