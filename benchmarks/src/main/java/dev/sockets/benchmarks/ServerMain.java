package dev.sockets.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The server process: starts the echo server named by its argument and answers a tiny control
 * protocol, one line each way, so that the load generator runs in another JVM.
 *
 * <pre>
 *   out: listening &lt;port&gt;           once the server accepts
 *   in:  usage                       out: usage &lt;rss bytes&gt; &lt;threads&gt; &lt;heap bytes after GC&gt;
 *   in:  quit, or end of input       the server closes, the process exits
 * </pre>
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        Contender contender = Contender.byId(args[0]);
        try (EchoServer server = EchoServer.start(contender)) {
            out.println("listening " + server.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                if (line.equals("usage")) {
                    out.println(ProcessUsage.ofThisProcessAfterGc().format());
                } else {
                    out.println("error unknown command: " + line);
                }
            }
        }
        // a server that left a non-daemon thread behind must not keep the comparison waiting
        System.exit(0);
    }
}
