package dev.sockets.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.sockets.Sockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ping example answers as {@code ping -c 1} does; skipped, with the reason, without CAP_NET_RAW. */
class PingTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void oneEchoRequestGetsItsReply(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        Ping.Reply reply;
        try {
            reply = Ping.ping(Sockets.provider("posix"), address, 1, Duration.ofSeconds(5));
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("CAP_NET_RAW")) {
                abort(e.getMessage());
            }
            throw e;
        }
        assertEquals(address, reply.from());
        assertEquals(8 + Ping.DATA_BYTES, reply.bytes(), "64 bytes, as ping's default");
        assertEquals(1, reply.sequence());
        assertTrue(reply.time().compareTo(Duration.ofSeconds(5)) < 0);
        assertTrue(reply.line().matches("64 bytes from " + Pattern.quote(Ping.text(address)) + ": icmp_seq=1( ttl=\\d+)? time=\\d+\\.\\d{3} ms"),
                reply.line());
        assertEquals(host, Ping.text(address), "addresses as ping writes them (RFC 5952 for IPv6)");
    }
}
