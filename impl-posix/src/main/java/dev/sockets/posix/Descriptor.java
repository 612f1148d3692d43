package dev.sockets.posix;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * One socket descriptor from {@code socket(2)} or {@code accept4(2)}, non-blocking: every wait of
 * this provider is here, in {@link #await}, and so is the one {@code close(2)}.
 *
 * <h2>How a caller waits</h2>
 * The socket is {@code O_NONBLOCK}. A call that cannot complete at once ({@code EAGAIN},
 * {@code EINPROGRESS}) waits in {@code poll(2)} on the socket, for the event it needs; then it tries
 * again. The timeout of {@code poll} is what is left of the call's deadline, so a read, accept or
 * receive timeout is the kernel's timer, not a thread of ours (§9). The caller's own platform thread
 * is the one that waits, in the kernel, as in the seed's blocking model; nothing else runs. One
 * descriptor per socket, no more: a server holds as many clients as {@code ulimit -n} allows.
 *
 * <h2>How a wait ends early: close and interrupt</h2>
 * {@link #release()} marks the socket closing and, if a call is in progress on it, shuts it down
 * ({@code shutdown(fd, SHUT_RDWR)}) before it closes it: Linux wakes every thread in {@code poll} on
 * a socket that is shut down, of every type (a connected or listening stream, a datagram or raw
 * socket, connected or not, a connect in progress), and the socket stays so, so that a thread about
 * to poll returns at once too (§7.3); the woken thread sees the socket closing and throws. A socket
 * with no call in progress is closed with {@code close(2)} alone (§7.4). A platform thread in
 * {@code poll(2)} does not notice {@link Thread#interrupt()}, so each wait is bracketed by
 * {@link AbstractInterruptibleChannel#begin()} and {@code end(completed)}, the JDK's own public hook
 * for interruptible I/O (its {@code SocketChannel} and {@code FileChannel} use it): an interrupt of a
 * thread inside the bracket makes the JDK call {@link #implCloseChannel()} on the interrupting
 * thread, which shuts the socket down as above, and the woken thread gets
 * {@link java.nio.channels.ClosedByInterruptException}; the core turns that into "Closed by
 * interrupt" and closes the socket (§7.5). This class extends that base for the hook only: it is no
 * channel of {@code java.nio}, and nothing else of it is used.
 *
 * <h2>Why close waits for the calls in progress</h2>
 * A descriptor number is reused by the next {@code socket} or {@code open} of any thread as soon as
 * it is closed. If {@code close(2)} ran while another thread was about to call {@code recv} on the
 * same number, that thread could read from a stranger's file. So every system call on the socket
 * is counted in {@link #users} while it runs ({@link #enter()}, {@link #leave()}), and close, once it
 * has woken the waiters, waits for the count to drop to 0 before it calls {@code close(2)}. The calls
 * that are counted never block (the socket is non-blocking, and {@code poll} returns once the socket
 * is shut down), so that wait is short. When {@link #release()} returns the descriptor is
 * freed, and the address is free to bind again (§4.6).
 */
final class Descriptor extends AbstractInterruptibleChannel {

    /** Set in {@link #users} once close began: no call may start after it. */
    private static final int CLOSING = 1 << 30;

    /** The longest poll of {@link #awaitWritableInSlices}: how late a shut output may wake its writer. */
    private static final int SHUT_OUTPUT_SLICE_MILLIS = 50;

    private final int fd;
    /** The system calls on {@link #fd} in progress, plus {@link #CLOSING} once close began. */
    private final AtomicInteger users = new AtomicInteger();
    /** The thread in {@link #implCloseChannel()} that waits for {@link #users} to drop to 0. */
    private volatile Thread closer;
    /** Whether {@code close(2)} has returned. */
    private volatile boolean freed;
    /** Whether {@code shutdown(SHUT_WR)} succeeded: a writer in {@link #awaitWritableInSlices} looks between its polls. */
    private volatile boolean outputShut;

    private Descriptor(int fd) {
        this.fd = fd;
    }

    /**
     * {@code socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol)}.
     *
     * @throws IOException what {@code socket(2)} failed with
     */
    static Descriptor open(int domain, int type, int protocol) throws IOException {
        int fd = Libc.socket(domain, type, protocol);
        if (fd < 0) {
            throw Errno.exception(-fd, Errno.Call.SOCKET, "socket");
        }
        return adopt(fd);
    }

    /** Wraps a descriptor that {@code socket(2)} or {@code accept4(2)} returned. */
    static Descriptor adopt(int fd) {
        return new Descriptor(fd);
    }

    // ---- the system calls on the socket, each counted while it runs

    /** {@code recv(2)} into {@code buffer}: bytes read, 0 at end of stream, or {@code -errno}. */
    long recv(MemorySegment buffer, int flags) throws IOException {
        enter();
        try {
            return Libc.recv(fd, buffer, flags);
        } finally {
            leave();
        }
    }

    /** {@code send(2)} with {@code MSG_NOSIGNAL}: bytes written, or {@code -errno}. */
    long send(MemorySegment buffer, int flags) throws IOException {
        enter();
        try {
            return Libc.send(fd, buffer, flags);
        } finally {
            leave();
        }
    }

    /** {@code recvfrom(2)}, the sender into the thread's scratch address. */
    long recvfrom(MemorySegment buffer, int flags) throws IOException {
        enter();
        try {
            return Libc.recvfrom(fd, buffer, flags);
        } finally {
            leave();
        }
    }

    /**
     * The next datagram or packet into {@code dst}: {@code recvfrom(2)} with {@code MSG_TRUNC}, waiting
     * in {@code poll(2)} until {@code deadline} while there is none. Advances {@code dst} by what
     * fitted (the rest of a longer one is discarded, §11.5) and returns its sender.
     *
     * @return the sender's address
     * @throws IOException {@code -errno} of a failed recvfrom, as {@code failure} makes it; what
     *     {@link #await} throws
     */
    SocketAddress receive(ByteBuffer dst, long deadline, IntFunction<IOException> failure)
            throws IOException {
        MemorySegment into = MemorySegment.ofBuffer(dst);
        while (true) {
            long n = recvfrom(into, Libc.MSG_TRUNC);
            if (n >= 0) {
                // With MSG_TRUNC, n is the datagram's length even when only part of it fitted.
                Libc.Scratch s = Libc.scratch();
                SocketAddress sender = SockAddr.read(s.address, s.addressLength.get(JAVA_INT, 0));
                dst.position(dst.position() + (int) Math.min(n, dst.remaining()));
                return sender;
            }
            if (n != -Errno.EAGAIN) {
                throw failure.apply((int) -n);
            }
            await(Libc.POLLIN, deadline);
        }
    }

    /** {@code sendto(2)} to {@code target}, with {@code MSG_NOSIGNAL}. */
    long sendto(MemorySegment buffer, int flags, SocketAddress target) throws IOException {
        enter();
        try {
            Libc.Scratch s = Libc.scratch();
            int length = SockAddr.write(target, s.address);
            return Libc.sendto(fd, buffer, flags, s.address, length);
        } finally {
            leave();
        }
    }

    /** {@code bind(2)}. */
    int bind(SocketAddress local) throws IOException {
        enter();
        try {
            Libc.Scratch s = Libc.scratch();
            return Libc.bind(fd, s.address, SockAddr.write(local, s.address));
        } finally {
            leave();
        }
    }

    /** {@code listen(2)}. */
    int listen(int backlog) throws IOException {
        enter();
        try {
            return Libc.listen(fd, backlog);
        } finally {
            leave();
        }
    }

    /** {@code connect(2)}: 0, {@code -EINPROGRESS}, {@code -EAGAIN} (a full UNIX-domain backlog), or another {@code -errno}. */
    int connect(SocketAddress remote) throws IOException {
        enter();
        try {
            Libc.Scratch s = Libc.scratch();
            return Libc.connect(fd, s.address, SockAddr.write(remote, s.address));
        } finally {
            leave();
        }
    }

    /** {@code accept4(2)}: the new descriptor, its peer in the thread's scratch address; or {@code -errno}. */
    int accept() throws IOException {
        enter();
        try {
            return Libc.accept(fd);
        } finally {
            leave();
        }
    }

    /** {@code shutdown(2)}: 0, or {@code -errno}. */
    int shutdown(int how) throws IOException {
        enter();
        try {
            int r = Libc.shutdown(fd, how);
            if (r == 0 && how != Libc.SHUT_RD) {
                outputShut = true;
            }
            return r;
        } finally {
            leave();
        }
    }

    /** {@code getsockopt(2)} into the thread's scratch value: its length, or {@code -errno}. */
    int getsockopt(int level, int name) throws IOException {
        enter();
        try {
            return Libc.getsockopt(fd, level, name);
        } finally {
            leave();
        }
    }

    /** {@code setsockopt(2)} of the first {@code length} bytes of the thread's scratch value. */
    int setsockopt(int level, int name, int length) throws IOException {
        enter();
        try {
            return Libc.setsockopt(fd, level, name, length);
        } finally {
            leave();
        }
    }

    /** Sets an {@code int} option; {@code -errno} if the kernel refused it. */
    int setInt(int level, int name, int value) throws IOException {
        Libc.scratch().value.set(JAVA_INT, 0, value);
        return setsockopt(level, name, 4);
    }

    /** {@code getsockname(2)}. */
    SocketAddress localAddress() throws IOException {
        enter();
        try {
            int r = Libc.getsockname(fd);
            if (r < 0) {
                throw Errno.exception(-r, Errno.Call.STREAM, "getsockname");
            }
            Libc.Scratch s = Libc.scratch();
            return SockAddr.read(s.address, s.addressLength.get(JAVA_INT, 0));
        } finally {
            leave();
        }
    }

    /** {@code getpeername(2)}. */
    SocketAddress remoteAddress() throws IOException {
        enter();
        try {
            int r = Libc.getpeername(fd);
            if (r < 0) {
                throw Errno.exception(-r, Errno.Call.STREAM, "getpeername");
            }
            Libc.Scratch s = Libc.scratch();
            return SockAddr.read(s.address, s.addressLength.get(JAVA_INT, 0));
        } finally {
            leave();
        }
    }

    /** {@code getsockopt(SOL_SOCKET, SO_ERROR)}: the errno of a connect that went on in the background, 0 if none. */
    int pendingError() throws IOException {
        int r = getsockopt(Libc.SOL_SOCKET, Libc.SO_ERROR);
        return r < 0 ? -r : Libc.scratch().value.get(JAVA_INT, 0);
    }

    // ---- waiting

    /**
     * Waits in {@code poll(2)} until the socket has one of {@code events} (or an error or hang-up, which
     * the next call reports), until {@code deadline} (on the {@link System#nanoTime()} clock,
     * {@link Long#MAX_VALUE} for none), or until the socket is closed or the thread interrupted.
     *
     * @throws SocketTimeoutException when the deadline passes first
     * @throws AsynchronousCloseException when another thread closed the socket
     * @throws java.nio.channels.ClosedByInterruptException when the thread was interrupted (which closed the socket)
     */
    void await(short events, long deadline) throws IOException {
        await(events, deadline, 0);
    }

    /**
     * {@link #await await(POLLOUT, deadline)} for a UNIX-domain socket, whose writer Linux does not wake when
     * another thread shuts its output down: {@code unix_poll} reports neither {@code POLLOUT} nor {@code POLLHUP}
     * for a full send buffer after {@code shutdown(SHUT_WR)} (TCP's poll reports {@code POLLOUT}), and nothing of
     * POSIX but a signal, which a library cannot own in a JVM, reaches a thread in {@code poll(2)}. So this polls
     * {@value #SHUT_OUTPUT_SLICE_MILLIS} ms at a time and returns as if writable once {@link #shutdown} shut the
     * output: the {@code send} that follows fails with {@code EPIPE}, which the core reports as output shut down
     * (§6.3). A wait of this kind costs twenty system calls a second, only while the send buffer is full.
     */
    void awaitWritableInSlices(long deadline) throws IOException {
        if (outputShut) {
            return; // shut between the send that found the buffer full and this wait
        }
        await(Libc.POLLOUT, deadline, SHUT_OUTPUT_SLICE_MILLIS);
    }

    /** {@link #await(short, long)}, each poll at most {@code sliceMillis} long and then a look at {@link #outputShut} if not 0. */
    private void await(short events, long deadline, int sliceMillis) throws IOException {
        boolean ready = false;
        begin();
        try {
            enter();
            try {
                while (true) {
                    // Past the deadline, one more look (a poll of 0 ms) before the timeout: a wait shorter than
                    // the calls around it must still find what is there (§9.8), not time out unseen.
                    int timeout = pollTimeout(deadline);
                    boolean sliced = sliceMillis > 0 && (timeout < 0 || timeout > sliceMillis);
                    int r = Libc.poll(fd, events, sliced ? sliceMillis : timeout);
                    if (r == -Errno.EINTR) {
                        continue;
                    }
                    if (r < 0) {
                        throw Errno.exception(-r, Errno.Call.STREAM, "poll");
                    }
                    if ((users.get() & CLOSING) != 0) {
                        break; // closing (the socket was shut down to wake us): end(false) says why
                    }
                    if (r > 0 || (sliceMillis > 0 && outputShut)) {
                        ready = true;
                        break;
                    }
                    if (timeout == 0) {
                        throw new SocketTimeoutException("poll timed out");
                    }
                    // r == 0: the timeout passed (or poll's millisecond ended a little early; try again)
                }
            } finally {
                leave();
            }
        } finally {
            end(ready);
        }
        if (!ready) {
            throw new AsynchronousCloseException();
        }
    }

    /** The timeout to give poll: −1 for none, 0 if the deadline has passed, else the milliseconds left, rounded up. */
    private static int pollTimeout(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return -1;
        }
        long nanos = Timeouts.remaining(deadline);
        if (nanos <= 0) {
            return 0;
        }
        long millis = (nanos + 999_999) / 1_000_000;
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }

    // ---- the count of calls in progress, and close

    /** Counts a system call on the socket; fails if close began, so that no call starts on a descriptor being closed. */
    private void enter() throws AsynchronousCloseException {
        while (true) {
            int n = users.get();
            if ((n & CLOSING) != 0) {
                throw new AsynchronousCloseException();
            }
            if (users.compareAndSet(n, n + 1)) {
                return;
            }
        }
    }

    private void leave() {
        if (users.decrementAndGet() == CLOSING) {
            LockSupport.unpark(closer);
        }
    }

    /**
     * Closes the socket, after waking every waiter and waiting for the calls in progress to return;
     * returns when the descriptor is freed. Idempotent, never throws.
     */
    void release() {
        try {
            close();
        } catch (IOException cannotHappen) {
            // implCloseChannel throws nothing.
        }
        // An interrupt may have started the close on another thread: the caller's close is not
        // done before the descriptor is.
        while (!freed) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Called once, by {@link #release()} or by the JDK on the thread that interrupts a waiter. */
    @Override
    protected void implCloseChannel() {
        closer = Thread.currentThread();
        if ((users.getAndAdd(CLOSING) & ~CLOSING) != 0) {
            // A call is in progress, perhaps in poll: shutting the socket down wakes it (see above).
            Libc.shutdown(fd, Libc.SHUT_RDWR);
        }
        while ((users.get() & ~CLOSING) != 0) {
            // Bounded park: the closer's own interrupt status would make park return at once anyway.
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        }
        Libc.close(fd);
        freed = true;
    }

    @Override
    public String toString() {
        return "Descriptor[" + fd + (freed ? ", closed" : "") + "]";
    }
}
