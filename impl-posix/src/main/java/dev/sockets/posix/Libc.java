package dev.sockets.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library's socket calls, as downcall handles of the Foreign Function and Memory API, and the
 * Linux constants they take. Nothing else in this provider touches {@link Linker}.
 *
 * <h2>Conventions</h2>
 * Every wrapper returns what the call returns when it succeeds (a descriptor, a count, 0) and
 * {@code -errno} when it fails, as the kernel's own system call interface does, so that the callers
 * switch on one {@code int} or {@code long} and allocate nothing; {@link Errno} turns a failure into
 * an exception. {@code errno} is captured by the linker right after the call
 * ({@link Linker.Option#captureCallState}), before the JVM can run anything that would change it.
 * {@code EINTR} is retried here (a signal arrived; nothing happened), except for {@link #close}
 * (on Linux the descriptor is released even then, and a retry could close another thread's new one)
 * and {@link #poll} (its caller recomputes the timeout).
 *
 * <h2>Memory</h2>
 * The calls that move bytes on a non-blocking descriptor ({@code recv}, {@code send},
 * {@code recvfrom}, {@code sendto}) are linked {@link Linker.Option#critical(boolean) critical with
 * heap access}: they never block (the descriptors are {@code O_NONBLOCK}; waiting is {@code poll}'s
 * job) and never call back into Java, so the JVM may pass them a heap {@code ByteBuffer}'s array in
 * place, with no copy, as JNI's {@code GetPrimitiveArrayCritical} would. Every other pointer is
 * native memory of {@link Scratch}: one small block per thread, from an automatic arena (freed by the
 * garbage collector when the thread is gone), so that a call allocates nothing and frees nothing.
 */
final class Libc {

    // ---- <sys/socket.h>, <netinet/in.h>, <netinet/tcp.h>: the same on x86-64 and aarch64 (asm-generic)

    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_SEQPACKET = 5;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;

    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_TYPE = 3;
    static final int SO_ERROR = 4;
    static final int SO_BROADCAST = 6;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_KEEPALIVE = 9;
    static final int SO_LINGER = 13;
    static final int SO_REUSEPORT = 15;
    static final int SO_PEERCRED = 17;

    static final int IPPROTO_IP = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IP_TOS = 1;
    static final int TCP_NODELAY = 1;
    static final int IPV6_V6ONLY = 26;
    static final int IPV6_TCLASS = 67;

    static final int MSG_TRUNC = 0x20;
    static final int MSG_NOSIGNAL = 0x4000;

    static final int SHUT_RD = 0;
    static final int SHUT_WR = 1;
    static final int SHUT_RDWR = 2;

    // ---- <poll.h>

    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    /** {@code struct pollfd { int fd; short events; short revents; }}. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    /** {@code struct linger { int l_onoff; int l_linger; }}. */
    static final StructLayout LINGER = MemoryLayout.structLayout(JAVA_INT.withName("l_onoff"), JAVA_INT.withName("l_linger"));

    /** {@code struct ucred { pid_t pid; uid_t uid; gid_t gid; }}, the value of {@code SO_PEERCRED}. */
    static final StructLayout UCRED = MemoryLayout.structLayout(
            JAVA_INT.withName("pid"), JAVA_INT.withName("uid"), JAVA_INT.withName("gid"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup C = LINKER.defaultLookup();
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(true);

    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = handle("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = handle("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = handle("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = handle("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CRITICAL);
    private static final MethodHandle SEND = handle("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CRITICAL);
    private static final MethodHandle RECVFROM = handle("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS), CRITICAL);
    private static final MethodHandle SENDTO = handle("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CRITICAL);
    private static final MethodHandle SHUTDOWN = handle("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = handle("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = handle("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETPEERNAME = handle("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle POLL = handle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private static final MethodHandle GETPWUID = handle("getpwuid", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle GETGRGID = handle("getgrgid", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    /** getpwuid and getgrgid return a static buffer of the C library: one caller at a time. */
    private static final Object NAMES = new Object();

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Libc() {
    }

    /**
     * The native memory one thread's calls use: the captured {@code errno}, two {@code pollfd}s, a
     * {@code sockaddr_storage} with its length, and an option value with its length. Each call
     * fills what it needs and reads it back before the thread makes the next.
     */
    static final class Scratch {
        final MemorySegment errno;
        final MemorySegment pollfd;
        final MemorySegment address;
        final MemorySegment addressLength;
        final MemorySegment value;
        final MemorySegment valueLength;

        private Scratch() {
            // One block, sliced, so that a thread costs one allocation of native memory.
            long errnoBytes = (CAPTURED.byteSize() + 7) & ~7L;
            MemorySegment block = Arena.ofAuto().allocate(errnoBytes + POLLFD.byteSize() + SockAddr.STORAGE_BYTES + 8 + 16 + 8, 8);
            long at = 0;
            errno = block.asSlice(at, CAPTURED.byteSize());
            at += errnoBytes;
            pollfd = block.asSlice(at, POLLFD.byteSize());
            at += POLLFD.byteSize();
            address = block.asSlice(at, SockAddr.STORAGE_BYTES);
            at += SockAddr.STORAGE_BYTES;
            addressLength = block.asSlice(at, 4);
            at += 8;
            value = block.asSlice(at, 16);
            at += 16;
            valueLength = block.asSlice(at, 4);
        }
    }

    /** Returns the calling thread's scratch memory. */
    static Scratch scratch() {
        return SCRATCH.get();
    }

    static int socket(int domain, int type, int protocol) {
        MemorySegment errno = scratch().errno;
        int r;
        do {
            try {
                r = (int) SOCKET.invokeExact(errno, domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
            } catch (Throwable e) {
                throw linkage(e);
            }
        } while (r < 0 && errno(errno) == Errno.EINTR);
        return r < 0 ? -errno(errno) : r;
    }

    static int bind(int fd, MemorySegment address, int length) {
        MemorySegment errno = scratch().errno;
        int r;
        do {
            try {
                r = (int) BIND.invokeExact(errno, fd, address, length);
            } catch (Throwable e) {
                throw linkage(e);
            }
        } while (r < 0 && errno(errno) == Errno.EINTR);
        return r < 0 ? -errno(errno) : r;
    }

    static int listen(int fd, int backlog) {
        MemorySegment errno = scratch().errno;
        int r;
        try {
            r = (int) LISTEN.invokeExact(errno, fd, backlog);
        } catch (Throwable e) {
            throw linkage(e);
        }
        return r < 0 ? -errno(errno) : r;
    }

    /** {@code accept4(fd, &address, &length, SOCK_NONBLOCK | SOCK_CLOEXEC)} into the scratch address. */
    static int accept(int fd) {
        Scratch s = scratch();
        int r;
        do {
            s.addressLength.set(JAVA_INT, 0, SockAddr.STORAGE_BYTES);
            try {
                r = (int) ACCEPT4.invokeExact(s.errno, fd, s.address, s.addressLength, SOCK_NONBLOCK | SOCK_CLOEXEC);
            } catch (Throwable e) {
                throw linkage(e);
            }
        } while (r < 0 && errno(s.errno) == Errno.EINTR);
        return r < 0 ? -errno(s.errno) : r;
    }

    /**
     * {@code connect(2)} on a non-blocking socket: 0, {@code -EINPROGRESS} (wait for {@code POLLOUT},
     * then read {@code SO_ERROR}), or another {@code -errno}. {@code EINTR} is not retried: on Linux
     * the connect goes on in the background, and the caller waits for it as for EINPROGRESS.
     */
    static int connect(int fd, MemorySegment address, int length) {
        MemorySegment errno = scratch().errno;
        int r;
        try {
            r = (int) CONNECT.invokeExact(errno, fd, address, length);
        } catch (Throwable e) {
            throw linkage(e);
        }
        if (r < 0) {
            int e = errno(errno);
            return -(e == Errno.EINTR ? Errno.EINPROGRESS : e);
        }
        return r;
    }

    static long recv(int fd, MemorySegment buffer, int flags) {
        MemorySegment errno = scratch().errno;
        long r;
        do {
            try {
                r = (long) RECV.invokeExact(errno, fd, buffer, buffer.byteSize(), flags);
            } catch (Throwable e) {
                throw linkage(e);
            }
        } while (r < 0 && errno(errno) == Errno.EINTR);
        return r < 0 ? -errno(errno) : r;
    }

    static long send(int fd, MemorySegment buffer, int flags) {
        MemorySegment errno = scratch().errno;
        long r;
        do {
            try {
                r = (long) SEND.invokeExact(errno, fd, buffer, buffer.byteSize(), flags | MSG_NOSIGNAL);
            } catch (Throwable e) {
                throw linkage(e);
            }
        } while (r < 0 && errno(errno) == Errno.EINTR);
        return r < 0 ? -errno(errno) : r;
    }

    /** {@code recvfrom(2)}, the sender's address into the scratch address. */
    static long recvfrom(int fd, MemorySegment buffer, int flags) {
        Scratch s = scratch();
        long r;
        do {
            s.addressLength.set(JAVA_INT, 0, SockAddr.STORAGE_BYTES);
            try {
                r = (long) RECVFROM.invokeExact(s.errno, fd, buffer, buffer.byteSize(), flags, s.address, s.addressLength);
            } catch (Throwable e) {
                throw linkage(e);
            }
        } while (r < 0 && errno(s.errno) == Errno.EINTR);
        return r < 0 ? -errno(s.errno) : r;
    }

    static long sendto(int fd, MemorySegment buffer, int flags, MemorySegment address, int length) {
        MemorySegment errno = scratch().errno;
        long r;
        do {
            try {
                r = (long) SENDTO.invokeExact(errno, fd, buffer, buffer.byteSize(), flags | MSG_NOSIGNAL, address, length);
            } catch (Throwable e) {
                throw linkage(e);
            }
        } while (r < 0 && errno(errno) == Errno.EINTR);
        return r < 0 ? -errno(errno) : r;
    }

    static int shutdown(int fd, int how) {
        MemorySegment errno = scratch().errno;
        int r;
        try {
            r = (int) SHUTDOWN.invokeExact(errno, fd, how);
        } catch (Throwable e) {
            throw linkage(e);
        }
        return r < 0 ? -errno(errno) : r;
    }

    /** {@code close(2)}, never retried: on Linux the descriptor is released whatever it returns. */
    static int close(int fd) {
        MemorySegment errno = scratch().errno;
        int r;
        try {
            r = (int) CLOSE.invokeExact(errno, fd);
        } catch (Throwable e) {
            throw linkage(e);
        }
        return r < 0 ? -errno(errno) : r;
    }

    /** {@code getsockopt(2)} into the scratch value; returns the value's length or {@code -errno}. */
    static int getsockopt(int fd, int level, int name) {
        Scratch s = scratch();
        s.valueLength.set(JAVA_INT, 0, (int) s.value.byteSize());
        int r;
        try {
            r = (int) GETSOCKOPT.invokeExact(s.errno, fd, level, name, s.value, s.valueLength);
        } catch (Throwable e) {
            throw linkage(e);
        }
        return r < 0 ? -errno(s.errno) : s.valueLength.get(JAVA_INT, 0);
    }

    /** {@code setsockopt(2)} of the first {@code length} bytes of the scratch value. */
    static int setsockopt(int fd, int level, int name, int length) {
        Scratch s = scratch();
        int r;
        try {
            r = (int) SETSOCKOPT.invokeExact(s.errno, fd, level, name, s.value, length);
        } catch (Throwable e) {
            throw linkage(e);
        }
        return r < 0 ? -errno(s.errno) : r;
    }

    /** {@code getsockname(2)} into the scratch address. */
    static int getsockname(int fd) {
        return name(GETSOCKNAME, fd);
    }

    /** {@code getpeername(2)} into the scratch address. */
    static int getpeername(int fd) {
        return name(GETPEERNAME, fd);
    }

    private static int name(MethodHandle call, int fd) {
        Scratch s = scratch();
        s.addressLength.set(JAVA_INT, 0, SockAddr.STORAGE_BYTES);
        int r;
        try {
            r = (int) call.invokeExact(s.errno, fd, s.address, s.addressLength);
        } catch (Throwable e) {
            throw linkage(e);
        }
        return r < 0 ? -errno(s.errno) : r;
    }

    /**
     * {@code poll(2)} on the scratch {@code pollfd}: {@code fd} for {@code events}; waits at most
     * {@code timeoutMillis} (−1: no limit). Returns 1 if the socket is ready (or shut down, which is how
     * a close wakes a waiter: see {@link Descriptor}), 0 on timeout, or {@code -errno} ({@code -EINTR}
     * included).
     */
    static int poll(int fd, short events, int timeoutMillis) {
        Scratch s = scratch();
        MemorySegment p = s.pollfd;
        p.set(JAVA_INT, 0, fd);
        p.set(JAVA_SHORT, 4, events);
        p.set(JAVA_SHORT, 6, (short) 0);
        int r;
        try {
            r = (int) POLL.invokeExact(s.errno, p, 1L, timeoutMillis);
        } catch (Throwable e) {
            throw linkage(e);
        }
        return r < 0 ? -errno(s.errno) : r;
    }

    /** The name of user {@code uid} ({@code getpwuid(3)}'s {@code pw_name}), or empty if it has none. */
    static java.util.Optional<String> userName(int uid) {
        return principalName(GETPWUID, uid);
    }

    /** The name of group {@code gid} ({@code getgrgid(3)}'s {@code gr_name}), or empty if it has none. */
    static java.util.Optional<String> groupName(int gid) {
        return principalName(GETGRGID, gid);
    }

    private static java.util.Optional<String> principalName(MethodHandle lookup, int id) {
        synchronized (NAMES) {
            MemorySegment entry;
            try {
                entry = (MemorySegment) lookup.invokeExact(scratch().errno, id);
            } catch (Throwable e) {
                throw linkage(e);
            }
            if (entry.equals(MemorySegment.NULL)) {
                return java.util.Optional.empty();
            }
            // struct passwd and struct group both begin with char *name.
            MemorySegment name = entry.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
            return java.util.Optional.of(name.reinterpret(Long.MAX_VALUE).getString(0));
        }
    }

    private static int errno(MemorySegment captured) {
        return (int) ERRNO.get(captured, 0L);
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = ERRNO_OPTION;
        System.arraycopy(more, 0, options, 1, more.length);
        MemorySegment symbol = C.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no " + name + " in the C library"));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** A downcall threw: only a bug (a wrong descriptor, a closed arena) can do that. */
    private static Error linkage(Throwable e) {
        if (e instanceof Error error) {
            return error;
        }
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        return new AssertionError("a downcall threw " + e, e);
    }
}
