package dev.sockets.conformance;

import static dev.sockets.conformance.Theories.qt;
import static dev.sockets.conformance.Theories.unchecked;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.conformance.Generators.Chunking;
import dev.sockets.conformance.Generators.Payload;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The provider against a plain {@code java.net} peer, the known-good reference: one end of every
 * test is the provider under test, the other {@link Socket}, {@link ServerSocket} or
 * {@link DatagramSocket} of the JDK, in both directions — the provider's client against a
 * {@code java.net} server, and a {@code java.net} client against the provider's
 * {@link dev.sockets.SocketProvider#listen listener} and {@link dev.sockets.SocketProvider#serve server}.
 * A provider that passes the rest of the kit only against itself could still speak a dialect (say,
 * a private framing, or a half-close that only it understands); against the JDK it cannot.
 *
 * <p>The provider's client side is {@link #clientProvider()}, its server side {@link #serverProvider()}
 * (both {@link #provider()} unless a subclass says otherwise); datagram endpoints come from
 * {@link #provider()}. Only internet domains are tested: {@code java.net} has no UNIX-domain sockets.
 *
 * <p>The properties are QuickTheories properties run as {@link Theories} runs them: each prints its
 * seed before it starts ({@code [kit] §8.1 AF_INET provider client ⇄ java.net server: 10 examples,
 * seed 1234}); replay a failure with the same test and that seed, for example
 * {@code ./mvnw -B -o -pl api,conformance-kit,impl-blocking,conformance-tests verify -Dtest='InteropBlockingWithJavaNetTest'
 * -Dsurefire.failIfNoSpecifiedTests=false -DQT_SEED=1234}. {@code -DQT_EXAMPLES=n} runs more examples.
 */
@Timeout(value = 120, unit = SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class JavaNetPeerVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected JavaNetPeerVerification() {
    }

    /** How long either end waits for the other before the test fails rather than hangs. */
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);

    private static final int STREAM_EXAMPLES = 10;
    private static final int DATAGRAM_EXAMPLES = 30;
    private static final int SHRINK_CYCLES = 10;

    private static final AtomicInteger NEXT_PEER_THREAD = new AtomicInteger();

    private static final byte[] REQUEST = "request: what is the time?".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "response: time to close".getBytes(StandardCharsets.US_ASCII);

    /** Runs the java.net end of a test while the test's thread runs the provider's end. */
    private ExecutorService peer;

    @BeforeEach
    final void startPeer() {
        peer = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "javanet-peer-" + NEXT_PEER_THREAD.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterEach
    final void stopPeer() throws InterruptedException {
        // Every java.net call has a timeout, so the peer ends within PEER_TIMEOUT whatever happened.
        peer.shutdownNow();
        if (!peer.awaitTermination(PEER_TIMEOUT.toSeconds() + 5, SECONDS)) {
            throw new AssertionError("the java.net peer did not stop");
        }
    }

    // §8.1: the stream delivers exactly the bytes written, in both directions, against java.net.

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s8_1_providerClientAndJavaNetServerExchangeExactBytes(Domain domain) {
        assumeSupported(domain, SocketType.STREAM);
        SocketAddress local = anyLocal(domain);
        qt("§8.1 " + domain.posixName() + " provider client ⇄ java.net server", STREAM_EXAMPLES, SHRINK_CYCLES)
                .forAll(Generators.transfers())
                .checkAssert(unchecked(transfer -> {
                    Payload payload = transfer.payload();
                    try (ServerSocket server = javaNetServer(local)) {
                        Future<byte[]> received = peer.submit(() -> {
                            try (Socket s = accepted(server)) {
                                byte[] in = s.getInputStream().readAllBytes();
                                write(s.getOutputStream(), in, transfer.chunking());
                                s.shutdownOutput();
                                return in;
                            }
                        });
                        try (Connection client = clientProvider().connect(server.getLocalSocketAddress(), streamOptions())) {
                            byte[] bytes = payload.bytes();
                            Streams.write(client, bytes, transfer.chunking().cover(bytes.length), transfer.directBuffers());
                            client.shutdownOutput();
                            byte[] echoed = Streams.readToEnd(client, transfer.readBufferSize(), transfer.directBuffers(), bytes.length);
                            Streams.assertReceived(payload, await(received), "§8.1: what the java.net server read from the provider's client");
                            Streams.assertReceived(payload, echoed, "§8.1: what the provider's client read from the java.net server");
                        }
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s8_1_javaNetClientAndProviderListenerExchangeExactBytes(Domain domain) {
        assumeSupported(domain, SocketType.STREAM);
        qt("§8.1 " + domain.posixName() + " java.net client ⇄ provider listener", STREAM_EXAMPLES, SHRINK_CYCLES)
                .forAll(Generators.transfers())
                .checkAssert(unchecked(transfer -> {
                    Payload payload = transfer.payload();
                    byte[] bytes = payload.bytes();
                    try (Listener listener = serverProvider().listen(anyLocal(domain), listenOptions())) {
                        Future<byte[]> echoed = peer.submit(() -> {
                            try (Socket s = javaNetClient(listener.localAddress())) {
                                write(s.getOutputStream(), bytes, transfer.chunking());
                                s.shutdownOutput();
                                return s.getInputStream().readAllBytes();
                            }
                        });
                        try (Connection accepted = listener.accept()) {
                            byte[] in = Streams.readToEnd(accepted, transfer.readBufferSize(), transfer.directBuffers(), bytes.length);
                            Streams.write(accepted, in, transfer.chunking().cover(in.length), transfer.directBuffers());
                            accepted.shutdownOutput();
                            Streams.assertReceived(payload, in, "§8.1: what the provider's accepted connection read from the java.net client");
                            Streams.assertReceived(payload, await(echoed), "§8.1: what the java.net client read from the provider");
                        }
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s8_1_javaNetClientAndProviderServerExchangeExactBytes(Domain domain) {
        assumeSupported(domain, SocketType.STREAM);
        qt("§8.1 " + domain.posixName() + " java.net client ⇄ provider server", STREAM_EXAMPLES, SHRINK_CYCLES)
                .forAll(Generators.transfers())
                .checkAssert(unchecked(transfer -> {
                    Payload payload = transfer.payload();
                    byte[] bytes = payload.bytes();
                    // The handler reads the whole request before it answers, so a client that writes
                    // everything first cannot deadlock against it, whatever the size.
                    try (Server server = serverProvider().serve(anyLocal(domain), connection -> {
                        byte[] in = Streams.readToEnd(connection, transfer.readBufferSize(), transfer.directBuffers(), bytes.length);
                        Streams.write(connection, in, transfer.chunking().cover(in.length), transfer.directBuffers());
                    }, serverOptions())) {
                        try (Socket s = javaNetClient(server.localAddress())) {
                            write(s.getOutputStream(), bytes, transfer.chunking());
                            s.shutdownOutput();
                            Streams.assertReceived(payload, s.getInputStream().readAllBytes(),
                                    "§8.1: what the java.net client read back from the provider's echo server");
                        }
                    }
                }));
    }

    // §6.1 and §6.4: half-close works across the two implementations, both ways.

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s6_1_providerShutdownOutputIsEndOfStreamForJavaNetServer(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        try (ServerSocket server = javaNetServer(anyLocal(domain))) {
            Future<byte[]> request = peer.submit(() -> {
                try (Socket s = accepted(server)) {
                    byte[] in = s.getInputStream().readAllBytes();
                    s.getOutputStream().write(RESPONSE);
                    return in;
                }
            });
            try (Connection client = clientProvider().connect(server.getLocalSocketAddress(), streamOptions())) {
                client.write(ByteBuffer.wrap(REQUEST));
                client.shutdownOutput();
                client.shutdownOutput();
                assertArrayEquals(REQUEST, await(request), "§6.1: the java.net server reads the request, then end of stream");
                assertArrayEquals(RESPONSE, Streams.readToEnd(client, 7, false, RESPONSE.length),
                        "§6.1: after shutdownOutput the provider's client still reads the response");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s6_1_javaNetShutdownOutputIsEndOfStreamForProviderListener(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(domain), listenOptions())) {
            Future<byte[]> response = peer.submit(() -> {
                try (Socket s = javaNetClient(listener.localAddress())) {
                    s.getOutputStream().write(REQUEST);
                    s.shutdownOutput();
                    return s.getInputStream().readAllBytes();
                }
            });
            try (Connection accepted = listener.accept()) {
                assertArrayEquals(REQUEST, Streams.readToEnd(accepted, 5, false, REQUEST.length),
                        "§6.1: the provider reads the java.net client's request, then end of stream");
                assertEquals(-1, accepted.read(ByteBuffer.allocate(8)), "§5.3: end of stream stays -1");
                accepted.write(ByteBuffer.wrap(RESPONSE));
                accepted.shutdownOutput();
                assertArrayEquals(RESPONSE, await(response),
                        "§6.1: the java.net client still reads the response after its shutdownOutput");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s6_1_providerServerAnswersJavaNetClientAfterItsShutdownOutput(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        try (Server server = serverProvider().serve(anyLocal(domain), connection -> {
            byte[] request = Streams.readToEnd(connection, 64, false, REQUEST.length);
            if (!Arrays.equals(REQUEST, request)) {
                throw new AssertionError("§6.1: the handler read " + request.length + " bytes, not the request");
            }
            connection.write(ByteBuffer.wrap(RESPONSE));
        })) {
            try (Socket s = javaNetClient(server.localAddress())) {
                s.getOutputStream().write(REQUEST);
                s.shutdownOutput();
                assertArrayEquals(RESPONSE, s.getInputStream().readAllBytes(),
                        "§6.1: the provider's handler reads the request to end of stream, then answers");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s6_4_providerClientAndJavaNetServerShutDownBothWays(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        try (ServerSocket server = javaNetServer(anyLocal(domain))) {
            Future<byte[]> request = peer.submit(() -> {
                try (Socket s = accepted(server)) {
                    s.getOutputStream().write(RESPONSE);
                    s.shutdownOutput();
                    return s.getInputStream().readAllBytes();
                }
            });
            try (Connection client = clientProvider().connect(server.getLocalSocketAddress(), streamOptions())) {
                client.write(ByteBuffer.wrap(REQUEST));
                client.shutdownOutput();
                assertArrayEquals(RESPONSE, Streams.readToEnd(client, 3, true, RESPONSE.length), "§6.4: the provider reads java.net's bytes, then -1");
                assertArrayEquals(REQUEST, await(request), "§6.4: java.net reads the provider's bytes, then -1");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s6_4_javaNetClientAndProviderListenerShutDownBothWays(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.STREAM);
        try (Listener listener = serverProvider().listen(anyLocal(domain), listenOptions())) {
            Future<byte[]> response = peer.submit(() -> {
                try (Socket s = javaNetClient(listener.localAddress())) {
                    s.getOutputStream().write(REQUEST);
                    s.shutdownOutput();
                    return s.getInputStream().readAllBytes();
                }
            });
            try (Connection accepted = listener.accept()) {
                accepted.write(ByteBuffer.wrap(RESPONSE));
                accepted.shutdownOutput();
                assertArrayEquals(REQUEST, Streams.readToEnd(accepted, 3, true, REQUEST.length), "§6.4: the provider reads java.net's bytes, then -1");
                assertArrayEquals(RESPONSE, await(response), "§6.4: java.net reads the provider's bytes, then -1");
            }
        }
    }

    // §11.2 and §11.3: datagrams cross between the provider and java.net whole, both ways.

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s11_2_providerDatagramsReachJavaNetWholeWithSender(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain), datagramOptions());
                DatagramSocket javaNet = javaNetDatagram(anyLocal(domain))) {
            qt("§11.2 " + domain.posixName() + " provider → java.net", DATAGRAM_EXAMPLES, SHRINK_CYCLES)
                    .forAll(datagramPayloads(domain)).checkAssert(unchecked(payload -> {
                byte[] bytes = payload.bytes();
                endpoint.send(ByteBuffer.wrap(bytes), javaNet.getLocalSocketAddress());
                DatagramPacket packet = new DatagramPacket(new byte[DatagramEndpoint.MAX_IPV6_PAYLOAD + 1], DatagramEndpoint.MAX_IPV6_PAYLOAD + 1);
                javaNet.receive(packet);
                assertArrayEquals(bytes, Arrays.copyOfRange(packet.getData(), 0, packet.getLength()),
                        "§11.2: the java.net socket receives the provider's datagram whole");
                assertEquals(endpoint.localAddress(), packet.getSocketAddress(), "§11.2: with the provider endpoint's address");
            }));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s11_2_javaNetDatagramsReachProviderWholeWithSender(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain), datagramOptions());
                DatagramSocket javaNet = javaNetDatagram(anyLocal(domain))) {
            qt("§11.2 " + domain.posixName() + " java.net → provider", DATAGRAM_EXAMPLES, SHRINK_CYCLES)
                    .forAll(datagramPayloads(domain)).checkAssert(unchecked(payload -> {
                byte[] bytes = payload.bytes();
                javaNet.send(new DatagramPacket(bytes, bytes.length, endpoint.localAddress()));
                ByteBuffer dst = ByteBuffer.allocate(DatagramEndpoint.MAX_IPV6_PAYLOAD + 1);
                SocketAddress sender = endpoint.receive(dst);
                assertArrayEquals(bytes, Arrays.copyOf(dst.array(), dst.position()),
                        "§11.2: the provider receives the java.net datagram whole");
                assertEquals(javaNet.getLocalSocketAddress(), sender, "§11.2: with the java.net socket's address");
            }));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s11_3_connectedProviderEndpointTalksWithJavaNetPeer(Domain domain) throws Exception {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain), datagramOptions());
                DatagramSocket javaNet = javaNetDatagram(anyLocal(domain));
                DatagramSocket stranger = javaNetDatagram(anyLocal(domain))) {
            endpoint.connect(javaNet.getLocalSocketAddress());
            assertEquals(javaNet.getLocalSocketAddress(), endpoint.remoteAddress().orElseThrow(), "§11.3: remoteAddress()");

            endpoint.send(ByteBuffer.wrap(REQUEST));
            DatagramPacket packet = new DatagramPacket(new byte[64], 64);
            javaNet.receive(packet);
            assertArrayEquals(REQUEST, Arrays.copyOfRange(packet.getData(), 0, packet.getLength()),
                    "§11.3: send(src) reaches the connected java.net peer");

            // The stranger's datagram is sent first: a connected endpoint must never return it.
            stranger.send(new DatagramPacket(REQUEST, REQUEST.length, endpoint.localAddress()));
            javaNet.send(new DatagramPacket(RESPONSE, RESPONSE.length, endpoint.localAddress()));
            ByteBuffer dst = ByteBuffer.allocate(64);
            assertEquals(javaNet.getLocalSocketAddress(), endpoint.receive(dst), "§11.3: receive returns the peer's datagram only");
            assertArrayEquals(RESPONSE, Arrays.copyOf(dst.array(), dst.position()), "§11.3: the peer's datagram, whole");
        }
    }

    // The java.net end, every call bounded by PEER_TIMEOUT.

    private static ServerSocket javaNetServer(SocketAddress local) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setSoTimeout(millis(PEER_TIMEOUT));
            server.bind(local);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static Socket accepted(ServerSocket server) throws IOException {
        Socket s = server.accept();
        s.setSoTimeout(millis(PEER_TIMEOUT));
        return s;
    }

    private static Socket javaNetClient(SocketAddress remote) throws IOException {
        Socket s = new Socket();
        try {
            s.setSoTimeout(millis(PEER_TIMEOUT));
            s.connect(remote, millis(PEER_TIMEOUT));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static DatagramSocket javaNetDatagram(SocketAddress local) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.setSoTimeout(millis(PEER_TIMEOUT));
            socket.bind(local);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    // The provider's end, every wait bounded by PEER_TIMEOUT.

    private static StreamOptions streamOptions() {
        return StreamOptions.defaults().withConnectTimeout(PEER_TIMEOUT).withReadTimeout(PEER_TIMEOUT);
    }

    private static ListenOptions listenOptions() {
        return ListenOptions.defaults().withAcceptTimeout(PEER_TIMEOUT).withConnectionOptions(streamOptions());
    }

    private static DatagramOptions datagramOptions() {
        return DatagramOptions.defaults().withReceiveTimeout(PEER_TIMEOUT);
    }

    private static ServerOptions serverOptions() {
        return ServerOptions.defaults().withListenOptions(listenOptions());
    }

    /** Writes {@code bytes} to a java.net stream in the writes {@code chunking} cuts them into. */
    private static void write(OutputStream out, byte[] bytes, Chunking chunking) throws IOException {
        int from = 0;
        for (int chunk : chunking.cover(bytes.length)) {
            out.write(bytes, from, chunk);
            from += chunk;
        }
        out.flush();
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get(PEER_TIMEOUT.toSeconds() + 5, SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AssertionError("the java.net peer failed", cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("the java.net peer did not finish within " + PEER_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the java.net peer", e);
        }
    }

    private static int millis(Duration d) {
        return Math.toIntExact(d.toMillis());
    }

    /** Datagram payloads from 0 bytes to the largest of the domain (§11.4), skewed to the edges. */
    private static Gen<Payload> datagramPayloads(Domain domain) {
        int max = domain == Domain.INET ? DatagramEndpoint.MAX_IPV4_PAYLOAD : DatagramEndpoint.MAX_IPV6_PAYLOAD;
        Gen<Integer> sizes = Generate.frequency(List.of(
                Pair.of(1, Generate.pick(List.of(0, 1, 1472, 1473, 8192, max - 1, max))),
                Pair.of(2, Generate.range(0, max))));
        return sizes.zip(Generators.seeds(), (size, seed) -> new Payload(seed, size));
    }
}
