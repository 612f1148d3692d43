package dev.sockets.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every area of the kit: the provider under test, addresses to use, capability checks
 * that skip with a reason, and the check after every test that nothing was left behind (§13).
 *
 * <p>A subclass for one area supplies {@link #provider()}. Tests that need two ends take the client
 * side from {@link #clientProvider()} and the server side from {@link #serverProvider()}; both are
 * {@link #provider()} unless a subclass pairs two providers.
 *
 * <p>Every test is bounded (120 s, on a separate thread), also when an area runs on its own rather
 * than through {@link ConformanceKit}, so that a provider whose call never returns fails the test
 * instead of stalling the run.
 *
 * <h2>An area of one's own</h2>
 * A rule of one's own (a rule file named by {@link ConformanceKit#ownRules()}) is tested in an area of
 * one's own: a {@link org.junit.jupiter.api.Nested} subclass of this class inside the kit subclass, whose
 * tests are named after the rules ({@code required_s100_1_…}) and use the kit's helpers:
 * {@link #connectedPair(Domain)}, {@link #anyLocal(Domain)}, {@link Streams}, {@link Generators},
 * {@link Theories}. The check that nothing is left behind runs after each of its tests as after the
 * kit's own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
@ExtendWith(OptOutCondition.class)
public abstract class ProviderVerification {

    /** What a decorator with a name of its own must do to pass §1.2, §1.7, §1.8 and §13.2: the failures of those say it. */
    static final String DECORATOR_NAME = "A decorator takes its delegate's name (§1.7: ForwardingSocketProvider.name()"
            + " returns it; do not override name()), or makes its refusals and threads its own: checkSupported in its own"
            + " name before it forwards, handlers on threads named sockets-<its name>-… (§1.8)";

    private static final AtomicInteger NEXT_PATH = new AtomicInteger();

    private Path socketDir;
    private ResourceSnapshot before;

    /** For a subclass that supplies the provider under test. */
    protected ProviderVerification() {
    }

    /**
     * Returns the provider under test. Called once per test; may return a new instance each time.
     *
     * @return the provider under test
     */
    protected abstract SocketProvider provider();

    /**
     * Returns the provider of the client side of two-ended tests; {@link #provider()} by default.
     *
     * @return the provider that connects
     */
    protected SocketProvider clientProvider() {
        return provider();
    }

    /**
     * Returns the provider of the server side of two-ended tests; {@link #provider()} by default.
     *
     * @return the provider that listens, accepts and serves
     */
    protected SocketProvider serverProvider() {
        return provider();
    }

    /**
     * Returns the optional rules (SHOULD, MAY) the provider does not follow, each with why: their tests
     * are skipped with that reason, which the conformance matrix shows. None unless overridden. Used
     * when this area runs on its own; inside a {@link ConformanceKit} or an {@link InteropKit}, the kit's
     * {@code optOuts()} counts.
     *
     * @return the rule ("§3.4") and the reason of each opt-out
     */
    protected Map<String, String> optOuts() {
        return Map.of();
    }

    @BeforeEach
    final void recordResources(TestInfo test) throws IOException {
        // A short path under /tmp: a UNIX-domain path must fit in 106 bytes (Addresses.MAX_UNIX_PATH_BYTES).
        socketDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "sk");
        before = ResourceSnapshot.take(socketDir, threadPrefixes());
    }

    @AfterEach
    final void checkNothingLeftBehind() throws IOException {
        try {
            ResourceSnapshot.awaitNoLeak(before, socketDir, threadPrefixes());
        } finally {
            ResourceSnapshot.deleteRecursively(socketDir);
        }
    }

    private String[] threadPrefixes() {
        return new String[] {
            "sockets-" + clientProvider().name() + "-", "sockets-" + serverProvider().name() + "-"
        };
    }

    /**
     * Skips the test, with the reason, unless the provider under test (both sides, when paired)
     * supports {@code type} in {@code domain}.
     *
     * @param domain the domain the test needs
     * @param type the socket type the test needs
     */
    protected final void assumeSupported(Domain domain, SocketType type) {
        for (SocketProvider p : new SocketProvider[] {clientProvider(), serverProvider()}) {
            assumeTrue(p.supports(domain, type),
                    () -> "provider '" + p.name() + "' does not support " + domain.posixName() + " " + type.posixName());
        }
    }

    /**
     * Skips the test when this run pairs two different providers, for a test that exercises the
     * client's provider alone (a connect to a listener that never answers, say): in a pair it would
     * only repeat, at the cost of its waits, the run of the client provider's own kit.
     */
    protected final void assumeOwnKitRun() {
        String client = clientProvider().name();
        assumeTrue(client.equals(serverProvider().name()),
                () -> "uses one end only: the kit's run of provider '" + client + "' has it");
    }

    /**
     * Returns an address to bind in {@code domain}: the loopback address with port 0, or a fresh path
     * in this test's temporary folder. Skips the test when the machine has no such loopback (IPv6).
     *
     * @param domain the domain of the address
     * @return an address no one is bound to, for this test only
     */
    protected final SocketAddress anyLocal(Domain domain) {
        return switch (domain) {
            case INET -> new InetSocketAddress(ipv4Loopback(), 0);
            case INET6 -> new InetSocketAddress(ipv6Loopback(), 0);
            case UNIX -> UnixDomainSocketAddress.of(socketDir.resolve("s" + NEXT_PATH.incrementAndGet() + ".sock"));
        };
    }

    /**
     * Connects a client of {@link #clientProvider()} to a listener of {@link #serverProvider()} bound to
     * {@link #anyLocal(Domain) anyLocal(domain)}, and accepts it. Skips unless both support streams in
     * {@code domain}.
     *
     * @param domain the domain of the pair
     * @param clientOptions the options of the client's connect
     * @param listenOptions the options of the listener, and so of the accepted connection
     * @return the client, the accepted connection and the listener, all open; close it after the test
     * @throws IOException if listening, connecting or accepting fails
     */
    protected final ConnectedPair connectedPair(Domain domain, StreamOptions clientOptions, ListenOptions listenOptions)
            throws IOException {
        assumeSupported(domain, SocketType.STREAM);
        Listener listener = serverProvider().listen(anyLocal(domain), listenOptions);
        try {
            Connection client = clientProvider().connect(listener.localAddress(), clientOptions);
            try {
                return new ConnectedPair(client, listener.accept(), listener);
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /**
     * {@link #connectedPair(Domain, StreamOptions, ListenOptions)} with default options.
     *
     * @param domain the domain of the pair
     * @return the client, the accepted connection and the listener, all open; close it after the test
     * @throws IOException if listening, connecting or accepting fails
     */
    protected final ConnectedPair connectedPair(Domain domain) throws IOException {
        return connectedPair(domain, StreamOptions.defaults(), ListenOptions.defaults());
    }

    /**
     * Returns this test's temporary folder, checked for leftover socket files after the test (§13.3).
     *
     * @return the folder, short enough for UNIX-domain paths
     */
    protected final Path socketDir() {
        return socketDir;
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress ipv6Loopback() {
        try {
            InetAddress address = InetAddress.getByName("::1");
            assumeTrue(Ipv6.available(), "this machine has no IPv6 loopback");
            return address;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
