package dev.sockets.spi;

import dev.sockets.Capability;
import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.EventConnection;
import dev.sockets.EventHandler;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.WaterMarks;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * A provider on the core: the checks of SPEC.md §1 and §2 made once, before any system call, then
 * the provider's own way to open each kind of socket, and {@link #serve} as the core's
 * {@link ServerLoop} on the threads the provider names. A subclass gives its {@link Model}: how it
 * opens each kind of socket, and what threads a server runs on.
 */
public abstract class AbstractSocketProvider implements SocketProvider {

    /** What the JDK's sockets can do: streams in every domain, datagrams over IP; no raw sockets (§1.3). */
    public static final Set<Capability> JDK_CAPABILITIES = Set.of(
            Capability.of(Domain.INET, SocketType.STREAM),
            Capability.of(Domain.INET6, SocketType.STREAM),
            Capability.of(Domain.UNIX, SocketType.STREAM),
            Capability.of(Domain.INET, SocketType.DATAGRAM),
            Capability.of(Domain.INET6, SocketType.DATAGRAM));

    /** Opens a connected stream socket: {@code socket}, {@code setsockopt}, {@code connect}. */
    @FunctionalInterface
    public interface ConnectionOpener {
        /**
         * Connects to {@code remote}; the address and options are checked.
         *
         * @param remote where to connect, resolved and of {@code domain} (§2.2)
         * @param domain the domain of {@code remote}, one this provider supports (§1.2)
         * @param options the connect timeout, the read timeout and the socket options of the connection
         * @return the connected connection
         * @throws java.net.ConnectException "Connection refused: &lt;address&gt;", if nothing listens at
         *     {@code remote} (§3.2)
         * @throws java.net.SocketTimeoutException "Connect timed out: &lt;address&gt;", if the connect
         *     timeout passes first (§3.3)
         * @throws IOException if the socket cannot be opened or connected for another reason
         */
        Connection open(SocketAddress remote, Domain domain, StreamOptions options) throws IOException;
    }

    /** Opens a listening socket: {@code socket}, {@code setsockopt}, {@code bind}, {@code listen}. */
    @FunctionalInterface
    public interface ListenerOpener {
        /**
         * Listens on {@code local}; the address and options are checked.
         *
         * @param local the address to bind, resolved and of {@code domain} (§2.2)
         * @param domain the domain of {@code local}, one this provider supports (§1.2)
         * @param options the backlog, the accept timeout, and the socket options of the listener and of
         *     the connections it accepts
         * @return the listening listener
         * @throws java.net.BindException if the address is in use, cannot be assigned, or is not
         *     permitted (§4.2)
         * @throws IOException if the socket cannot be opened, bound or put to listen for another reason
         */
        Listener open(SocketAddress local, Domain domain, ListenOptions options) throws IOException;
    }

    /** Opens a bound datagram socket: {@code socket(…, SOCK_DGRAM, 0)}, {@code setsockopt}, {@code bind}. */
    @FunctionalInterface
    public interface DatagramOpener {
        /**
         * Binds to {@code local}; the address and options are checked.
         *
         * @param local the address to bind, resolved and of {@code domain} (§2.2)
         * @param domain the domain of {@code local}, one in which this provider supports datagrams (§1.2)
         * @param options the receive timeout and the socket options of the endpoint
         * @return the bound endpoint
         * @throws java.net.BindException if the address is in use (§11.1)
         * @throws IOException if the socket cannot be opened or bound for another reason
         */
        DatagramEndpoint open(SocketAddress local, Domain domain, DatagramOptions options) throws IOException;
    }

    /**
     * A provider's model: how it opens each kind of socket, and what threads its servers run on.
     *
     * @param connections opens connections
     * @param listeners opens listeners
     * @param datagrams opens datagram endpoints
     * @param acceptThreads makes the one thread of a server that accepts
     * @param handlerThreads makes the thread of each connection a server serves, which runs its handler
     */
    public record Model(ConnectionOpener connections, ListenerOpener listeners, DatagramOpener datagrams,
            ThreadFactory acceptThreads, ThreadFactory handlerThreads) {

        /**
         * Checks that every component is given.
         *
         * @throws NullPointerException if a component is null, naming it (§2.1)
         */
        public Model {
            Objects.requireNonNull(connections, "connections");
            Objects.requireNonNull(listeners, "listeners");
            Objects.requireNonNull(datagrams, "datagrams");
            Objects.requireNonNull(acceptThreads, "acceptThreads");
            Objects.requireNonNull(handlerThreads, "handlerThreads");
        }
    }

