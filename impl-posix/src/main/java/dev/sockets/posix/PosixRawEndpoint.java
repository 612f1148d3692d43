package dev.sockets.posix;

import static java.net.StandardSocketOptions.SO_RCVBUF;
import static java.net.StandardSocketOptions.SO_SNDBUF;

import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.spi.AbstractRawEndpoint;
import dev.sockets.spi.Errors;
import dev.sockets.spi.SocketOptionSupport;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A raw socket, {@code socket(AF_INET*, SOCK_RAW, protocol)}: {@code sendto(2)} of one packet of the
 * protocol (the kernel writes the IP header; for ICMPv6 also the checksum), {@code recvfrom(2)} of
 * one packet (over IPv4 with its IP header, as {@code raw(7)} delivers it). Waits as every socket of
 * this provider does ({@link Descriptor#await}); the state machine is the core's
 * ({@link AbstractRawEndpoint}).
 *
 * <p>Without {@code CAP_NET_RAW} the kernel refuses {@code socket(2)} with {@code EPERM}; that is
 * said at once, naming the privilege (§14.2).
 */
final class PosixRawEndpoint extends AbstractRawEndpoint {

    private static final Set<SocketOption<?>> OPTIONS = Set.of(SO_SNDBUF, SO_RCVBUF);

    private final Descriptor socket;

    private PosixRawEndpoint(Descriptor socket, Domain domain, int protocol, DatagramOptions options, SocketOptionSupport support) {
        super(domain, protocol, options.receiveTimeout(), support);
        this.socket = socket;
    }

    /** {@code socket(AF_INET*, SOCK_RAW, protocol)} and the options; closes the socket if they fail. */
    static PosixRawEndpoint open(Domain domain, int protocol, DatagramOptions options) throws IOException {
        SocketOptionSupport support = SocketOptionSupport.of(domain.posixName() + " SOCK_RAW endpoints", OPTIONS);
        support.checkAll(options.socketOptions());
        int fd = Libc.socket(domain == Domain.INET ? Libc.AF_INET : Libc.AF_INET6, Libc.SOCK_RAW, protocol);
        if (fd == -Errno.EPERM || fd == -Errno.EACCES) {
            throw Errors.rawNotPermitted(domain.posixName(), Errno.exception(-fd, Errno.Call.SOCKET, "socket"));
        }
        if (fd < 0) {
            throw Errno.exception(-fd, Errno.Call.SOCKET, "socket");
        }
        Descriptor socket = Descriptor.adopt(fd);
        try {
            SocketOptionSupport.apply(options.socketOptions(), new PosixConnection.Setter(socket, domain)::set);
            return new PosixRawEndpoint(socket, domain, protocol, options, support);
        } catch (IOException | RuntimeException e) {
            socket.release();
            throw e;
        }
    }

    @Override
    protected void implSend(ByteBuffer src, InetAddress target) throws IOException {
        MemorySegment from = MemorySegment.ofBuffer(src);
        InetSocketAddress to = new InetSocketAddress(target, 0);
        while (true) {
            long n = socket.sendto(from, 0, to);
            if (n >= 0) {
                src.position(src.limit());
                return;
            }
            if (n != -Errno.EAGAIN) {
                throw Errno.exception((int) -n, Errno.Call.INET_DATAGRAM, "sendto");
            }
            socket.await(Libc.POLLOUT, Long.MAX_VALUE);
        }
    }

    @Override
    protected InetAddress implReceive(ByteBuffer dst, long deadline) throws IOException {
        SocketAddress from = socket.receive(dst, deadline, errno -> Errno.exception(errno, Errno.Call.INET_DATAGRAM, "recvfrom"));
        return ((InetSocketAddress) from).getAddress();
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
