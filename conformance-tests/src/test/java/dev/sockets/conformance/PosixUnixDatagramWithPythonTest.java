package dev.sockets.conformance;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The posix provider's UNIX-domain datagrams against a peer that is not Java: CPython's
 * {@code socket} module, which is a thin layer over the same {@code socket(2)}, {@code sendto(2)}
 * and {@code recvmsg(2)}. The bytes and the addresses on the wire are plain POSIX: Python sees the
 * datagram as sent, a reply longer than its buffer arrives with {@code MSG_TRUNC}, and each side sees
 * the other's path (or abstract name, §11.10) as the sender.
 */
class PosixUnixDatagramWithPythonTest {

    /** Binds argv[1], sends to argv[2], receives the reply into 8 bytes, prints what it saw. */
    private static final String PEER = String.join("\n",
            "import os, socket, sys",
            "def addr(a): return b'\\0' + a[1:].encode() if a.startswith('@') else a",
            "me, java = sys.argv[1], sys.argv[2]",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.settimeout(20)",
            "s.bind(addr(me))",
            "s.sendto(b'ping from python', addr(java))",
            "data, ancillary, flags, sender = s.recvmsg(8)",
            "sender = '@' + sender[1:].decode() if isinstance(sender, bytes) else sender",
            "print(data.decode(), 'MSG_TRUNC' if flags & socket.MSG_TRUNC else 'whole', sender, sep='|')",
            "s.close()",
            "if not me.startswith('@'): os.unlink(me)");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paths", "abstract names"})
    void aPythonPeerExchangesDatagramsWithThePosixProvider(String kind, @TempDir Path dir) throws Exception {
        assumeTrue(python3(), "python3 is not on the PATH");
        SocketProvider posix = Sockets.provider("posix");
        String tag = ProcessHandle.current().pid() + "-" + System.nanoTime();
        boolean abstractNames = kind.equals("abstract names");
        UnixDomainSocketAddress ours = UnixDomainSocketAddress.of(abstractNames ? "@sockets-java-" + tag : dir.resolve("java.sock").toString());
        String theirs = abstractNames ? "@sockets-python-" + tag : dir.resolve("python.sock").toString();
        try (DatagramEndpoint java = posix.openDatagram(ours, DatagramOptions.defaults().withReceiveTimeout(Duration.ofSeconds(20)))) {
            Process python = new ProcessBuilder("python3", "-c", PEER, theirs, ours.getPath().toString())
                    .redirectErrorStream(true).start();
            try {
                ByteBuffer dst = ByteBuffer.allocate(64);
                SocketAddress sender = java.receive(dst);
                assertEquals(UnixDomainSocketAddress.of(theirs), sender, "the Python socket's address, as recvfrom gave it");
                assertEquals("ping from python", new String(dst.array(), 0, dst.position(), US_ASCII));

                java.send(ByteBuffer.wrap("pong from java".getBytes(US_ASCII)), sender);
                assertTrue(python.waitFor(30, TimeUnit.SECONDS), "python3 ended");
                String seen = new String(python.getInputStream().readAllBytes(), US_ASCII).strip();
                assertEquals(0, python.exitValue(), seen);
                assertEquals("pong fro|MSG_TRUNC|" + ours.getPath(), seen,
                        "Python received the first 8 bytes, the kernel's MSG_TRUNC, and our address");
            } finally {
                python.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertTrue(abstractNames || Files.notExists(dir.resolve("java.sock")), "the socket file is removed on close");
    }

    private static boolean python3() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
