package dev.sockets.examples;

import dev.sockets.Connection;
import dev.sockets.Server;
import dev.sockets.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A chat server: a client's first line is its name; it reads {@code "welcome name"} and the others
 * {@code "name joined"}; every
 * later line goes to every other client as {@code "name: line"}; when a client leaves, the others
 * read {@code "name left"}. Lines end with
 * {@code '\n'} and are UTF-8.
 *
 * <p>Written in the blocking style, one handler per client, so a client that does not read slows down
 * those who talk to it: a broadcast writes to each member in turn. Writes to one connection from many
 * handlers are safe, the API serializes them (SPEC.md §5.7), so lines never interleave.
 *
 * <pre>java dev.sockets.examples.ChatServer --provider nio --port 7008</pre>
 */
@Command(name = "ChatServer", description = "Relays each client's lines to every other client, until the process is stopped.",
        defaultValueProvider = Endpoint.DefaultProvider.class)
public final class ChatServer implements Callable<Integer> {

    /** The default port. */
    public static final int PORT = 7008;

    private final Map<Connection, String> members = new ConcurrentHashMap<>();

    @Mixin
    private Endpoint endpoint;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + PORT, converter = Endpoint.Port.class,
            description = "the port (default: ${DEFAULT-VALUE}; 0 for any free one)")
    private int port;

    @Spec
    private CommandSpec spec;

    ChatServer() {
    }

    /**
     * Starts a chat server on {@code address} with {@code provider}.
     *
     * @param provider the provider that serves
     * @param address where to listen
     * @return the running server
     * @throws IOException if it cannot listen there
     */
    public static Server start(SocketProvider provider, SocketAddress address) throws IOException {
        return provider.serve(address, new ChatServer()::chat);
    }

    private void chat(Connection connection) throws IOException {
        Lines lines = new Lines(connection);
        Optional<String> name = lines.next();
        if (name.isEmpty()) {
            return;
        }
        members.put(connection, name.get());
        broadcast(connection, name.get() + " joined");
        // Last, so that a client that has read its welcome knows the others were told.
        connection.write(ByteBuffer.wrap(("welcome " + name.get() + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            for (Optional<String> line = lines.next(); line.isPresent(); line = lines.next()) {
                broadcast(connection, name.get() + ": " + line.get());
            }
        } finally {
            members.remove(connection);
            broadcast(connection, name.get() + " left");
        }
    }

    private void broadcast(Connection from, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        for (Connection member : members.keySet()) {
            if (member != from) {
                try {
                    member.write(ByteBuffer.wrap(bytes));
                } catch (IOException gone) {
                    // That member's own handler sees the same failure, and removes it.
                }
            }
        }
    }

    /** Serves until the process is stopped. */
    @Override
    public Integer call() throws Exception {
        SocketProvider provider = endpoint.provider();
        Examples.serveUntilStopped(spec.commandLine(), "chat server (" + provider.name() + ")",
                start(provider, endpoint.address(port)));
        return 0;
    }

    /**
     * Runs the server until the process is stopped; {@code --help} tells the options.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Examples.run(new ChatServer(), args));
    }
}
