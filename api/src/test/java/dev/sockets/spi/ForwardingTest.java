package dev.sockets.spi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Capability;
import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The forwarding bases: every method reaches the delegate with the caller's arguments, its result
 * and its exceptions come back unchanged, and a provider decorator's hooks see everything the
 * delegate makes.
 */
class ForwardingTest {

    private static final SocketAddress ADDRESS = InetSocketAddress.createUnresolved("peer.invalid", 4321);

    // Connection, Listener, DatagramEndpoint: every method of the interface, by reflection.

    @Test
    void aForwardingConnectionForwardsEveryMethod() {
        assertForwardsEveryMethod(Connection.class, delegate -> new ForwardingConnection(delegate) { });
    }

    @Test
    void aForwardingListenerForwardsEveryMethod() {
        assertForwardsEveryMethod(Listener.class, delegate -> new ForwardingListener(delegate) { });
    }

    @Test
    void aForwardingDatagramEndpointForwardsEveryMethod() {
        assertForwardsEveryMethod(DatagramEndpoint.class, delegate -> new ForwardingDatagramEndpoint(delegate) { });
    }

    @Test
    void aForwardingProviderForwardsEveryMethodItDoesNotDecorate() {
        Recorder recorder = new Recorder();
        SocketProvider delegate = recorder.proxy(SocketProvider.class);
        SocketProvider forwarding = new ForwardingSocketProvider(delegate) { };
        assertAll(
                () -> assertSame(recorder.answer(String.class), forwarding.name()),
                () -> assertSame(recorder.answer(Set.class), forwarding.capabilities()),
                () -> assertEquals(true, forwarding.supports(Domain.UNIX, SocketType.DATAGRAM)),
                () -> assertEquals(List.of("supports", Domain.UNIX, SocketType.DATAGRAM), recorder.last()),
                () -> forwarding.checkSupported(Domain.INET6, SocketType.RAW),
                () -> assertEquals(List.of("checkSupported", Domain.INET6, SocketType.RAW), recorder.last()),
                () -> assertEquals(recorder.answer(String.class), forwarding.toString()));
    }

    @Test
    void aProviderThatOverridesNoHookReturnsWhatTheDelegateMakes() throws IOException {
        Recorder recorder = new Recorder();
        SocketProvider forwarding = new ForwardingSocketProvider(recorder.proxy(SocketProvider.class)) { };
        StreamOptions streamOptions = StreamOptions.defaults().withReadTimeout(Duration.ofSeconds(3));
        ListenOptions listenOptions = ListenOptions.defaults().withBacklog(7);
        DatagramOptions datagramOptions = DatagramOptions.defaults();
        ServerOptions serverOptions = ServerOptions.defaults();

        assertSame(recorder.answer(Connection.class), forwarding.connect(ADDRESS, streamOptions));
        assertEquals(List.of("connect", ADDRESS, streamOptions), recorder.last());
        assertSame(recorder.answer(DatagramEndpoint.class), forwarding.openDatagram(ADDRESS, datagramOptions));
        assertEquals(List.of("openDatagram", ADDRESS, datagramOptions), recorder.last());
        assertSame(recorder.answer(Server.class), forwarding.serve(ADDRESS, connection -> { }, serverOptions));
        assertEquals("serve", recorder.last().get(0));
        assertSame(serverOptions, recorder.last().get(3));

        Listener listener = forwarding.listen(ADDRESS, listenOptions);
        assertEquals(List.of("listen", ADDRESS, listenOptions), recorder.last());
        assertSame(recorder.answer(Connection.class), listener.accept(), "the delegate's connection, accepted");
        assertSame(recorder.answer(SocketAddress.class), listener.localAddress());
        listener.close();
        assertEquals(List.of("close"), recorder.last());
    }

