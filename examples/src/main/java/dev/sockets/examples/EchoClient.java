package dev.sockets.examples;

import dev.sockets.Connection;
import dev.sockets.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The client pattern of POSIX — socket, connect, write, read, close — against the echo server: sends a
 * message, shuts its output down, and reads the echo until end of stream.
 *
 * <pre>java dev.sockets.examples.EchoClient --provider virtualthreads --port 7007 hello world</pre>
 */
public final class EchoClient {

    private EchoClient() {
    }

    /** Sends {@code message} to the echo server at {@code address} and returns what came back. */
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

    /** Sends the words of the command line, joined by spaces, and prints the echo. */
    public static void main(String[] args) throws Exception {
        Examples.run(args, EchoServer.PORT, "EchoClient", "WORDS...", "Sends WORDS to an echo server and prints the echo.", line -> {
            byte[] message = String.join(" ", line.words()).getBytes(StandardCharsets.UTF_8);
            byte[] reply = echo(line.socketProvider(), line.address(), message);
            System.out.println(new String(reply, StandardCharsets.UTF_8));
        });
    }
}
