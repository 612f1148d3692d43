package dev.sockets;

import java.net.SocketAddress;
import java.util.Set;

/** A provider that only declares capabilities: for the default methods of {@link SocketProvider}. */
record FixedCapabilitiesProvider(Set<Capability> capabilities) implements SocketProvider {

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public Connection connect(SocketAddress remote, StreamOptions options) {
        throw new UnsupportedOperationException("capabilities only");
    }

    @Override
    public Listener listen(SocketAddress local, ListenOptions options) {
        throw new UnsupportedOperationException("capabilities only");
    }

    @Override
    public DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) {
        throw new UnsupportedOperationException("capabilities only");
    }

    @Override
    public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) {
        throw new UnsupportedOperationException("capabilities only");
    }
}
