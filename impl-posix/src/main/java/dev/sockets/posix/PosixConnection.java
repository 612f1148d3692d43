package dev.sockets.posix;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.StreamOptions;
import dev.sockets.spi.AbstractConnection;
import dev.sockets.spi.Errors;
import dev.sockets.spi.SocketOptionSupport;
import dev.sockets.spi.Timeouts;
import dev.sockets.spi.UnixConnect;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;

/**
 * A connected stream socket, {@code SOCK_STREAM} (or {@code SOCK_SEQPACKET}) over a descriptor of its
 * own: {@code recv(2)} and {@code send(2)} with {@code MSG_NOSIGNAL}, waiting in {@code poll(2)} when
 * the kernel has nothing to give or no room to take ({@link Descriptor#await}). The state machine of
 * SPEC.md §5 to §7 is the core's ({@link AbstractConnection}); this class only moves bytes.
 *
 * <p>A heap buffer is passed to the kernel in place, with no copy (see {@link Libc}).
 *
 * <h2>SOCK_SEQPACKET</h2>
 * A UNIX-domain {@code SOCK_SEQPACKET} connection is this class too (§15): {@code send(2)} of a
 * seqpacket socket sends the whole buffer as one record or nothing, so {@link #implWrite} writes one
 * record per call; {@code recv(2)} with {@code MSG_TRUNC} returns one record and its real length, so
 * a record longer than the buffer is cut and its rest discarded, as a datagram's is. A record of 0
 * bytes cannot be told from the end of stream by {@code recv(2)}: it reads as −1 (the API never sends
 * one: an empty write sends nothing, §5.4).
 */
final class PosixConnection extends AbstractConnection {

    private final Descriptor socket;
    private final Domain domain;
    /** {@code MSG_TRUNC} for a {@code SOCK_SEQPACKET} socket, so that recv tells a record's length; 0 for a stream. */
    private final int recvFlags;
    /** Whether the next read polls before it tries recv; guarded by the core's read lock. */
    private boolean waitFirst;

    private PosixConnection(Descriptor socket, Domain domain, int type, SocketAddress local, SocketAddress remote,
            StreamOptions streamOptions, SocketOptionSupport options) {
        super(local, remote, streamOptions.readTimeout(), streamOptions.writeTimeout(), options);
        this.socket = socket;
        this.domain = domain;
        // Never on TCP, where MSG_TRUNC means "discard the bytes".
        this.recvFlags = type == Libc.SOCK_SEQPACKET ? Libc.MSG_TRUNC : 0;
    }

    /**
     * {@code socket(AF_*, SOCK_STREAM, 0)}, the options of {@code options}, then {@code connect(2)}
     * waiting at most the connect timeout (§3.3). A UNIX-domain connect to a full backlog waits for
     * room within that time (§3.6). Whatever fails closes the socket (§13.1).
     */
    static Connection connect(SocketAddress remote, Domain domain, int type, StreamOptions options) throws IOException {
        SocketOptionSupport support = PosixOptions.connections(domain, type);
        support.checkAll(options.socketOptions()); // §10.2: before any descriptor is opened
        if (Thread.currentThread().isInterrupted()) {
            throw Errors.closedByInterrupt(null); // §7.5: at once, whether or not it would have waited
        }
        long deadline = Timeouts.deadline(options.connectTimeout());
        Descriptor socket = remote instanceof UnixDomainSocketAddress unix
                ? UnixConnect.connect(unix, deadline, () -> attempt(remote, domain, type, options, deadline))
                : attempt(remote, domain, type, options, deadline);
        try {
            return new PosixConnection(socket, domain, type, socket.localAddress(), remote, options, support);
        } catch (IOException e) {
            socket.release();
            throw Errors.translate(e);
        } catch (RuntimeException e) {
            socket.release();
            throw e;
        }
    }

    /** One socket and one connect; closes the socket if it fails. */
    private static Descriptor attempt(SocketAddress remote, Domain domain, int type, StreamOptions options, long deadline)
            throws IOException {
        Descriptor socket = Descriptor.open(SockAddr.family(remote), type, 0);
        try {
            SocketOptionSupport.apply(options.socketOptions(), new Setter(socket, domain)::set);
            int r = socket.connect(remote);
            if (r == -Errno.EINPROGRESS) {
                socket.await(Libc.POLLOUT, deadline);
                r = -socket.pendingError();
            }
            if (r == -Errno.EAGAIN && remote instanceof UnixDomainSocketAddress) {
                // Linux's answer for a full UNIX-domain backlog: UnixConnect waits and tries again (§3.6).
                throw new SocketException(Errno.text(Errno.EAGAIN));
            }
            if (r < 0) {
                IOException e = Errno.exception(-r, Errno.Call.CONNECT, "connect");
                throw remote instanceof UnixDomainSocketAddress ? e : Errors.connectFailed(remote, e);
            }
            return socket;
        } catch (SocketTimeoutException e) {
            socket.release();
            throw Errors.connectTimedOut(remote);
        } catch (IOException e) {
            socket.release();
            throw Errors.translate(e);
        } catch (RuntimeException e) {
            socket.release();
            throw e;
        }
    }

