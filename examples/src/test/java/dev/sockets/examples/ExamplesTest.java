package dev.sockets.examples;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Server;
import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples, written once against the API, run unchanged on every provider. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExamplesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "nio", "virtualthreads"})
    void theEchoServerSendsBackEveryByte(String name) throws Exception {
        SocketProvider provider = Sockets.provider(name);
        byte[] message = new byte[300_000];
        new Random(42).nextBytes(message);
        try (Server server = EchoServer.start(provider, new InetSocketAddress("127.0.0.1", 0))) {
            assertArrayEquals(message, EchoClient.echo(provider, server.localAddress(), message));
            assertArrayEquals(new byte[0], EchoClient.echo(provider, server.localAddress(), new byte[0]));
            await().atMost(ofSeconds(10)).until(() -> server.stats().connectionsOpen() == 0);
            assertEquals(message.length, server.stats().bytesRead());
            assertEquals(message.length, server.stats().bytesWritten());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "nio", "virtualthreads"})
    void theEchoServerWorksOverUnixDomainSockets(String name) throws Exception {
        SocketProvider provider = Sockets.provider(name);
        byte[] message = "over a UNIX-domain socket".getBytes(StandardCharsets.UTF_8);
        Path path = Files.createTempDirectory(Path.of("/tmp"), "ex").resolve("echo.sock");
        try (Server server = EchoServer.start(provider, UnixDomainSocketAddress.of(path))) {
            assertArrayEquals(message, EchoClient.echo(provider, server.localAddress(), message));
        } finally {
            Files.deleteIfExists(path.getParent());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "nio", "virtualthreads"})
    void theChatServerRelaysLinesToEveryOtherClient(String name) throws Exception {
        SocketProvider provider = Sockets.provider(name);
        try (Server server = ChatServer.start(provider, new InetSocketAddress("127.0.0.1", 0));
             Connection ann = provider.connect(server.localAddress());
             Connection bob = provider.connect(server.localAddress());
             Connection cy = provider.connect(server.localAddress())) {
            Lines annLines = new Lines(ann);
            Lines bobLines = new Lines(bob);
            Lines cyLines = new Lines(cy);
            // One at a time: a member is registered once it has read its welcome.
            send(ann, "ann\n");
            assertEquals(Optional.of("welcome ann"), annLines.next());
            send(bob, "bob\n");
            assertEquals(Optional.of("welcome bob"), bobLines.next());
            assertEquals(Optional.of("bob joined"), annLines.next());
            send(cy, "cy\n");
            assertEquals(Optional.of("welcome cy"), cyLines.next());
            assertEquals(Optional.of("cy joined"), annLines.next());
            assertEquals(Optional.of("cy joined"), bobLines.next());

            send(ann, "hello\n");
            assertEquals(Optional.of("ann: hello"), bobLines.next());
            assertEquals(Optional.of("ann: hello"), cyLines.next());
            ann.close();
            assertEquals(Optional.of("ann left"), bobLines.next());
            assertEquals(Optional.of("ann left"), cyLines.next());
        }
    }

    @Test
    void helpPrintsTheUsage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            EchoClient.main(new String[] {"--help"});
        } finally {
            System.setOut(previous);
        }
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.startsWith("usage: EchoClient [--provider NAME]"), usage);
        assertTrue(usage.contains("--unix PATH"), usage);
    }

    @Test
    void theCommandLineNamesWhatIsWrong() {
        assertEquals("port out of range: 70000",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--port", "70000"}, 1)).getMessage());
        assertEquals("--provider needs a value",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--provider"}, 1)).getMessage());
        assertEquals("unknown option: --colour",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(new String[] {"--colour"}, 1)).getMessage());
        CommandLine line = CommandLine.parse(new String[] {"--provider", "nio", "--unix", "/tmp/x.sock", "hi", "there"}, 1);
        assertEquals(Optional.of("nio"), line.provider());
        assertEquals(UnixDomainSocketAddress.of("/tmp/x.sock"), line.address());
        assertEquals(java.util.List.of("hi", "there"), line.words());
        assertEquals("nio", CommandLine.parse(new String[] {"--provider", "nio"}, 1).socketProvider().name());
    }

    @Test
    void theCountingProviderCountsBothDirections() throws Exception {
        CountingSocketProvider counting = new CountingSocketProvider(Sockets.provider("blocking"));
        byte[] message = new byte[10_000];
        try (Server server = EchoServer.start(counting, new InetSocketAddress("127.0.0.1", 0))) {
            EchoClient.echo(counting, server.localAddress(), message);
            await().atMost(ofSeconds(10)).until(() -> server.stats().connectionsOpen() == 0);
        }
        // The client wrote and read the message, and so did the server's handler.
        assertEquals(2L * message.length, counting.totals().bytesWritten());
        assertEquals(2L * message.length, counting.totals().bytesRead());
    }

    @Test
    void theCountingProviderCountsDatagramsAndGoesByItsDelegatesName() throws Exception {
        CountingSocketProvider counting = new CountingSocketProvider(Sockets.provider("blocking"));
        assertEquals("blocking", counting.name());
        assertEquals("counting(blocking)", counting.toString());
        // A receive timeout, so that a lost datagram fails the test instead of hanging it.
        DatagramOptions options = DatagramOptions.defaults().withReceiveTimeout(ofSeconds(10));
        try (DatagramEndpoint a = counting.openDatagram(new InetSocketAddress("127.0.0.1", 0), options);
                DatagramEndpoint b = counting.openDatagram(new InetSocketAddress("127.0.0.1", 0), options)) {
            b.connect(a.localAddress());
            a.send(ByteBuffer.allocate(300), b.localAddress());
            b.send(ByteBuffer.allocate(200));
            // Only 100 of the 300 bytes fit: the rest of the datagram is discarded (§11.5), and not counted.
            assertEquals(a.localAddress(), b.receive(ByteBuffer.allocate(100)));
            assertEquals(b.localAddress(), a.receive(ByteBuffer.allocate(1000)));
        }
        assertEquals(500, counting.totals().bytesWritten());
        assertEquals(300, counting.totals().bytesRead());
    }

    private static void send(Connection connection, String text) throws Exception {
        connection.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
