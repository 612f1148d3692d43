package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Capability;
import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.Domain;
import dev.sockets.Server;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.Sockets;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §1, discovery and capabilities: what a provider must say about itself, and how it refuses what it
 * cannot do.
 *
 * <p>Discovery by name ({@link Sockets#provider(String)}, the system property
 * {@value Sockets#PROVIDER_PROPERTY}) applies to providers installed for {@link java.util.ServiceLoader};
 * a provider under test that is not installed (a wrapper made by a test) skips those tests, with
 * the reason. Everything else here is what the provider object itself must do.
 */
public abstract class ProvidersVerification extends ProviderVerification {

    /** For a subclass that supplies the provider under test. */
    protected ProvidersVerification() {
    }

    @Test
    void required_s1_1_nameIsLowerCaseAndStable() {
        SocketProvider provider = provider();
        String name = provider.name();
        assertNotNull(name, "§1.1: name()");
        assertFalse(name.isBlank(), "§1.1: name() is blank");
        assertEquals(name.toLowerCase(Locale.ROOT), name, "§1.1: name() is lower case");
        assertEquals(name.strip(), name, "§1.1: name() has no surrounding space");
        assertEquals(name, provider.name(), "§1.1: name() is stable on one object");
        assertEquals(name, provider().name(), "§1.1: name() is stable across instances");
    }

    @Test
    void required_s1_1_anInstalledProviderIsFoundByItsName() {
        SocketProvider provider = provider();
        assumeInstalled(provider);
        SocketProvider found = Sockets.provider(provider.name());
        assertSame(provider.getClass(), found.getClass(), "§1.1: Sockets.provider(\"" + provider.name() + "\")");
        assertEquals(provider.name(), found.name());
    }

    @Test
    void required_s1_1_theSystemPropertyChoosesAnInstalledProvider() {
        SocketProvider provider = provider();
        assumeInstalled(provider);
        String saved = System.getProperty(Sockets.PROVIDER_PROPERTY);
        try {
            System.setProperty(Sockets.PROVIDER_PROPERTY, provider.name());
            assertSame(provider.getClass(), Sockets.provider().getClass(),
                    "§1.1: Sockets.provider() with -D" + Sockets.PROVIDER_PROPERTY + "=" + provider.name());

            System.setProperty(Sockets.PROVIDER_PROPERTY, "no-such-provider");
            IllegalStateException e = assertThrows(IllegalStateException.class, Sockets::provider,
                    "§1.1: a property naming no installed provider");
            assertTrue(e.getMessage().contains(provider.name()), () -> "§1.1: the message lists the installed names: " + e.getMessage());
        } finally {
            if (saved == null) {
                System.clearProperty(Sockets.PROVIDER_PROPERTY);
            } else {
                System.setProperty(Sockets.PROVIDER_PROPERTY, saved);
            }
        }
    }

    @Test
    void required_s1_1_anUnknownNameIsRefusedListingTheInstalledOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sockets.provider("no-such-provider"),
                "§1.1: Sockets.provider(\"no-such-provider\")");
        for (SocketProvider installed : Sockets.providers()) {
            assertTrue(e.getMessage().contains(installed.name()),
                    () -> "§1.1: the message lists the installed provider '" + installed.name() + "': " + e.getMessage());
        }
    }

    @Test
    void required_s1_6_aProviderThatCannotLoadIsSkippedAndTheOthersAreFound() throws IOException {
        List<String> installed = Sockets.providers().stream().map(SocketProvider::name).toList();
        // A service entry that names a class no one has: what ServiceLoader meets when a provider's
        // jar cannot load here (a class file for a later Java fails the same way, ServiceConfigurationError).
        Path dir = Files.createTempDirectory("sockets-s1-6");
        Path services = Files.createDirectories(dir.resolve("META-INF").resolve("services"));
        Path entry = Files.writeString(services.resolve(SocketProvider.class.getName()), "dev.sockets.conformance.NoSuchProvider\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader withBrokenEntry = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(withBrokenEntry);
            List<String> found = Sockets.providers().stream().map(SocketProvider::name).toList();
            assertEquals(installed, found, "§1.6: a provider that cannot load is skipped, the others are found");
            if (!installed.isEmpty()) {
                assertEquals(installed.get(0), Sockets.provider(installed.get(0)).name(), "§1.6: provider(name) too");
            }
        } finally {
            thread.setContextClassLoader(previous);
            Files.delete(entry);
            Files.delete(services);
            Files.delete(services.getParent());
            Files.delete(dir);
        }
    }

    @Test
    void required_s1_2_capabilitiesAreDeclaredAndStable() {
        SocketProvider provider = provider();
        Set<Capability> capabilities = provider.capabilities();
        assertNotNull(capabilities, "§1.2: capabilities()");
        assertFalse(capabilities.isEmpty(), "§1.2: a provider supports at least one domain and type");
        for (Capability c : capabilities) {
            assertNotNull(c, "§1.2: capabilities() holds no null");
            assertTrue(c.type() != SocketType.RAW || c.domain() != Domain.UNIX,
                    () -> "§1.3, §14.4: AF_UNIX SOCK_RAW is no raw socket (Linux makes it SOCK_DGRAM): " + c);
        }
        assertEquals(capabilities, provider.capabilities(), "§1.2: capabilities() is stable");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s1_2_supportsAndCheckSupportedAgreeWithCapabilities(Domain domain) {
        SocketProvider provider = provider();
        for (SocketType type : SocketType.values()) {
            boolean declared = provider.capabilities().contains(Capability.of(domain, type));
            assertEquals(declared, provider.supports(domain, type),
                    () -> "§1.2: supports(" + domain + ", " + type + ") agrees with capabilities() " + provider.capabilities());
            if (declared) {
                provider.checkSupported(domain, type);
            } else {
                assertThrows(UnsupportedOperationException.class, () -> provider.checkSupported(domain, type),
                        () -> "§1.2: checkSupported(" + domain + ", " + type + ") of an undeclared capability");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s1_2_anUndeclaredStreamDomainIsRefusedNamingIt(Domain domain) {
        SocketProvider provider = provider();
        assumeFalse(provider.supports(domain, SocketType.STREAM),
                () -> "provider '" + provider.name() + "' supports " + domain.posixName() + " SOCK_STREAM: nothing to refuse");
        SocketAddress address = addressIn(domain);
        long before = Descriptors.open();
        assertRefusedNaming(provider, domain, SocketType.STREAM, () -> provider.connect(address).close());
        assertRefusedNaming(provider, domain, SocketType.STREAM, () -> provider.listen(address).close());
        assertRefusedNaming(provider, domain, SocketType.STREAM, () -> provider.serve(address, c -> { }).close());
        Descriptors.awaitNoMoreThan(before, "§1.2: refused before any system call: no descriptor");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s1_2_anUndeclaredDatagramDomainIsRefusedNamingIt(Domain domain) {
        SocketProvider provider = provider();
        assumeFalse(provider.supports(domain, SocketType.DATAGRAM),
                () -> "provider '" + provider.name() + "' supports " + domain.posixName() + " SOCK_DGRAM: nothing to refuse");
        SocketAddress address = addressIn(domain);
        long before = Descriptors.open();
        assertRefusedNaming(provider, domain, SocketType.DATAGRAM, () -> provider.openDatagram(address).close());
        Descriptors.awaitNoMoreThan(before, "§1.2: refused before any system call: no descriptor");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s1_3_rawIsRefusedWithTheReasonWhereUndeclared(Domain domain) throws IOException {
        SocketProvider provider = provider();
        assumeFalse(provider.supports(domain, SocketType.RAW),
                () -> "provider '" + provider.name() + "' supports " + domain.posixName() + " SOCK_RAW: nothing to refuse (§14)");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> provider.checkSupported(domain, SocketType.RAW), () -> "§1.3: checkSupported(" + domain + ", RAW)");
        String message = String.valueOf(e.getMessage());
        // The reason follows the refusal: "the JDK has no raw sockets" for a provider built on the JDK.
        assertTrue(message.contains("SOCK_RAW") && message.lastIndexOf(": ") > message.indexOf("SOCK_RAW")
                        && message.length() - message.lastIndexOf(": ") > 10,
                () -> "§1.3: the message names SOCK_RAW and says why: " + e.getMessage());
        if (domain != Domain.UNIX && provider.capabilities().stream().noneMatch(c -> c.type() == SocketType.RAW)) {
            assertTrue(message.toLowerCase(Locale.ROOT).contains("the jdk has no raw sockets"),
                    () -> "§1.3: a provider with no raw sockets at all says that the JDK has none: " + e.getMessage());
        }
        long before = Descriptors.open();
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> provider.openRaw(domain, 1).close(), () -> "§1.3: openRaw(" + domain + ", 1)");
        assertEquals(message, refused.getMessage(), "§1.3: openRaw refuses as checkSupported does");
        Descriptors.awaitNoMoreThan(before, "§1.3: refused before any system call: no descriptor");
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void required_s1_4_theDomainFollowsFromTheAddress(Domain domain) throws IOException {
        try (ConnectedPair pair = connectedPair(domain)) {
            for (SocketAddress a : List.of(pair.listener().localAddress(), pair.client().remoteAddress(),
                    pair.client().localAddress(), pair.server().localAddress(), pair.server().remoteAddress())) {
                assertJdkAddressOf(domain, a);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "INET6"})
    void required_s1_4_datagramAddressesAreTheJdks(Domain domain) throws IOException {
        assumeSupported(domain, SocketType.DATAGRAM);
        try (DatagramEndpoint endpoint = provider().openDatagram(anyLocal(domain))) {
            assertJdkAddressOf(domain, endpoint.localAddress());
        }
    }

    @Test
    void required_s1_4_unresolvedAndUnknownAddressTypesAreRefused() {
        SocketProvider provider = provider();
        SocketAddress unresolved = InetSocketAddress.createUnresolved("localhost", 4321);
        SocketAddress unknown = new SocketAddress() {
            private static final long serialVersionUID = 1L;
        };
        for (SocketAddress bad : List.of(unresolved, unknown)) {
            assertThrows(IllegalArgumentException.class, () -> provider.connect(bad).close(), () -> "§1.4: connect(" + bad + ")");
            assertThrows(IllegalArgumentException.class, () -> provider.listen(bad).close(), () -> "§1.4: listen(" + bad + ")");
            assertThrows(IllegalArgumentException.class, () -> provider.openDatagram(bad).close(),
                    () -> "§1.4: openDatagram(" + bad + ")");
            assertThrows(IllegalArgumentException.class, () -> provider.serve(bad, c -> { }).close(),
                    () -> "§1.4: serve(" + bad + ")");
        }
    }

    @Test
    void required_s1_5_withoutThePropertyTheDefaultIsTheFirstInstalledByName() {
        String saved = System.clearProperty(Sockets.PROVIDER_PROPERTY);
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        try {
            List<String> names = Sockets.providers().stream().map(SocketProvider::name).toList();
            assumeFalse(names.isEmpty(), "no provider is installed for ServiceLoader: there is no default to choose");
            assertEquals(names.stream().sorted().toList(), names, "§1.5: Sockets.providers() in alphabetical order of their names");
            assertEquals(names.get(0), Sockets.provider().name(), "§1.5: Sockets.provider() without -D" + Sockets.PROVIDER_PROPERTY);

            // The same when ServiceLoader finds them the other way round: its class-path lookup follows the order of
            // the service files, which this loader reverses, as a class path listing the jars the other way would.
            thread.setContextClassLoader(new ReversedServiceFiles(context));
            assertEquals(names, Sockets.providers().stream().map(SocketProvider::name).toList(),
                    "§1.5: Sockets.providers() whatever order ServiceLoader finds them in");
            assertEquals(names.get(0), Sockets.provider().name(),
                    "§1.5: Sockets.provider() whatever order ServiceLoader finds them in");
        } finally {
            thread.setContextClassLoader(context);
            if (saved != null) {
                System.setProperty(Sockets.PROVIDER_PROPERTY, saved);
            }
        }
    }

    @Test
    void required_s1_7_aRefusalNamesTheProviderItWasAskedOf() throws IOException {
        SocketProvider provider = provider();
        String name = provider.name();
        Optional<Capability> refused = Arrays.stream(Domain.values())
                .flatMap(d -> Stream.of(Capability.of(d, SocketType.STREAM), Capability.of(d, SocketType.DATAGRAM)))
                .filter(c -> !provider.supports(c.domain(), c.type()))
                .findFirst();
        assumeTrue(refused.isPresent(), () -> "provider '" + name + "' declares every stream and datagram capability: nothing it refuses");
        Capability undeclared = refused.get();
        Domain domain = undeclared.domain();
        SocketAddress address = addressIn(domain);
        Executable call = undeclared.type() == SocketType.STREAM
                ? () -> provider.connect(address).close()
                : () -> provider.openDatagram(address).close();
        String message = String.valueOf(assertThrows(UnsupportedOperationException.class, call,
                () -> "§1.2: " + domain.posixName() + " " + undeclared.type().posixName() + " is not declared by '" + name + "'")
                .getMessage());
        assertTrue(message.contains("'" + name + "'"), () -> "§1.7: asked of provider '" + name + "', the refusal names another: \""
                + message + "\". " + DECORATOR_NAME);
    }

    @Test
    void required_s1_8_handlersRunOnThreadsNamedAfterTheProvider() throws Exception {
        assumeSupported(Domain.INET, SocketType.STREAM);
        SocketProvider provider = provider();
        String prefix = "sockets-" + provider.name() + "-";
        CompletableFuture<String> handlerThread = new CompletableFuture<>();
        try (Server server = provider.serve(anyLocal(Domain.INET), connection -> {
                    handlerThread.complete(Thread.currentThread().getName());
                    connection.write(ByteBuffer.wrap(new byte[] {1}));
                });
                Connection client = provider.connect(server.localAddress())) {
            Streams.readExactly(client, 1);
            String thread = handlerThread.get(10, TimeUnit.SECONDS);
            assertTrue(thread.startsWith(prefix), () -> "§1.8: the handler ran on the thread '" + thread
                    + "', not on one named '" + prefix + "…' after the provider's name(). A decorator that forwards serve"
                    + " runs its handlers on its delegate's threads, named after the delegate: " + DECORATOR_NAME);
        }
    }

    @Test
    void untested_s1_9_aDecoratorLetsGoOfWhatIsClosed() {
        Untested.because("§1.9", "which objects a decorator keeps reachable is not visible to a test;"
                + " compare jcmd <pid> GC.class_histogram before and after a soak of connections through it");
    }

    private static void assertJdkAddressOf(Domain domain, SocketAddress address) {
        switch (domain) {
            case INET -> assertInstanceOf(Inet4Address.class, assertInstanceOf(InetSocketAddress.class, address).getAddress(),
                    () -> "§1.4: an AF_INET address: " + address);
            case INET6 -> assertInstanceOf(Inet6Address.class, assertInstanceOf(InetSocketAddress.class, address).getAddress(),
                    () -> "§1.4: an AF_INET6 address: " + address);
            case UNIX -> assertInstanceOf(UnixDomainSocketAddress.class, address, () -> "§1.4: an AF_UNIX address: " + address);
        }
        assertEquals(domain, Domain.of(address), () -> "§1.4: the domain of " + address);
    }

    private static void assertRefusedNaming(SocketProvider provider, Domain domain, SocketType type, Executable call) {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, call,
                () -> "§1.2: " + domain.posixName() + " " + type.posixName() + " is not declared by '" + provider.name() + "'");
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains(domain.posixName()) && message.contains(type.posixName()) && message.contains(provider.name()),
                () -> "§1.2: the message names the domain, the type and the provider '" + provider.name() + "': " + message
                        + (message.contains(provider.name()) ? "" : ". " + DECORATOR_NAME));
    }

    /** An address of {@code domain} that is never bound: the call must be refused before it is used. */
    private SocketAddress addressIn(Domain domain) {
        return switch (domain) {
            case INET -> new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            case INET6 -> new InetSocketAddress(loopback6(), 0);
            case UNIX -> UnixDomainSocketAddress.of(socketDir().resolve("never.sock"));
        };
    }

    private static InetAddress loopback6() {
        try {
            return InetAddress.getByName("::1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lists the service files of {@link SocketProvider} in reverse order, so that ServiceLoader reads them so. */
    private static final class ReversedServiceFiles extends ClassLoader {

        ReversedServiceFiles(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> found = Collections.list(super.getResources(name));
            if (name.equals("META-INF/services/" + SocketProvider.class.getName())) {
                Collections.reverse(found);
            }
            return Collections.enumeration(found);
        }
    }

    private static void assumeInstalled(SocketProvider provider) {
        assumeTrue(Sockets.providers().stream().anyMatch(p -> p.getClass() == provider.getClass()),
                () -> "provider '" + provider.name() + "' (" + provider.getClass().getName()
                        + ") is not installed for ServiceLoader; discovery by name applies to installed providers only");
    }
}
