package dev.sockets.posix;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.StreamOptions;
import dev.sockets.spi.AbstractListener;
import dev.sockets.spi.Errors;
import dev.sockets.spi.SocketOptionSupport;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;

/**
 * A listening stream socket: {@code socket(2)}, {@code bind(2)}, {@code listen(2)}, then
 * {@code accept4(2)}, waiting in {@code poll(2)} for the next client (§4, §9.2). The core
 * ({@link AbstractListener}) keeps the state and removes a UNIX-domain socket file on close.
 */
final class PosixListener extends AbstractListener {

    private final Descriptor socket;
    private final Domain domain;
    private final int type;
    private final StreamOptions connectionOptions;

    private PosixListener(Descriptor socket, Domain domain, int type, SocketAddress local, ListenOptions options) {
        super(local, options.acceptTimeout());
        this.socket = socket;
        this.domain = domain;
        this.type = type;
        this.connectionOptions = options.connectionOptions();
    }

    /**
     * Binds and listens on {@code local}. An internet listener binds with {@code SO_REUSEADDR} (as
     * {@code java.net.ServerSocket} does on Linux), so that its port can be listened on again while
     * connections it served linger in {@code TIME_WAIT} (§4.6), unless the options say otherwise.
     *
     * @throws java.net.BindException saying what the kernel said, with the address (§4.2)
     */
    static PosixListener listen(SocketAddress local, Domain domain, int type, ListenOptions options) throws IOException {
        SocketOptionSupport support = PosixOptions.listeners(domain);
        support.checkAll(options.socketOptions()); // §10.2, before any descriptor is opened
        PosixOptions.connections(domain, type).checkAll(options.connectionOptions().socketOptions());
        Descriptor socket = Descriptor.open(SockAddr.family(local), type, 0);
        try {
            PosixConnection.Setter setter = new PosixConnection.Setter(socket, domain);
            if (domain != Domain.UNIX) {
                setter.set(StandardSocketOptions.SO_REUSEADDR, true);
            }
            SocketOptionSupport.apply(options.socketOptions(), setter::set);
            int r = socket.bind(local);
            if (r < 0) {
                throw Errors.bindFailed(local, Errno.exception(-r, Errno.Call.BIND, "bind"));
            }
            r = socket.listen(options.backlog());
            if (r < 0) {
                throw Errno.exception(-r, Errno.Call.BIND, "listen");
            }
            return new PosixListener(socket, domain, type, socket.localAddress(), options);
        } catch (IOException | RuntimeException e) {
            socket.release();
            throw e;
        }
    }

    @Override
    protected Connection implAccept(long deadline) throws IOException {
        while (true) {
            int fd = socket.accept();
            if (fd >= 0) {
                Libc.Scratch s = Libc.scratch();
                SocketAddress remote = SockAddr.read(s.address, s.addressLength.get(JAVA_INT, 0));
                return PosixConnection.accepted(Descriptor.adopt(fd), domain, type, remote, connectionOptions);
            }
            switch (-fd) {
                case Errno.EAGAIN -> socket.await(Libc.POLLIN, deadline);
                // A client that reset before it was accepted: the next one may be there.
                case Errno.ECONNABORTED, Errno.EPERM -> { }
                default -> throw Errno.exception(-fd, Errno.Call.STREAM, "accept4");
            }
        }
    }

    @Override
    protected void implClose() {
        socket.release();
    }
}
