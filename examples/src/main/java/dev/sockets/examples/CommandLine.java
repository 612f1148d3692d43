package dev.sockets.examples;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The options every example takes: which provider, which address, and the words that follow.
 *
 * <pre>
 *   --provider NAME   blocking, nio or virtualthreads (default: -Ddev.sockets.provider, else the first installed)
 *   --host HOST       the internet address to listen on or connect to (default 127.0.0.1; ::1 for IPv6)
 *   --port N          the port (default: the example's own)
 *   --unix PATH       a UNIX-domain socket path instead of host and port
 *   --help            print the usage and exit
 * </pre>
 *
 * @param provider the provider named with {@code --provider}, if any
 * @param address the address to listen on or connect to
 * @param words the arguments after the options
 * @param help whether {@code --help} was given
 */
record CommandLine(Optional<String> provider, SocketAddress address, List<String> words, boolean help) {

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    static CommandLine parse(String[] args, int defaultPort) {
        Optional<String> provider = Optional.empty();
        String host = "127.0.0.1";
        int port = defaultPort;
        Optional<String> unix = Optional.empty();
        List<String> words = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> help = true;
                case "--provider" -> provider = Optional.of(value(args, ++i, "--provider"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--port" -> port = port(value(args, ++i, "--port"));
                case "--unix" -> unix = Optional.of(value(args, ++i, "--unix"));
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option: " + args[i]);
                    }
                    words.add(args[i]);
                }
            }
        }
        SocketAddress address = unix.<SocketAddress>map(UnixDomainSocketAddress::of).orElse(new InetSocketAddress(host, port));
        return new CommandLine(provider, address, List.copyOf(words), help);
    }

    /** Returns the provider named with {@code --provider}, else the one {@link Sockets#provider()} chooses. */
    SocketProvider socketProvider() {
        return provider.map(Sockets::provider).orElseGet(Sockets::provider);
    }

    /** Prints the usage of {@code program}, whose own arguments are {@code words}, explained by {@code what}. */
    static void usage(PrintStream out, String program, String words, String what) {
        out.println("usage: " + program + " [--provider NAME] [--host HOST] [--port N | --unix PATH] " + words);
        out.println(what);
        out.println();
        out.println("  --provider NAME   blocking, nio or virtualthreads (default: -Ddev.sockets.provider, else the first installed)");
        out.println("  --host HOST       internet address (default 127.0.0.1; ::1 for IPv6)");
        out.println("  --port N          port (default " + program + "'s own)");
        out.println("  --unix PATH       a UNIX-domain socket path instead of host and port");
        out.println("  --help            this text");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port takes a number: " + text, e);
        }
    }
}
