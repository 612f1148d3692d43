package dev.sockets.examples;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.Server;
import dev.sockets.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;

/**
 * An echo server: every byte a client sends comes back to it, until it shuts its output down.
 * The seed's server loop, {@code while (1) { nv = accept(sv); do_operation(nv); }}, with
 * {@code do_operation} as {@link #HANDLER}.
 *
 * <pre>java dev.sockets.examples.EchoServer --provider nio --port 7007</pre>
 */
public final class EchoServer {

    /** The default port. */
    public static final int PORT = 7007;

    /** Reads into a buffer and writes back what it read, until end of stream. */
    public static final ConnectionHandler HANDLER = EchoServer::echo;

    private EchoServer() {
    }

    /** Starts an echo server on {@code address} with {@code provider}. */
    public static Server start(SocketProvider provider, SocketAddress address) throws IOException {
        return provider.serve(address, HANDLER);
    }

    private static void echo(Connection connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (connection.read(buffer.clear()) >= 0) {
            connection.write(buffer.flip());
        }
    }

    /** Runs the server until the process is stopped. */
    public static void main(String[] args) throws Exception {
        Examples.run(args, PORT, "EchoServer", "", "Echoes every byte back to its sender.", line -> {
            SocketProvider provider = line.socketProvider();
            CountDownLatch stopped = new CountDownLatch(1);
            try (Server server = start(provider, line.address())) {
                System.out.println("echo server (" + provider.name() + ") on " + server.localAddress());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    stopped.countDown();
                }));
                stopped.await();
            }
        });
    }
}
