package dev.sockets.posix;

import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.spi.AbstractDatagramEndpoint;
import dev.sockets.spi.Errors;
import dev.sockets.spi.SocketOptionSupport;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A datagram socket, {@code SOCK_DGRAM}, over IPv4, IPv6 or a UNIX-domain path: {@code sendto(2)} and
 * {@code recvfrom(2)} with {@code MSG_TRUNC}, which returns a datagram's real length when it did not
 * fit, so that the rest is known to be discarded (§11.5). The state machine and the argument checks
 * of §11 are the core's ({@link AbstractDatagramEndpoint}).
 *
 * <h2>UNIX-domain datagrams</h2>
 * What the JDK lacks (§11.8 to §11.10 of SPEC.md): an endpoint bound to a path sends to another path
 * and receives with the sender's path; the socket file is created by {@code bind} and removed on
 * close (by the core). Two things differ from UDP, because the kernel does them differently:
 * <ul>
 *   <li>A send to a path where no socket is bound fails at once, {@code ECONNREFUSED} or
 *       {@code ENOENT}: "Connection refused: /path" (UDP's datagram would be lost silently).</li>
 *   <li>A connected endpoint refuses strangers at their end: their send fails with {@code EPERM},
 *       "Operation not permitted: /path", where UDP drops the datagram at the receiver.</li>
 *   <li>A receiver whose queue is full ({@code net.unix.max_dgram_qlen} datagrams) makes a sender
 *       wait, as a stream would; the kernel tells no unconnected sender when there is room again
 *       ({@code poll} reports it writable all along), so the sender polls with a pause that grows
 *       from 1 ms to 50 ms.</li>
 * </ul>
 */
final class PosixDatagramEndpoint extends AbstractDatagramEndpoint {

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Descriptor socket;
    private final Errno.Call call;

    private PosixDatagramEndpoint(Descriptor socket, Domain domain, SocketAddress local, DatagramOptions options,
            SocketOptionSupport support) {
        super(domain, local, options.receiveTimeout(), support);
        this.socket = socket;
        this.call = domain == Domain.UNIX ? Errno.Call.UNIX_DATAGRAM : Errno.Call.INET_DATAGRAM;
    }

    /** {@code socket(AF_*, SOCK_DGRAM, 0)}, the options, {@code bind(2)}; closes the socket if any fails. */
    static PosixDatagramEndpoint open(SocketAddress local, Domain domain, DatagramOptions options) throws IOException {
        SocketOptionSupport support = PosixOptions.datagrams(domain);
        support.checkAll(options.socketOptions());
        Descriptor socket = Descriptor.open(SockAddr.family(local), Libc.SOCK_DGRAM, 0);
        try {
            SocketOptionSupport.apply(options.socketOptions(), new PosixConnection.Setter(socket, domain)::set);
            int r = socket.bind(local);
            if (r < 0) {
                throw Errors.bindFailed(local, Errno.exception(-r, Errno.Call.BIND, "bind"));
            }
            return new PosixDatagramEndpoint(socket, domain, socket.localAddress(), options, support);
        } catch (IOException | RuntimeException e) {
            socket.release();
            throw e;
        }
    }

    @Override
    protected void implSend(ByteBuffer src, SocketAddress target) throws IOException {
        MemorySegment from = MemorySegment.ofBuffer(src);
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            long n = socket.sendto(from, 0, target);
            if (n >= 0) {
                src.position(src.limit());
                return;
            }
            if (n != -Errno.EAGAIN) {
                throw failed((int) -n, "sendto", target);
            }
            socket.await(Libc.POLLOUT, Long.MAX_VALUE);
            if (call == Errno.Call.UNIX_DATAGRAM) {
                // poll said writable, which for an unconnected UNIX-domain sender it always does: pause
                // before the next try, parked, so that a close or an interrupt still ends the wait soon.
                LockSupport.parkNanos(this, pause);
                pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            }
        }
    }

    @Override
    protected SocketAddress implReceive(ByteBuffer dst, long deadline) throws IOException {
        return socket.receive(dst, deadline, errno -> failed(errno, "recvfrom", null));
    }

    @Override
    protected void implConnect(SocketAddress peer) throws IOException {
        int r = socket.connect(peer);
        if (r < 0) {
            throw failed(-r, "connect", peer);
        }
    }

    /** A failed call, worded with the address when it concerns one (a UNIX-domain path with no socket, §11.9). */
    private IOException failed(int errno, String what, SocketAddress target) {
        IOException e = Errno.exception(errno, call, what);
        return target != null && call == Errno.Call.UNIX_DATAGRAM ? Errors.connectFailed(target, e) : e;
    }

    @Override
    protected void implClose() {
        socket.release();
    }

    @Override
    protected <T> T implGetOption(SocketOption<T> option) throws IOException {
        return PosixOptions.get(socket, domain(), option);
    }

    @Override
    protected <T> void implSetOption(SocketOption<T> option, T value) throws IOException {
        PosixOptions.set(socket, domain(), option, value);
    }
}
