package dev.sockets.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.ConnectionResetException;
import dev.sockets.spi.Errors;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;

/** The errno table, the sockaddr layouts and the platform check, without a socket. */
class ErrnoAndAddressesTest {

    private static final InetSocketAddress HERE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4321);

    @Test
    void eachErrnoBecomesTheExceptionOfTheTaxonomy() {
        assertEquals("Connection refused: 127.0.0.1:4321",
                Errors.connectFailed(HERE, Errno.exception(Errno.ECONNREFUSED, Errno.Call.CONNECT, "connect")).getMessage());
        assertInstanceOf(PortUnreachableException.class, Errno.exception(Errno.ECONNREFUSED, Errno.Call.INET_DATAGRAM, "recvfrom"));
        assertEquals("Address already in use: 127.0.0.1:4321",
                Errors.bindFailed(HERE, Errno.exception(Errno.EADDRINUSE, Errno.Call.BIND, "bind")).getMessage());
        assertEquals("Cannot assign requested address: 127.0.0.1:4321",
                Errors.bindFailed(HERE, Errno.exception(Errno.EADDRNOTAVAIL, Errno.Call.BIND, "bind")).getMessage());
        assertEquals("Permission denied: 127.0.0.1:4321",
                Errors.bindFailed(HERE, Errno.exception(Errno.EACCES, Errno.Call.BIND, "bind")).getMessage());
        var reset = assertInstanceOf(ConnectionResetException.class, Errno.exception(Errno.ECONNRESET, Errno.Call.STREAM, "recv"));
        assertEquals(Errors.CONNECTION_RESET, reset.getMessage());
        assertEquals("ECONNRESET (104) from recv: Connection reset by peer", reset.getCause().getMessage(), "the kernel's word, kept");
        var pipe = assertInstanceOf(ConnectionResetException.class, Errno.exception(Errno.EPIPE, Errno.Call.STREAM, "send"));
        assertEquals(Errors.BROKEN_PIPE, pipe.getMessage());
        assertEquals("Connection refused: /tmp/x.sock", Errors.connectFailed(UnixDomainSocketAddress.of("/tmp/x.sock"),
                Errno.exception(Errno.ENOENT, Errno.Call.CONNECT, "connect")).getMessage(), "§3.2: ENOENT on a UNIX path");
        assertInstanceOf(ConnectException.class, Errno.exception(Errno.ETIMEDOUT, Errno.Call.CONNECT, "connect"));
        var dead = Errno.exception(Errno.ETIMEDOUT, Errno.Call.STREAM, "recv");
        assertEquals(SocketException.class, dead.getClass(), "a connection the kernel gave up is no timeout of ours");
        assertEquals("Too many open files", Errno.exception(Errno.EMFILE, Errno.Call.STREAM, "accept4").getMessage());
        assertTrue(Errors.isBacklogFull(Errno.exception(Errno.EAGAIN, Errno.Call.CONNECT, "connect")), "§3.6: EAGAIN is a full backlog");
        assertTrue(Errors.isNotConnected(Errno.exception(Errno.ENOTCONN, Errno.Call.STREAM, "shutdown")), "§6.5: ENOTCONN");
        assertEquals("Unknown error 999", Errno.exception(999, Errno.Call.STREAM, "x").getMessage());
    }

    @Test
    void addressesRoundTripThroughTheirLayouts() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment storage = arena.allocate(SockAddr.STORAGE_BYTES);
            for (SocketAddress address : new SocketAddress[] {
                    HERE,
                    new InetSocketAddress(InetAddress.getByName("::1"), 65535),
                    new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0),
                    UnixDomainSocketAddress.of("/tmp/some.sock"),
                    UnixDomainSocketAddress.of("@abstract-name"),
                    UnixDomainSocketAddress.of("")}) {
                int length = SockAddr.write(address, storage);
                assertEquals(address, SockAddr.read(storage, length), "round trip of " + address);
            }
            assertEquals(16, SockAddr.write(HERE, storage), "sizeof(struct sockaddr_in)");
            assertEquals(28, SockAddr.write(new InetSocketAddress(InetAddress.getByName("::1"), 1), storage), "sizeof(sockaddr_in6)");
            assertEquals(2 + 1 + 6, SockAddr.write(UnixDomainSocketAddress.of("@name12"), storage),
                    "an abstract name's length counts its NUL and its bytes, no terminating NUL");
            assertThrows(IllegalArgumentException.class, () -> SockAddr.write(UnixDomainSocketAddress.of("/" + "x".repeat(107)), storage));
        }
    }

    @Test
    void onlyLinuxOnX8664AndAarch64IsServed() {
        assertTrue(Platform.unsupported("Linux", "amd64").isEmpty());
        assertTrue(Platform.unsupported("Linux", "aarch64").isEmpty());
        String why = Platform.unsupported("Mac OS X", "aarch64").orElseThrow();
        assertTrue(why.contains("Linux on x86-64 and aarch64") && why.contains("Mac OS X"), why);
        assertTrue(Platform.unsupported("Linux", "riscv64").isPresent());
    }
}
