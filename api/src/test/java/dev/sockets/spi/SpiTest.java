package dev.sockets.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.ConnectionResetException;
import dev.sockets.Domain;
import dev.sockets.SocketClosedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpiTest {

    @Test
    void addressesAreFormattedLikeTheJdksMessages() throws Exception {
        assertEquals("127.0.0.1:4321", Addresses.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4321)));
        assertEquals("[::1]:4321", Addresses.format(new InetSocketAddress(InetAddress.getByName("::1"), 4321)));
        assertEquals("/tmp/a.sock", Addresses.format(UnixDomainSocketAddress.of("/tmp/a.sock")));
        assertEquals("[fe80::1:0:0:2]:1", Addresses.format(new InetSocketAddress(InetAddress.getByName("fe80:0:0:0:1:0:0:2"), 1)));
        assertEquals("[2001:db8::1]:53", Addresses.format(new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:0:0:0:1"), 53)));
        assertEquals("[::]:0", Addresses.format(new InetSocketAddress(InetAddress.getByName("::"), 0)));
        assertEquals("[1:2:3:4:5:6:7:8]:9", Addresses.format(new InetSocketAddress(InetAddress.getByName("1:2:3:4:5:6:7:8"), 9)));
        assertEquals("nowhere.invalid:1", Addresses.format(InetSocketAddress.createUnresolved("nowhere.invalid", 1)));
    }

    @Test
    void aUnixPathTooLongForThePlatformIsRefusedBeforeBind() {
        String path = "/tmp/" + "x".repeat(Addresses.MAX_UNIX_PATH_BYTES - 4);
        var e = assertThrows(IllegalArgumentException.class, () -> Addresses.checkUnixPath(UnixDomainSocketAddress.of(path)));
        assertEquals("§2.3: UNIX-domain socket path too long: " + (Addresses.MAX_UNIX_PATH_BYTES + 1)
                + " bytes, the platform allows " + Addresses.MAX_UNIX_PATH_BYTES + ": " + path, e.getMessage());
        String fits = "/tmp/" + "x".repeat(Addresses.MAX_UNIX_PATH_BYTES - 5);
        Addresses.checkUnixPath(UnixDomainSocketAddress.of(fits));
        assertEquals(106, Addresses.maxUnixPathBytes("Linux"));
        assertEquals(102, Addresses.maxUnixPathBytes("Mac OS X"));
    }

    @Test
    void timeoutsRoundUpSoThatNoTimeoutNeverBecomesInfinite() {
        assertEquals(0, Timeouts.millis(Duration.ZERO));
        assertEquals(1, Timeouts.millis(Duration.ofNanos(1)));
        assertEquals(2, Timeouts.millis(Duration.ofNanos(1_000_001)));
        assertEquals(Integer.MAX_VALUE, Timeouts.millis(Duration.ofDays(365 * 100)));
        // §9.5: the extremes of Duration are "practically forever", never a wrapped 1 ms.
        assertEquals(Integer.MAX_VALUE, Timeouts.millis(Duration.ofMillis(Long.MAX_VALUE)));
        assertEquals(Integer.MAX_VALUE, Timeouts.millis(java.time.temporal.ChronoUnit.FOREVER.getDuration()));
        assertEquals(Integer.MAX_VALUE, Timeouts.millis(Duration.ofNanos(Long.MAX_VALUE)));
        assertEquals(Long.MAX_VALUE, Timeouts.deadline(Duration.ofMillis(Long.MAX_VALUE)));
        assertEquals(1, Timeouts.millis(Duration.ofMillis(1)));
        assertEquals(Long.MAX_VALUE, Timeouts.nanos(Duration.ZERO));
        assertEquals(Long.MAX_VALUE, Timeouts.nanos(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Long.MAX_VALUE, Timeouts.deadline(Duration.ZERO));
        assertEquals(Long.MAX_VALUE, Timeouts.deadline(Duration.ofDays(365 * 1000)));
        long deadline = Timeouts.deadline(Duration.ofSeconds(10));
        long remaining = Timeouts.remaining(deadline);
        assertTrue(remaining > 0 && remaining <= Duration.ofSeconds(10).toNanos(), "remaining " + remaining);
    }

    @Test
    void jdkExceptionsAreTranslatedToTheTaxonomy() {
        assertInstanceOf(SocketClosedException.class, Errors.translate(new AsynchronousCloseException()));
        assertInstanceOf(SocketClosedException.class, Errors.translate(new SocketException("Socket closed")));
        IOException reset = Errors.translate(new SocketException("Connection reset by peer"));
        assertInstanceOf(ConnectionResetException.class, reset);
        assertEquals("Connection reset", reset.getMessage());
        IOException pipe = Errors.translate(new IOException("Broken pipe"));
        assertEquals("Broken pipe", pipe.getMessage());
        assertInstanceOf(ConnectionResetException.class, pipe);
        IOException other = new IOException("No route to host");
        assertSame(other, Errors.translate(other));
    }

    @Test
    void bindAndConnectFailuresSayWhatTheKernelSaidWithTheAddress() throws Exception {
        var address = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0);
        assertEquals("Cannot assign requested address: 192.0.2.1:0",
                Errors.bindFailed(address, new java.net.BindException("Cannot assign requested address")).getMessage());
        assertEquals("Address already in use: 192.0.2.1:0",
                Errors.bindFailed(address, new java.net.BindException("Address already in use")).getMessage());
        assertEquals("Permission denied: 192.0.2.1:0",
                Errors.bindFailed(address, new java.net.SocketException("Permission denied")).getMessage());
        var path = java.net.UnixDomainSocketAddress.of("/tmp/nothing.sock");
        assertEquals("Connection refused: /tmp/nothing.sock",
                Errors.connectFailed(path, new java.net.SocketException("No such file or directory")).getMessage());
        assertEquals("Network is unreachable: 192.0.2.1:0",
                Errors.connectFailed(address, new java.net.ConnectException("Network is unreachable")).getMessage());
        assertTrue(Errors.isBacklogFull(new java.net.SocketException("Resource temporarily unavailable")));
        assertTrue(Errors.isNotConnected(new java.net.SocketException("Transport endpoint is not connected")));
        assertEquals("Closed by interrupt",
                Errors.translate(new java.nio.channels.ClosedByInterruptException()).getMessage());
        assertEquals("Closed by interrupt", Errors.translate(new SocketException("Closed by interrupt")).getMessage());
        assertEquals("Port unreachable: 192.0.2.1:0", Errors.portUnreachable(address, null).getMessage());
    }

    @Test
    void messagesNameTheAddress() throws Exception {
        var address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4321);
        assertEquals("Connection refused: 127.0.0.1:4321", Errors.refused(address, null).getMessage());
        assertEquals("Address already in use: 127.0.0.1:4321", Errors.addressInUse(address, null).getMessage());
        assertEquals("Connect timed out: 127.0.0.1:4321", Errors.connectTimedOut(address).getMessage());
    }

    @Test
    void argumentChecksNameWhatIsWrong() throws Exception {
        assertEquals("§2.4: read-only buffer", assertThrows(IllegalArgumentException.class,
                () -> Arguments.readable(ByteBuffer.allocate(1).asReadOnlyBuffer())).getMessage());
        assertEquals("dst", assertThrows(NullPointerException.class, () -> Arguments.readable(null)).getMessage());
        var v6 = new InetSocketAddress(InetAddress.getByName("::1"), 9);
        assertEquals("§2.3: AF_INET6 address [::1]:9 given to an AF_INET socket",
                assertThrows(IllegalArgumentException.class, () -> Arguments.peer(Domain.INET, v6)).getMessage());
        assertEquals("§11.4: datagram too large: 65508 bytes, the most over AF_INET is 65507",
                assertThrows(IllegalArgumentException.class,
                        () -> Arguments.datagramPayload(Domain.INET, ByteBuffer.allocate(65_508))).getMessage());
        Arguments.datagramPayload(Domain.INET6, ByteBuffer.allocate(65_527));
    }

    @Test
    void countersCountWhatHandlersDo() {
        ServerCounters counters = new ServerCounters();
        counters.accepted();
        counters.accepted();
        counters.closed();
        counters.read(10);
        counters.written(7);
        counters.handlerFailed();
        var stats = counters.snapshot();
        assertEquals(1, stats.connectionsOpen());
        assertEquals(2, stats.connectionsAccepted());
        assertEquals(10, stats.bytesRead());
        assertEquals(7, stats.bytesWritten());
        assertEquals(1, stats.handlerFailures());
    }

    @Test
    void aCountingConnectionCountsBytesAndStaysTheOneCallsChainOn() throws Exception {
        Connection fake = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "read" -> {
                        ((ByteBuffer) args[0]).put((byte) 1).put((byte) 2);
                        yield 2;
                    }
                    case "write" -> {
                        ByteBuffer src = (ByteBuffer) args[0];
                        src.position(src.limit());
                        yield null;
                    }
                    case "isOpen" -> true;
                    case "option" -> args.length == 2 ? proxy : Boolean.TRUE;
                    default -> null;
                });
        ServerCounters counters = new ServerCounters();
        Connection counting = counters.counting(fake);
        assertEquals(2, counting.read(ByteBuffer.allocate(8)));
        counting.write(ByteBuffer.allocate(5));
        assertEquals(2, counters.snapshot().bytesRead());
        assertEquals(5, counters.snapshot().bytesWritten());
        assertSame(counting, counting.option(StandardSocketOptions.TCP_NODELAY, true), "set returns the decorator");
        assertEquals(Boolean.TRUE, counting.option(StandardSocketOptions.TCP_NODELAY));
        assertTrue(counting.isOpen());
    }

    @Test
    void threadsAreNamedAfterTheProvider() throws Exception {
        Thread platform = ProviderThreads.platform("x", "accept").newThread(() -> { });
        assertEquals("sockets-x-accept-1", platform.getName());
        assertTrue(platform.isDaemon());
        Thread virtual = ProviderThreads.virtual("x", "handler").newThread(() -> { });
        assertEquals("sockets-x-handler-1", virtual.getName());
        assertTrue(virtual.isVirtual());
    }
}
