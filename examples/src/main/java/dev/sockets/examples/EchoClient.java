package dev.sockets.examples;

import dev.sockets.Connection;
import dev.sockets.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The client pattern of POSIX — socket, connect, write, read, close — against the echo server: sends a
 * message, shuts its output down, and reads the echo until end of stream.
 *
 * <pre>java dev.sockets.examples.EchoClient --provider virtualthreads --port 7007 hello world</pre>
 */
@Command(name = "EchoClient", description = "Sends WORDS to an echo server, and prints the echo.",
        defaultValueProvider = Endpoint.DefaultProvider.class)
public final class EchoClient implements Callable<Integer> {

    @Mixin
    private Endpoint endpoint;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + EchoServer.PORT, converter = Endpoint.Port.class,
            description = "the echo server's port (default: ${DEFAULT-VALUE})")
    private int port;

    @Parameters(paramLabel = "WORDS", arity = "0..*", description = "the message, its words joined by spaces")
    private List<String> words = List.of();

    @Spec
    private CommandSpec spec;

    EchoClient() {
    }

    /**
     * Sends {@code message} to the echo server at {@code address} and returns what came back.
     *
     * @param provider the provider that connects
     * @param address the echo server's address
     * @param message the bytes to send
     * @return the bytes that came back, as many as were sent
     * @throws IOException if connecting fails, or the echo is short or long
     */
    public static byte[] echo(SocketProvider provider, SocketAddress address, byte[] message) throws IOException {
        try (Connection connection = provider.connect(address)) {
            connection.write(ByteBuffer.wrap(message));
            // End of stream tells the server the message is complete; its echo then ends too.
            connection.shutdownOutput();
            ByteBuffer reply = ByteBuffer.allocate(message.length);
            ByteBuffer extra = ByteBuffer.allocate(1);
            while (reply.hasRemaining()) {
                if (connection.read(reply) < 0) {
                    throw new IOException("echo ended after " + reply.position() + " of " + message.length + " bytes");
                }
            }
            if (connection.read(extra) >= 0) {
                throw new IOException("echo sent more than " + message.length + " bytes");
            }
            return reply.array();
        }
    }

    /** Sends the words, joined by spaces, and prints the echo. */
    @Override
    public Integer call() throws IOException {
        byte[] message = String.join(" ", words).getBytes(StandardCharsets.UTF_8);
        byte[] reply = echo(endpoint.provider(), endpoint.address(port), message);
        spec.commandLine().getOut().println(new String(reply, StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * Sends the words of the command line and prints the echo; {@code --help} tells the options.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Examples.run(new EchoClient(), args));
    }
}
