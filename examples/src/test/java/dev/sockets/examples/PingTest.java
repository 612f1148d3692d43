package dev.sockets.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.sockets.Sockets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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

    /** As root, what ping prints and exit code 0; without the privilege, one line that says so and exit code 1. */
    @Test
    void theCommandPrintsWhatPingPrintsOrOneLineWhyNot() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Examples.commandLine(new Ping()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("127.0.0.1");
        if (exit == 0) {
            List<String> lines = out.toString().lines().toList();
            assertEquals("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.", lines.get(0));
            assertTrue(lines.get(1).startsWith("64 bytes from 127.0.0.1: icmp_seq=1 ttl="), lines.get(1));
            assertEquals("--- 127.0.0.1 ping statistics ---", lines.get(3));
            assertTrue(lines.get(4).startsWith("1 packets transmitted, 1 received, 0% packet loss, time "), lines.get(4));
            assertEquals("", err.toString());
        } else {
            assertEquals(1, exit, err::toString);
            List<String> lines = err.toString().lines().toList();
            assertEquals(1, lines.size(), err::toString);
            assertTrue(lines.get(0).startsWith("Ping: Operation not permitted: AF_INET SOCK_RAW needs CAP_NET_RAW"), lines.get(0));
        }
    }
}
