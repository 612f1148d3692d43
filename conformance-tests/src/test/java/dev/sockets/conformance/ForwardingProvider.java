package dev.sockets.conformance;

import dev.sockets.Capability;
import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Set;

/**
 * A provider that forwards to the real blocking provider, with one fault a subclass puts in: the
 * base of the faulty providers that prove the kit fails when a rule is broken.
 *
 * <p>It keeps the delegate's name, so that the kit's checks of thread names (§13.2) see the threads
 * the delegate starts; it is not installed for ServiceLoader, so the tests of discovery by name skip.
 */
abstract class ForwardingProvider implements SocketProvider {

    private final SocketProvider delegate = Sockets.provider("blocking");

    /** Returns {@code connection} with the fault, for connections made by connect, accept and serve. */
    abstract Connection faulty(Connection connection);

    /** Returns the options the delegate gets for a connection; the options as given unless the fault is in them. */
    StreamOptions streamOptions(StreamOptions options) {
        return options;
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
    public Connection connect(SocketAddress remote, StreamOptions options) throws IOException {
        return faulty(delegate.connect(remote, options == null ? null : streamOptions(options)));
    }

    @Override
    public Listener listen(SocketAddress local, ListenOptions options) throws IOException {
        Listener listener = delegate.listen(local, options == null ? null : listenOptions(options));
        return new Listener() {
            @Override
            public Connection accept() throws IOException {
                return faulty(listener.accept());
            }

            @Override
            public SocketAddress localAddress() {
                return listener.localAddress();
            }

            @Override
            public boolean isOpen() {
                return listener.isOpen();
            }

            @Override
            public void close() throws IOException {
                listener.close();
            }
        };
    }

    @Override
    public DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) throws IOException {
        return delegate.openDatagram(local, options);
    }

    @Override
    public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException {
        ConnectionHandler faultyHandler = handler == null ? null : connection -> handler.handle(faulty(connection));
        ServerOptions faultyOptions = options == null ? null : options.withListenOptions(listenOptions(options.listenOptions()));
        return delegate.serve(local, faultyHandler, faultyOptions);
    }

    private ListenOptions listenOptions(ListenOptions options) {
        return options.withConnectionOptions(streamOptions(options.connectionOptions()));
    }
}
