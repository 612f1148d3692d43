package dev.sockets.conformance;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.Sockets;
import dev.sockets.StreamOptions;
import dev.sockets.spi.ForwardingSocketProvider;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * A provider that forwards to the real blocking provider, with one fault a subclass puts in: the
 * base of the faulty providers that prove the kit fails when a rule is broken. A fault in the
 * connections goes in {@link #wrap(Connection)}, which sees every connection of connect, accept and
 * serve; a fault in their options goes in {@link #streamOptions}.
 *
 * <p>It keeps the delegate's name, as a decorator does (§1.7, §1.8), so that the kit's checks of
 * thread names (§13.2) see the threads the delegate starts; it is not installed for ServiceLoader, so the tests of discovery by name skip.
 */
abstract class ForwardingProvider extends ForwardingSocketProvider {

    ForwardingProvider() {
        super(Sockets.provider("blocking"));
    }

    /** Returns the options the delegate gets for a connection; the options as given unless the fault is in them. */
    StreamOptions streamOptions(StreamOptions options) {
        return options;
    }

    @Override
    public Connection connect(SocketAddress remote, StreamOptions options) throws IOException {
        return super.connect(remote, options == null ? null : streamOptions(options));
    }

    @Override
    public Listener listen(SocketAddress local, ListenOptions options) throws IOException {
        return super.listen(local, options == null ? null : listenOptions(options));
    }

    @Override
    public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException {
        return super.serve(local, handler, options == null ? null : options.withListenOptions(listenOptions(options.listenOptions())));
    }

    private ListenOptions listenOptions(ListenOptions options) {
        return options.withConnectionOptions(streamOptions(options.connectionOptions()));
    }
}
