package dev.sockets.spi;

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
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A provider that forwards every call to another: the base of decorators that count, trace or, in
 * tests, break one rule on purpose. A subclass overrides what it changes and inherits the rest.
 *
 * <h2>Decorating what the provider makes</h2>
 * What the delegate returns passes through a hook before the caller gets it:
 * {@link #wrap(Connection)} for the connections of {@link #connect}, of {@link Listener#accept()} on
 * a listener of {@link #listen}, and those a {@link #serve} handler receives;
 * {@link #wrap(Listener)}, {@link #wrap(DatagramEndpoint)} and {@link #wrap(Server)} for the rest.
 * Each hook returns its argument unless overridden, so a subclass that overrides none returns the
 * delegate's objects themselves, except the listeners, which forward to the delegate's and apply
 * {@link #wrap(Connection)} to what they accept. The usual hook returns a
 * {@link ForwardingConnection}, {@link ForwardingListener} or {@link ForwardingDatagramEndpoint}.
 * If a hook throws, what the delegate made is closed before the exception goes on, so that nothing
 * is left open.
 *
 * <p>A {@link #serve} handler gets the wrapped connection, but the server closes the connection it
 * accepted, the delegate's: a wrapper must not depend on its own {@code close()} being called.
 *
 * <h2>What is not forwarded</h2>
 * The overloads that take no options ({@code connect(remote)}, {@code listen(local)},
 * {@code openDatagram(local)}, {@code serve(local, handler)}) are the interface's defaults, which call
 * the overloads with options on this decorator: a subclass that overrides
 * {@link #connect(SocketAddress, StreamOptions)} changes both. {@link #supports} and
 * {@link #checkSupported} are forwarded, so that what the delegate refuses, and why, stays as it
 * is; a subclass that changes {@link #capabilities()} overrides them too.
 *
 * <p>{@link #name()} is the delegate's, as SPEC.md §1.7 and §1.8 ask of a decorator: the refusals
 * (§1.2) and the handlers' threads (§13.2) are the delegate's, and carry its name. A subclass that
 * overrides {@code name()} makes them its own too, or fails the kit's tests of both.
 */
public abstract class ForwardingSocketProvider implements SocketProvider {

    private final SocketProvider delegate;

    /**
     * Forwards to {@code delegate}.
     *
     * @param delegate the provider every call goes to
     * @throws NullPointerException if {@code delegate} is null
     */
    protected ForwardingSocketProvider(SocketProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Returns the provider every call goes to.
     *
     * @return the delegate
     */
    protected final SocketProvider delegate() {
        return delegate;
    }

    /**
     * Returns what callers get for {@code connection}, a connection of the delegate's: made by
     * {@link #connect}, accepted by a listener of {@link #listen}, or about to be passed to a
     * {@link #serve} handler. Returns {@code connection} itself unless overridden.
     *
     * @param connection the delegate's connection, open
     * @return the connection callers get; if this throws, {@code connection} is closed
     */
    protected Connection wrap(Connection connection) {
        return connection;
    }

    /**
     * Returns what callers of {@link #listen} get for {@code listener}, which forwards to the
     * delegate's and already applies {@link #wrap(Connection)} to what it accepts. Returns
     * {@code listener} itself unless overridden.
     *
     * @param listener the listener that forwards to the delegate's, listening
     * @return the listener callers get; if this throws, {@code listener} is closed
     */
    protected Listener wrap(Listener listener) {
        return listener;
    }

    /**
     * Returns what callers of {@link #openDatagram} get for the delegate's {@code endpoint}; {@code endpoint} unless overridden.
     *
     * @param endpoint the delegate's endpoint, bound
     * @return the endpoint callers get; if this throws, {@code endpoint} is closed
     */
    protected DatagramEndpoint wrap(DatagramEndpoint endpoint) {
        return endpoint;
    }

    /**
     * Returns what callers of {@link #serve} get for the delegate's {@code server}; {@code server} unless overridden.
     *
     * @param server the delegate's server, running
     * @return the server callers get; if this throws, {@code server} is closed
     */
    protected Server wrap(Server server) {
        return server;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public boolean supports(Domain domain, SocketType type) {
        return delegate.supports(domain, type);
    }

    @Override
    public void checkSupported(Domain domain, SocketType type) {
        delegate.checkSupported(domain, type);
    }

    @Override
    public Connection connect(SocketAddress remote, StreamOptions options) throws IOException {
        return decorate(delegate.connect(remote, options), this::wrap);
    }

    @Override
    public Listener listen(SocketAddress local, ListenOptions options) throws IOException {
        return decorate(new WrappingListener(delegate.listen(local, options)), this::wrap);
    }

    @Override
    public DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) throws IOException {
        return decorate(delegate.openDatagram(local, options), this::wrap);
    }

    /** Forwards with a handler that passes {@link #wrap(Connection) wrapped} connections to {@code handler}; a null one as it is. */
    @Override
    public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException {
        // A null handler goes to the delegate as it is, so that the delegate refuses it (§2.1).
        ConnectionHandler wrapping = handler == null ? null : connection -> handler.handle(wrap(connection));
        return decorate(delegate.serve(local, wrapping, options), this::wrap);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    /** Returns {@code hook.apply(made)}; closes {@code made} if the hook throws. */
    private static <T extends AutoCloseable, R> R decorate(T made, Function<T, R> hook) {
        try {
            return hook.apply(made);
        } catch (RuntimeException | Error e) {
            try {
                made.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The listener of {@link #listen}: what it accepts goes through {@link #wrap(Connection)}. */
    private final class WrappingListener extends ForwardingListener {

        WrappingListener(Listener delegate) {
            super(delegate);
        }

        @Override
        public Connection accept() throws IOException {
            return decorate(delegate().accept(), ForwardingSocketProvider.this::wrap);
        }
    }
}