    /**
     * The connection {@code accept4(2)} returned, with the listener's connection options (§4.3);
     * closes the descriptor if they cannot be set.
     */
    static PosixConnection accepted(Descriptor socket, Domain domain, int type, SocketAddress remote, StreamOptions options)
            throws IOException {
        SocketOptionSupport support = PosixOptions.connections(domain, type);
        try {
            SocketOptionSupport.apply(options.socketOptions(), new Setter(socket, domain)::set);
            return new PosixConnection(socket, domain, type, socket.localAddress(), remote, options, support);
        } catch (IOException | RuntimeException e) {
            socket.release();
            throw e;
        }
    }

    @Override
    protected int implRead(ByteBuffer dst, long deadline) throws IOException {
        MemorySegment into = MemorySegment.ofBuffer(dst);
        if (waitFirst) {
            // The last read found nothing and had to wait: a request-response peer is likely silent
            // again, so poll before recv instead of paying for a recv that says EAGAIN (3 calls -> 2).
            socket.await(Libc.POLLIN, deadline);
        }
        while (true) {
            long n = socket.recv(into, recvFlags);
            if (n > 0) {
                // A record longer than dst (SOCK_SEQPACKET, with MSG_TRUNC) is cut: the rest is gone (§15.2).
                int read = (int) Math.min(n, dst.remaining());
                // A read that filled the buffer leaves more behind, as a stream in full flow does: try recv first next time.
                waitFirst = read < dst.remaining() && waitFirst;
                dst.position(dst.position() + read);
                return read;
            }
            if (n == 0) {
                return -1;
            }
            if (n != -Errno.EAGAIN) {
                throw Errno.exception((int) -n, Errno.Call.STREAM, "recv");
            }
            waitFirst = true;
            socket.await(Libc.POLLIN, deadline);
        }
    }

    /** {@code send(2)} until every byte went, waiting in {@code poll(2)} for POLLOUT until {@code deadline} (§9.6). */
    @Override
    protected void implWrite(ByteBuffer src, long deadline) throws IOException {
        while (src.hasRemaining()) {
            long n = socket.send(MemorySegment.ofBuffer(src), 0);
            if (n >= 0) {
                src.position(src.position() + (int) n);
            } else if (n == -Errno.EAGAIN) {
                if (domain == Domain.UNIX) {
                    socket.awaitWritableInSlices(deadline); // woken by shutdownOutput too (§6.3)
                } else {
                    socket.await(Libc.POLLOUT, deadline);
                }
            } else {
                throw Errno.exception((int) -n, Errno.Call.STREAM, "send");
            }
        }
    }

    /** One {@code send(2)} on the non-blocking socket: what the send buffer takes now, 0 on {@code EAGAIN}. */
    @Override
    protected int implWriteNow(ByteBuffer src) throws IOException {
        long n = socket.send(MemorySegment.ofBuffer(src), 0);
        if (n >= 0) {
            src.position(src.position() + (int) n);
            return (int) n;
        }
        if (n == -Errno.EAGAIN) {
            return 0;
        }
        throw Errno.exception((int) -n, Errno.Call.STREAM, "send");
    }

    @Override
    protected void implShutdownInput() throws IOException {
        shutdown(Libc.SHUT_RD);
    }

    @Override
    protected void implShutdownOutput() throws IOException {
        shutdown(Libc.SHUT_WR);
    }

    private void shutdown(int how) throws IOException {
        int r = socket.shutdown(how);
        if (r < 0) {
            throw Errno.exception(-r, Errno.Call.STREAM, "shutdown");
        }
    }

    @Override
    protected void implClose() {
        socket.release();
    }

    @Override
    protected <T> T implGetOption(SocketOption<T> option) throws IOException {
        return PosixOptions.get(socket, domain, option);
    }

    @Override
    protected <T> void implSetOption(SocketOption<T> option, T value) throws IOException {
        PosixOptions.set(socket, domain, option, value);
    }

    /** {@code setsockopt} on one descriptor, in the shape {@link SocketOptionSupport#apply} takes. */
    record Setter(Descriptor socket, Domain domain) {
        <T> void set(SocketOption<T> option, T value) throws IOException {
            PosixOptions.set(socket, domain, option, value);
        }
    }
}
