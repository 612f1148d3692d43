package dev.sockets.posix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct sockaddr_in}, {@code sockaddr_in6} and {@code sockaddr_un} as memory layouts, and the
 * JDK's address types written into them and read back out of them.
 *
 * <h2>Linux's abstract namespace</h2>
 * A UNIX-domain name whose first byte of {@code sun_path} is NUL lives in no file system: it exists
 * while a socket is bound to it, needs no file and leaves none. A {@link java.nio.file.Path} cannot
 * hold a NUL, so, as Go's {@code net} package does, a {@link UnixDomainSocketAddress} whose path
 * starts with {@value #ABSTRACT_PREFIX} stands for the abstract name after it: {@code "@demo"} is
 * {@code sun_path = "\0demo"}, with an address length that counts exactly the name's bytes (no NUL
 * at the end, which would be part of the name). Names are read back the same way.
 */
final class SockAddr {

    /** The first character of a UNIX-domain path that names a socket in Linux's abstract namespace. */
    static final String ABSTRACT_PREFIX = "@";

    /** {@code sizeof(struct sockaddr_storage)}: room for any address the kernel writes back. */
    static final int STORAGE_BYTES = 128;

    private static final ValueLayout.OfShort PORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    /** {@code struct sockaddr_in}. */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"), PORT.withName("sin_port"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    /** {@code struct sockaddr_in6}. */
    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"), PORT.withName("sin6_port"), JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"), JAVA_INT.withName("sin6_scope_id"));

    /** {@code struct sockaddr_un}: {@code sun_path} is 108 bytes on Linux. */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"), MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));

    private static final long IN_PORT = SOCKADDR_IN.byteOffset(MemoryLayout.PathElement.groupElement("sin_port"));
    private static final long IN_ADDR = SOCKADDR_IN.byteOffset(MemoryLayout.PathElement.groupElement("sin_addr"));
    private static final long IN6_PORT = SOCKADDR_IN6.byteOffset(MemoryLayout.PathElement.groupElement("sin6_port"));
    private static final long IN6_FLOW = SOCKADDR_IN6.byteOffset(MemoryLayout.PathElement.groupElement("sin6_flowinfo"));
    private static final long IN6_ADDR = SOCKADDR_IN6.byteOffset(MemoryLayout.PathElement.groupElement("sin6_addr"));
    private static final long IN6_SCOPE = SOCKADDR_IN6.byteOffset(MemoryLayout.PathElement.groupElement("sin6_scope_id"));
    private static final long UN_PATH = SOCKADDR_UN.byteOffset(MemoryLayout.PathElement.groupElement("sun_path"));
    private static final int SUN_PATH_BYTES = (int) (SOCKADDR_UN.byteSize() - UN_PATH);

    private SockAddr() {
    }

    /** Returns the address family of {@code address}: {@code AF_INET}, {@code AF_INET6} or {@code AF_UNIX}. */
    static int family(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return Libc.AF_UNIX;
        }
        return ((InetSocketAddress) address).getAddress() instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
    }

    /**
     * Writes {@code address} into {@code to} (at least {@link #STORAGE_BYTES} long) and returns the
     * address length to pass with it.
     *
     * @throws IllegalArgumentException if a UNIX-domain path does not fit {@code sun_path}
     */
    static int write(SocketAddress address, MemorySegment to) {
        to.asSlice(0, STORAGE_BYTES).fill((byte) 0);
        if (address instanceof UnixDomainSocketAddress unix) {
            to.set(JAVA_SHORT, 0, (short) Libc.AF_UNIX);
            String path = unix.getPath().toString();
            if (path.isEmpty()) {
                return (int) UN_PATH; // unnamed: the family alone
            }
            boolean abstractName = path.startsWith(ABSTRACT_PREFIX);
            byte[] bytes = (abstractName ? path.substring(1) : path).getBytes(StandardCharsets.UTF_8);
            // A path needs its NUL; an abstract name needs its leading NUL instead.
            if (bytes.length + 1 > SUN_PATH_BYTES) {
                throw new IllegalArgumentException("§2.3: UNIX-domain socket path too long: " + bytes.length
                        + " bytes, sun_path holds " + (SUN_PATH_BYTES - 1) + ": " + path);
            }
            MemorySegment.copy(bytes, 0, to, JAVA_BYTE, UN_PATH + (abstractName ? 1 : 0), bytes.length);
            return (int) UN_PATH + bytes.length + 1;
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        InetAddress ip = inet.getAddress();
        if (ip instanceof Inet4Address) {
            to.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
            to.set(PORT, IN_PORT, (short) inet.getPort());
            MemorySegment.copy(ip.getAddress(), 0, to, JAVA_BYTE, IN_ADDR, 4);
            return (int) SOCKADDR_IN.byteSize();
        }
        Inet6Address v6 = (Inet6Address) ip;
        to.set(JAVA_SHORT, 0, (short) Libc.AF_INET6);
        to.set(PORT, IN6_PORT, (short) inet.getPort());
        to.set(JAVA_INT, IN6_FLOW, 0);
        MemorySegment.copy(v6.getAddress(), 0, to, JAVA_BYTE, IN6_ADDR, 16);
        to.set(JAVA_INT, IN6_SCOPE, v6.getScopeId());
        return (int) SOCKADDR_IN6.byteSize();
    }

    /**
     * Reads the address the kernel wrote into {@code from}, {@code length} bytes of it: an
     * {@link InetSocketAddress}, or a {@link UnixDomainSocketAddress} (empty for an unnamed socket,
     * as the JDK has it; {@code "@name"} for an abstract one).
     */
    static SocketAddress read(MemorySegment from, int length) {
        int family = from.get(JAVA_SHORT, 0) & 0xffff;
        return switch (family) {
            case Libc.AF_INET -> {
                byte[] ip = new byte[4];
                MemorySegment.copy(from, JAVA_BYTE, IN_ADDR, ip, 0, 4);
                yield new InetSocketAddress(inet(ip, 0), from.get(PORT, IN_PORT) & 0xffff);
            }
            case Libc.AF_INET6 -> {
                byte[] ip = new byte[16];
                MemorySegment.copy(from, JAVA_BYTE, IN6_ADDR, ip, 0, 16);
                yield new InetSocketAddress(inet(ip, from.get(JAVA_INT, IN6_SCOPE)), from.get(PORT, IN6_PORT) & 0xffff);
            }
            case Libc.AF_UNIX -> unix(from, length);
            default -> throw new IllegalStateException("the kernel returned an address of family " + family);
        };
    }

    private static UnixDomainSocketAddress unix(MemorySegment from, int length) {
        int pathBytes = Math.max(0, Math.min(length, (int) SOCKADDR_UN.byteSize()) - (int) UN_PATH);
        if (pathBytes == 0) {
            return UnixDomainSocketAddress.of(""); // unnamed: a client that did not bind
        }
        byte[] bytes = new byte[pathBytes];
        MemorySegment.copy(from, JAVA_BYTE, UN_PATH, bytes, 0, pathBytes);
        if (bytes[0] == 0) {
            return UnixDomainSocketAddress.of(ABSTRACT_PREFIX + new String(bytes, 1, pathBytes - 1, StandardCharsets.UTF_8));
        }
        int end = 0;
        while (end < pathBytes && bytes[end] != 0) {
            end++;
        }
        return UnixDomainSocketAddress.of(new String(bytes, 0, end, StandardCharsets.UTF_8));
    }

    private static InetAddress inet(byte[] ip, int scope) {
        try {
            return scope != 0 ? Inet6Address.getByAddress(null, ip, scope) : InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + ip.length + " bytes", e);
        }
    }
}
