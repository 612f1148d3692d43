package dev.sockets.examples;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.Server;
import dev.sockets.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * An echo server: every byte a client sends comes back to it, until it shuts its output down.
 * The seed's server loop, {@code while (1) { nv = accept(sv); do_operation(nv); }}, with
 * {@code do_operation} as {@link #HANDLER}.
 *
 * <pre>java dev.sockets.examples.EchoServer --provider nio --port 7007</pre>
 */
@Command(name = "EchoServer", description = "Echoes every byte back to its sender, until the process is stopped.",
        defaultValueProvider = Endpoint.DefaultProvider.class)
public final class EchoServer implements Callable<Integer> {

    /** The default port. */
    public static final int PORT = 7007;

    /** Reads into a buffer and writes back what it read, until end of stream. */
    public static final ConnectionHandler HANDLER = EchoServer::echo;

    @Mixin
    private Endpoint endpoint;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + PORT, converter = Endpoint.Port.class,
            description = "the port (default: ${DEFAULT-VALUE}; 0 for any free one)")
    private int port;

    @Spec
    private CommandSpec spec;

    EchoServer() {
    }

    /**
     * Starts an echo server on {@code address} with {@code provider}.
     *
     * @param provider the provider that serves
     * @param address where to listen
     * @return the running server
     * @throws IOException if it cannot listen there
     */
    public static Server start(SocketProvider provider, SocketAddress address) throws IOException {
        return provider.serve(address, HANDLER);
    }

    private static void echo(Connection connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (connection.read(buffer.clear()) >= 0) {
            connection.write(buffer.flip());
        }
    }

    /** Serves until the process is stopped. */
    @Override
    public Integer call() throws Exception {
        SocketProvider provider = endpoint.provider();
        Examples.serveUntilStopped(spec.commandLine(), "echo server (" + provider.name() + ")",
                start(provider, endpoint.address(port)));
        return 0;
    }

    /**
     * Runs the server until the process is stopped; {@code --help} tells the options.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Examples.run(new EchoServer(), args));
    }
}