    private final String name;
    private final Set<Capability> capabilities;
    private final Model model;
    private final System.Logger log;

    /**
     * Makes a provider named {@code name} (§1.1), with the given capabilities (§1.2) and model. Its
     * logger is {@code dev.sockets.<name>}.
     *
     * @param name the provider's name, by which {@code Sockets.provider} finds it (§1.1)
     * @param capabilities what it supports; every other domain and type is refused (§1.2)
     * @param model how it opens each kind of socket, and what threads its servers run on
     * @throws NullPointerException if an argument is null
     */
    protected AbstractSocketProvider(String name, Set<Capability> capabilities, Model model) {
        this.name = Objects.requireNonNull(name, "name");
        this.capabilities = Set.copyOf(capabilities);
        this.model = Objects.requireNonNull(model, "model");
        this.log = System.getLogger("dev.sockets." + name);
    }

    /**
     * Returns this provider's logger, {@code dev.sockets.<name>}.
     *
     * @return the logger the provider's servers report their handlers' failures to
     */
    protected final System.Logger log() {
        return log;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public final Connection connect(SocketAddress remote, StreamOptions options) throws IOException {
        return model.connections().open(remote, Arguments.stream(this, remote, options), options);
    }

    @Override
    public final Listener listen(SocketAddress local, ListenOptions options) throws IOException {
        return model.listeners().open(local, Arguments.stream(this, local, options), options);
    }

    @Override
    public final DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) throws IOException {
        return model.datagrams().open(local, Arguments.datagram(this, local, options), options);
    }

    /**
     * Listens on {@code local}, then runs the core's server loop on this provider's threads (§12). An
     * address in use throws {@link java.net.BindException} before any thread starts.
     */
    @Override
    public final Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException {
        Domain domain = Arguments.stream(this, local, options);
        Arguments.handler(handler);
        // The server accepts until it is closed: an accept timeout would only wake its thread for nothing.
        Listener listener = model.listeners().open(local, domain, options.listenOptions().withAcceptTimeout(Duration.ZERO));
        return ServerLoop.start(listener, handler, options, model.acceptThreads(), model.handlerThreads(), log);
    }

    /**
     * Listens on {@code local}, then runs the core's server loop with every connection event-driven in
     * this provider's {@link #eventModel()} (§16). An address in use throws {@link java.net.BindException}
     * before any thread starts.
     */
    @Override
    public final Server serveEvents(SocketAddress local, EventHandler handler, ServerOptions options) throws IOException {
        Domain domain = Arguments.stream(this, local, options);
        Objects.requireNonNull(handler, "handler");
        Listener listener = model.listeners().open(local, domain, options.listenOptions().withAcceptTimeout(Duration.ZERO));
        return ServerLoop.startEvents(listener, handler, options, model.acceptThreads(), eventModel(), log);
    }

    /** Connects as {@link #connect}, then drives the connection in this provider's {@link #eventModel()} (§16). */
    @Override
    public final EventConnection connectEvents(SocketAddress remote, StreamOptions options, WaterMarks waterMarks,
            EventHandler handler) throws IOException {
        ThreadedEvents.checked(options, waterMarks, handler);
        return ThreadedEvents.connect(connect(remote, options), waterMarks, handler, log, eventModel());
    }

    /**
     * Returns how this provider runs an event-driven connection: by default on two threads of
     * {@link Model#handlerThreads()} per connection ({@link ThreadedEvents}), a reader and a writer, which
     * fits any model whose calls block. A provider with an event loop overrides it.
     *
     * @return the event model of this provider's servers and clients
     */
    protected ServerLoop.EventModel eventModel() {
        ThreadFactory threads = model.handlerThreads();
        return (connection, core) -> ThreadedEvents.start(connection, core, threads);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