    @Test
    void theHandlerOfServeGetsTheWrappedConnectionOfTheDelegatesServer() throws Exception {
        Recorder recorder = new Recorder();
        Connection accepted = (Connection) recorder.answer(Connection.class);
        SocketProvider forwarding = new Tagging(recorder.proxy(SocketProvider.class));
        AtomicReference<Connection> handled = new AtomicReference<>();

        Server server = forwarding.serve(ADDRESS, handled::set, ServerOptions.defaults());
        ConnectionHandler given = (ConnectionHandler) recorder.last().get(2);
        given.handle(accepted);

        assertEquals(List.of(accepted), Tagging.unwrap(handled.get()), "the handler got the delegate's connection, wrapped");
        assertEquals(List.of(recorder.answer(Server.class)), Tagging.unwrap(server));
    }

    @Test
    void everyHookSeesWhatTheDelegateMade() throws IOException {
        Recorder recorder = new Recorder();
        SocketProvider forwarding = new Tagging(recorder.proxy(SocketProvider.class));

        assertEquals(List.of(recorder.answer(Connection.class)), Tagging.unwrap(forwarding.connect(ADDRESS, StreamOptions.defaults())));
        assertEquals(List.of(recorder.answer(DatagramEndpoint.class)),
                Tagging.unwrap(forwarding.openDatagram(ADDRESS, DatagramOptions.defaults())));
        Listener listener = forwarding.listen(ADDRESS, ListenOptions.defaults());
        assertInstanceOf(Tagging.Tagged.class, listener, "wrap(Listener) made the listener");
        assertEquals(List.of(recorder.answer(Connection.class)), Tagging.unwrap(listener.accept()),
                "what the listener accepts goes through wrap(Connection), once");
    }

