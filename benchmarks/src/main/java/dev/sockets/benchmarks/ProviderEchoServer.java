package dev.sockets.benchmarks;

import dev.sockets.Connection;
import dev.sockets.ListenOptions;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.Sockets;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A provider's {@link Server} running the echo handler of the README: read into a buffer, write it
 * back, until −1. The provider is found by name, as a user would choose it.
 */
final class ProviderEchoServer implements EchoServer {

    /** Above the most connections any test opens, so that the limit of §12.3 never holds a client back. */
    private static final int MAX_CONNECTIONS = 30_000;

    private final Server server;

    private ProviderEchoServer(Server server) {
        this.server = server;
    }

    static EchoServer start(String provider, InetSocketAddress address) throws IOException {
        ServerOptions options = ServerOptions.defaults()
                .withMaxConnections(MAX_CONNECTIONS)
                .withShutdownTimeout(Duration.ZERO)
                .withListenOptions(ListenOptions.defaults()
                        .withBacklog(BACKLOG)
                        .withConnectionOptions(StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true)));
        return new ProviderEchoServer(Sockets.provider(provider).serve(address, ProviderEchoServer::echo, options));
    }

    private static void echo(Connection connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        while (connection.read(buffer.clear()) >= 0) {
            connection.write(buffer.flip());
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
