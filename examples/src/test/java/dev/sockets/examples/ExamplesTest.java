package dev.sockets.examples;

import static java.time.Duration.ofSeconds;
import static java.util.stream.Collectors.toSet;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Server;
import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import java.io.BufferedReader;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
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
    @ValueSource(strings = {"blocking", "nio", "virtualthreads", "posix"})
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
    @ValueSource(strings = {"blocking", "nio", "virtualthreads", "posix"})
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
    @ValueSource(strings = {"blocking", "nio", "virtualthreads", "posix"})
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
    void theHelpTellsEveryOptionAndItsDefault() {
        Run run = run(new EchoClient(), "--help");
        assertEquals(0, run.exit());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("Usage: EchoClient "), run.out());
        for (String option : List.of("--provider=NAME", "--host=HOST", "--port=N", "--unix=PATH", "WORDS")) {
            assertTrue(run.out().contains(option), () -> option + " in " + run.out());
        }
        String help = run.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("the echo server's port (default: 7007)"), help);
        assertTrue(help.contains("the provider: blocking, nio, posix, virtualthreads (default: blocking;"), help);
    }

    @Test
    void anUnknownProviderIsOneLineAndAUsageError() {
        Run run = run(new EchoServer(), "--provider", "nosuch");
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertEquals(List.of("EchoServer: Invalid value for option '--provider': §1.1: no socket provider named 'nosuch';"
                + " installed: blocking, nio, posix, virtualthreads (see --help)"), run.err().lines().toList());
    }

    @Test
    void badOptionsAreOneLineAndUsageErrors() {
        Run outOfRange = run(new EchoClient(), "--port", "70000", "hi");
        assertEquals(2, outOfRange.exit());
        assertEquals(List.of("EchoClient: Invalid value for option '--port': port out of range: 70000 (see --help)"),
                outOfRange.err().lines().toList());
        Run unknown = run(new ChatServer(), "--colour");
        assertEquals(2, unknown.exit());
        assertEquals(List.of("ChatServer: Unknown option: '--colour' (see --help)"), unknown.err().lines().toList());
    }

    @Test
    void aRefusedConnectionIsOneLineAndExitCode1() throws Exception {
        int port;
        try (ServerSocket closedSoon = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closedSoon.getLocalPort();
        }
        Run run = run(new EchoClient(), "--provider", "nio", "--port", String.valueOf(port), "hello");
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertEquals(List.of("EchoClient: Connection refused: 127.0.0.1:" + port), run.err().lines().toList());
    }

    @Test
    void theClientPrintsTheEcho() throws Exception {
        try (Server server = EchoServer.start(Sockets.provider("blocking"), new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            Run run = run(new EchoClient(), "--provider", "virtualthreads", "--port", String.valueOf(port), "hello", "world");
            assertEquals(0, run.exit(), run.err());
            assertEquals(List.of("hello world"), run.out().lines().toList());
        }
    }

    /**
     * §1.5: with every provider installed and no property, the same default on the class path (its jars put in
     * reverse order of their names, so that ServiceLoader finds virtualthreads first) and on the module path.
     */
    @Test
    void theDefaultProviderIsTheSameOnTheClassPathAndTheModulePath() throws Exception {
        String path = String.join(File.pathSeparator, launchPath());
        String onClassPath = output(java(), "-cp", path, EchoServer.class.getName(), "--help").replaceAll("\\s+", " ");
        String onModulePath = output(java(), "-p", path, "-m", "dev.sockets.examples/" + EchoServer.class.getName(), "--help")
                .replaceAll("\\s+", " ");
        assertTrue(onClassPath.contains("(default: blocking;"), onClassPath);
        assertTrue(onModulePath.contains("(default: blocking;"), onModulePath);
    }

    @Test
    void aServerStoppedWithSigtermSaysNothingAndRemovesItsSocketFile() throws Exception {
        Path socket = Files.createTempDirectory(Path.of("/tmp"), "ex").resolve("chat.sock");
        // Not a pipe: Process.destroy() closes the pipes it made, and what the server says as it stops must be read after.
        Path err = socket.resolveSibling("stderr.txt");
        Process server = new ProcessBuilder(java(), "-cp", String.join(File.pathSeparator, launchPath()),
                ChatServer.class.getName(), "--provider", "nio", "--unix", socket.toString()).redirectError(err.toFile()).start();
        try (BufferedReader out = server.inputReader(StandardCharsets.UTF_8)) {
            assertEquals("chat server (nio) on " + socket, out.readLine());
            assertTrue(Files.exists(socket), "the socket file while it runs");
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "stopped");
            assertEquals(143, server.exitValue(), "the exit code of SIGTERM");
            assertEquals("", Files.readString(err), "what it said on standard error");
            assertFalse(Files.exists(socket), "the socket file after it stopped");
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(err);
            Files.deleteIfExists(socket.getParent());
        }
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

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Examples.commandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The java of this test's JVM: the JDK the build selected. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Where the examples, picocli, the API and each installed provider were loaded from (jars or class folders), the
     * providers in reverse order of their names.
     */
    private static List<String> launchPath() throws Exception {
        List<String> path = new ArrayList<>(List.of(location(EchoServer.class), location(picocli.CommandLine.class),
                location(Sockets.class)));
        List<SocketProvider> providers = new ArrayList<>(Sockets.providers());
        assertEquals(Set.of("blocking", "nio", "posix", "virtualthreads"), providers.stream().map(SocketProvider::name).collect(toSet()));
        providers.sort(Comparator.comparing(SocketProvider::name).reversed());
        for (SocketProvider provider : providers) {
            path.add(location(provider.getClass()));
        }
        return path;
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Runs a command to its end, at most 60 seconds, and returns what it printed; it must exit with 0. */
    private static String output(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> String.join(" ", command));
            assertEquals(0, process.exitValue(), output);
            return output;
        } finally {
            process.destroyForcibly();
        }
    }
}
