package dev.sockets.benchmarks;

import dev.sockets.Connection;
import dev.sockets.EventConnection;
import dev.sockets.EventHandler;
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
        return new ProviderEchoServer(Sockets.provider(provider).serve(address, ProviderEchoServer::echo, options()));
    }

    /**
     * The event-driven echo: each {@code onData} writes the bytes back; when the write queue passes its high
     * mark the connection stops reading until {@code onWritable} (backpressure), and the peer's end of stream
     * closes it after the flush (the handler's default).
     */
    static EchoServer startEvents(String provider, InetSocketAddress address) throws IOException {
        EventHandler echo = new EventHandler() {
            @Override
            public void onData(EventConnection connection, ByteBuffer data) throws IOException {
                if (!connection.write(data)) {
                    connection.pauseReading();
                }
            }

            @Override
            public void onWritable(EventConnection connection) {
                connection.resumeReading();
            }
        };
        return new ProviderEchoServer(Sockets.provider(provider).serveEvents(address, echo, options()));
    }

    private static ServerOptions options() {
        return ServerOptions.defaults()
                .withMaxConnections(MAX_CONNECTIONS)
                .withShutdownTimeout(Duration.ZERO)
                .withListenOptions(ListenOptions.defaults()
                        .withBacklog(BACKLOG)
                        .withConnectionOptions(StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true)));
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
