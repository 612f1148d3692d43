package dev.sockets.faults;

import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.ListenOptions;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.Sockets;
import dev.sockets.StreamOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server under test, in a JVM of its own: one provider's {@code serve()} with the README's echo handler
 * (an 8 KiB buffer, read, write it back, until −1), on 127.0.0.1 and a port the system chooses, which it
 * prints as its first line ({@code port 40123}). Then it answers commands on standard input, one a line,
 * each with one line on standard output:
 * <ul>
 *   <li>{@code open}: the connections open now ({@code open 3}), at once;</li>
 *   <li>{@code stats}: the server's counters, the most handlers that ran at once, and the heap in use after a
 *       full collection ({@code stats open=0 accepted=12 ... peak=3 heap=1234567});</li>
 *   <li>{@code threads}: the provider's platform threads alive now, but its shared daemons ({@code threads 0});</li>
 *   <li>{@code close}: {@code Server.close()}, and how long it took ({@code closed ms=1003});</li>
 *   <li>{@code exit}: ends the process.</li>
 * </ul>
 * Log records go to standard error, as the JDK's default logging writes them, for the suite to count.
 *
 * <p>Options, as {@code --name value}: {@code provider} (required), {@code max} (maxConnections),
 * {@code shutdown-ms}, {@code read-timeout-ms}, {@code write-timeout-ms}, {@code idle-ms} (an idle timeout, only
 * where {@code ServerOptions} has one), {@code backlog}, and {@code warm} ({@code true}: log one record at start,
 * so that the logger is warm when the first failure comes; by default the first record is the failure's).
 */
public final class EchoServer {

    private EchoServer() {
    }

    /**
     * Serves until {@code exit} or the end of standard input.
     *
     * @param args the options, as {@code --name value}
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        StreamOptions connections = StreamOptions.defaults()
                .withReadTimeout(Duration.ofMillis(Long.parseLong(options.getOrDefault("read-timeout-ms", "0"))))
                .withWriteTimeout(Duration.ofMillis(Long.parseLong(options.getOrDefault("write-timeout-ms", "0"))));
        ServerOptions serverOptions = ServerOptions.defaults()
                .withListenOptions(ListenOptions.defaults()
                        .withBacklog(Integer.parseInt(options.getOrDefault("backlog", "1024")))
                        .withConnectionOptions(connections))
                .withMaxConnections(Integer.parseInt(options.getOrDefault("max", "10000")))
                .withShutdownTimeout(Duration.ofMillis(Long.parseLong(options.getOrDefault("shutdown-ms", "1000"))));
        if (options.containsKey("idle-ms")) {
            serverOptions = withIdleTimeout(serverOptions, Duration.ofMillis(Long.parseLong(options.get("idle-ms"))));
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ConnectionHandler echo = connection -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                echo(connection);
            } finally {
                running.decrementAndGet();
            }
        };
        makeTheJdksPollers();
        if (Boolean.parseBoolean(options.getOrDefault("warm", "false"))) {
            System.getLogger("dev.sockets.faults").log(System.Logger.Level.INFO, "warming the logger");
        }
        Server server = Sockets.provider(options.get("provider"))
                .serve(new InetSocketAddress("127.0.0.1", 0), echo, serverOptions);
        System.out.println("port " + server.localAddress().toString().replaceFirst(".*:", ""));
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String command;
        while ((command = commands.readLine()) != null) {
            switch (command.trim()) {
                case "open" -> System.out.println("open " + server.stats().connectionsOpen());
                case "stats" -> System.out.println(stats(server.stats(), peak.get()));
                case "threads" -> System.out.println("threads " + providerThreads());
                case "close" -> {
                    long start = System.nanoTime();
                    server.close();
                    System.out.println("closed ms=" + (System.nanoTime() - start) / 1_000_000);
                }
                case "exit" -> {
                    System.out.flush();
                    Runtime.getRuntime().halt(0);
                }
                default -> System.out.println("unknown " + command);
            }
            System.out.flush();
        }
        server.close();
    }

    /** The README's echo handler. */
    static void echo(Connection connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (connection.read(buffer.clear()) >= 0) {
            connection.write(buffer.flip());
        }
    }

    private static String stats(ServerStats stats, int peak) {
        System.gc();
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return "stats open=" + stats.connectionsOpen() + " accepted=" + stats.connectionsAccepted()
                + " failures=" + stats.handlerFailures() + " readTimeouts=" + stats.readTimeouts()
                + " writeTimeouts=" + stats.writeTimeouts() + " resets=" + stats.resets()
                + " idleClosed=" + stats.idleClosed() + " peak=" + peak
                + " heap=" + (runtime.totalMemory() - runtime.freeMemory());
    }

    private static long providerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("sockets-") && !t.getName().contains("-shared-"))
                .count();
    }

    /**
     * Makes a virtual thread wait for I/O once, on a pipe, so that the JDK makes its pollers now: it makes them
     * (an epoll descriptor each: a master, a read poller per core, a write poller) the first time a virtual thread
     * waits for I/O, once per process, and keeps them for the JVM's life. Made later, during a probe, they would
     * count as descriptors the provider left open (§13.1); without this, whether they exist before a probe counts
     * depends on whether the server's threads had to wait before then, a race of the warm-up round trip.
     */
    private static void makeTheJdksPollers() throws IOException, InterruptedException {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            Thread reader = Thread.ofVirtual().name("faults-poller-warm-up").start(() -> {
                try {
                    source.read(ByteBuffer.allocate(1));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // Parked in read: the pipe is empty, so only the poller can wake it.
            while (reader.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            sink.write(ByteBuffer.wrap(new byte[] {1}));
            reader.join(Duration.ofSeconds(10));
        }
    }

    /** {@code options.withIdleTimeout(idle)}, where {@code ServerOptions} has it. */
    private static ServerOptions withIdleTimeout(ServerOptions options, Duration idle) throws ReflectiveOperationException {
        Method with = ServerOptions.class.getMethod("withIdleTimeout", Duration.class);
        return (ServerOptions) with.invoke(options, idle);
    }

    /**
     * Returns whether this build's {@code ServerOptions} has an idle timeout.
     *
     * @return true if {@code ServerOptions.withIdleTimeout(Duration)} exists
     */
    static boolean hasIdleTimeout() {
        try {
            ServerOptions.class.getMethod("withIdleTimeout", Duration.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