    @Test
    void theOverloadsWithoutOptionsGoThroughTheDecorator() throws IOException {
        Recorder recorder = new Recorder();
        List<Object> seen = new ArrayList<>();
        SocketProvider forwarding = new ForwardingSocketProvider(recorder.proxy(SocketProvider.class)) {
            @Override
            public Connection connect(SocketAddress remote, StreamOptions options) throws IOException {
                seen.add(options);
                return super.connect(remote, options);
            }

            @Override
            public Listener listen(SocketAddress local, ListenOptions options) throws IOException {
                seen.add(options);
                return super.listen(local, options);
            }

            @Override
            public DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) throws IOException {
                seen.add(options);
                return super.openDatagram(local, options);
            }

            @Override
            public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException {
                seen.add(options);
                return super.serve(local, handler, options);
            }
        };
        forwarding.connect(ADDRESS);
        forwarding.listen(ADDRESS);
        forwarding.openDatagram(ADDRESS);
        forwarding.serve(ADDRESS, connection -> { });
        assertEquals(List.of(StreamOptions.defaults(), ListenOptions.defaults(), DatagramOptions.defaults(), ServerOptions.defaults()),
                seen);
    }

    @Test
    void nullArgumentsReachTheDelegateSoThatItRefusesThem() throws IOException {
        Recorder recorder = new Recorder();
        SocketProvider forwarding = new Tagging(recorder.proxy(SocketProvider.class));
        forwarding.serve(null, null, null);
        assertEquals(Arrays.asList("serve", null, null, null), recorder.last());
        forwarding.connect(null, null);
        assertEquals(Arrays.asList("connect", null, null), recorder.last());
    }

    @Test
    void whatTheDelegateMadeIsClosedWhenAHookThrows() throws IOException {
        Recorder recorder = new Recorder();
        IllegalStateException broken = new IllegalStateException("broken hook");
        SocketProvider forwarding = new ForwardingSocketProvider(recorder.proxy(SocketProvider.class)) {
            @Override
            protected Connection wrap(Connection connection) {
                throw broken;
            }

            @Override
            protected DatagramEndpoint wrap(DatagramEndpoint endpoint) {
                throw broken;
            }

            @Override
            protected Server wrap(Server server) {
                throw broken;
            }
        };
        assertSame(broken, assertThrows(IllegalStateException.class, () -> forwarding.connect(ADDRESS)));
        assertEquals(List.of("close"), recorder.last(), "the connection closed");
        assertSame(broken, assertThrows(IllegalStateException.class, () -> forwarding.openDatagram(ADDRESS)));
        assertEquals(List.of("close"), recorder.last(), "the endpoint closed");
        assertSame(broken, assertThrows(IllegalStateException.class, () -> forwarding.serve(ADDRESS, c -> { })));
        assertEquals(List.of("close"), recorder.last(), "the server closed");
        Listener listener = forwarding.listen(ADDRESS);
        assertSame(broken, assertThrows(IllegalStateException.class, listener::accept));
        assertEquals(List.of("close"), recorder.last(), "the accepted connection closed");
    }

    @Test
    void optionSetOnADecoratorReturnsTheDecorator() throws IOException {
        Recorder recorder = new Recorder();
        Connection connection = new ForwardingConnection(recorder.proxy(Connection.class)) { };
        assertSame(connection, connection.option(StandardSocketOptions.TCP_NODELAY, true));
        DatagramEndpoint endpoint = new ForwardingDatagramEndpoint(recorder.proxy(DatagramEndpoint.class)) { };
        assertSame(endpoint, endpoint.option(StandardSocketOptions.SO_RCVBUF, 1024));
        assertEquals(List.of("option", StandardSocketOptions.SO_RCVBUF, 1024), recorder.last());
    }

    @Test
    void aDelegateIsRequired() {
        assertEquals("delegate", assertThrows(NullPointerException.class, () -> new ForwardingSocketProvider(null) { }).getMessage());
        assertEquals("delegate", assertThrows(NullPointerException.class, () -> new ForwardingListener(null) { }).getMessage());
        assertEquals("delegate", assertThrows(NullPointerException.class, () -> new ForwardingDatagramEndpoint(null) { }).getMessage());
    }

    /**
     * Calls every abstract method of {@code type} on a decorator made by {@code decorate}, and checks that
     * the delegate got the call with the same arguments, that the delegate's result comes back (the
     * decorator itself from the setter of an option), and that the delegate's IOException comes back as
     * it is.
     */
    private static <T> void assertForwardsEveryMethod(Class<T> type, Function<T, ? extends T> decorate) {
        List<Executable> checks = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (!Modifier.isAbstract(method.getModifiers())) {
                continue;
            }
            checks.add(() -> {
                Recorder recorder = new Recorder();
                T decorator = decorate.apply(recorder.proxy(type));
                Object[] args = Arrays.stream(method.getParameterTypes()).map(Recorder::sample).toArray();
                Object result = invoke(method, decorator, args);
                List<Object> expectedCall = new ArrayList<>(List.of(method.getName()));
                expectedCall.addAll(List.of(args));
                assertEquals(expectedCall, recorder.last(), method + " reached the delegate");
                for (int i = 0; i < args.length; i++) {
                    assertSame(args[i], recorder.last().get(i + 1), method + ": argument " + i + " as given");
                }
                if (method.getReturnType() == type) {
                    assertSame(decorator, result, method + " returns the decorator");
                } else if (method.getReturnType() != void.class) {
                    assertEquals(recorder.answer(method.getReturnType()), result, method + " returns the delegate's result");
                }
                if (List.of(method.getExceptionTypes()).contains(IOException.class)) {
                    IOException failure = new IOException("from the delegate");
                    recorder.failWith(failure);
                    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () -> method.invoke(decorator, args));
                    assertSame(failure, thrown.getCause(), method + " passes the delegate's exception on");
                }
            });
        }
        assertTrue(checks.size() >= 4, () -> "methods of " + type + ": " + checks.size());
        assertAll(type.getSimpleName(), checks);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * A delegate of any of the API's interfaces: records the last call (its name, then its arguments),
     * and answers with one fixed value per return type, or throws what it was told to.
     */
    private static final class Recorder implements InvocationHandler {

        private final Map<Class<?>, Object> answers = new HashMap<>();
        private List<Object> last = List.of();
        private Throwable failure;

        <T> T proxy(Class<T> type) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this));
        }

        List<Object> last() {
            return last;
        }

        void failWith(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> answer(String.class);
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> proxy == args[0];
                };
            }
            List<Object> call = new ArrayList<>();
            call.add(method.getName());
            if (args != null) {
                call.addAll(Arrays.asList(args));
            }
            last = call;
            if (failure != null) {
                throw failure;
            }
            return method.getReturnType() == void.class ? null : answer(method.getReturnType());
        }

        /** The one value this delegate returns for {@code type}; for an interface of the API, a proxy recorded here too. */
        Object answer(Class<?> type) {
            return answers.computeIfAbsent(type, t -> {
                if (t == int.class) {
                    return 7;
                } else if (t == boolean.class) {
                    return true;
                } else if (t == String.class) {
                    return "the delegate";
                } else if (t == SocketAddress.class) {
                    return InetSocketAddress.createUnresolved("local.invalid", 1);
                } else if (t == Optional.class) {
                    return Optional.of(ADDRESS);
                } else if (t == Set.class) {
                    return Set.of(Capability.of(Domain.INET, SocketType.STREAM));
                } else if (t == Object.class) {
                    return 42;
                } else if (t == ServerStats.class) {
                    return new ServerStats(1, 2, 3, 4, 5);
                } else if (t.isInterface()) {
                    return proxy(t);
                }
                throw new AssertionError("no answer for " + t);
            });
        }

        /** An argument of {@code type}. */
        static Object sample(Class<?> type) {
            if (type == ByteBuffer.class) {
                return ByteBuffer.allocate(16);
            } else if (type == SocketAddress.class) {
                return InetSocketAddress.createUnresolved("argument.invalid", 2);
            } else if (type == SocketOption.class) {
                return StandardSocketOptions.SO_SNDBUF;
            } else if (type == Object.class) {
                return 8192;
            }
            throw new AssertionError("no sample of " + type);
        }
    }

    /** A decorator that wraps everything in a {@link Tagged} of what it wraps, so that a test can see what each hook got. */
    private static final class Tagging extends ForwardingSocketProvider {

        Tagging(SocketProvider delegate) {
            super(delegate);
        }

        interface Tagged {
            Object wrapped();
        }

        /** Returns what {@code decorated} wraps, and what that wraps, and so on: one element for each time it was wrapped. */
        static List<Object> unwrap(Object decorated) {
            List<Object> chain = new ArrayList<>();
            for (Object o = decorated; o instanceof Tagged tagged; o = tagged.wrapped()) {
                chain.add(tagged.wrapped());
            }
            return chain;
        }

        @Override
        protected Connection wrap(Connection connection) {
            final class TaggedConnection extends ForwardingConnection implements Tagged {
                TaggedConnection() {
                    super(connection);
                }

                @Override
                public Object wrapped() {
                    return delegate();
                }
            }
            return new TaggedConnection();
        }

        @Override
        protected Listener wrap(Listener listener) {
            final class TaggedListener extends ForwardingListener implements Tagged {
                TaggedListener() {
                    super(listener);
                }

                @Override
                public Object wrapped() {
                    return delegate();
                }
            }
            return new TaggedListener();
        }

        @Override
        protected DatagramEndpoint wrap(DatagramEndpoint endpoint) {
            final class TaggedEndpoint extends ForwardingDatagramEndpoint implements Tagged {
                TaggedEndpoint() {
                    super(endpoint);
                }

                @Override
                public Object wrapped() {
                    return delegate();
                }
            }
            return new TaggedEndpoint();
        }

        @Override
        protected Server wrap(Server server) {
            record TaggedServer(Server wrapped) implements Server, Tagged {
                @Override
                public SocketAddress localAddress() {
                    return wrapped.localAddress();
                }

                @Override
                public ServerStats stats() {
                    return wrapped.stats();
                }

                @Override
                public boolean isOpen() {
                    return wrapped.isOpen();
                }

                @Override
                public void close() {
                    wrapped.close();
                }
            }
            return new TaggedServer(server);
        }
    }
}
