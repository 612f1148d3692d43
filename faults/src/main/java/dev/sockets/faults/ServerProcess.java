package dev.sockets.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An {@link EchoServer} in a child JVM, started as {@code bash -c 'ulimit -n LIMIT; exec java …'} (optionally
 * inside a network namespace), and what the suite sees of it from outside: its descriptors
 * ({@code /proc/<pid>/fd}), its threads ({@code /proc/<pid>/task}, platform threads only), its CPU time, the
 * log records it wrote to standard error, and its answers to {@link EchoServer}'s commands.
 */
final class ServerProcess implements AutoCloseable {

    /** A log record's level line, as the JDK's SimpleFormatter writes it: {@code WARNING: accept failed …}. */
    private static final Pattern RECORD = Pattern.compile("^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): .*");
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private final Process process;
    private final PrintStream commands;
    private final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    private final int port;

    private ServerProcess(Process process) throws IOException {
        this.process = process;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        pump(process.getInputStream(), answers::add, "out");
        pump(process.getErrorStream(), errors::add, "err");
        String first = answer("port");
        this.port = Integer.parseInt(first.substring("port ".length()));
    }

    /**
     * Starts the echo server of {@code provider} with at most {@code fileLimit} descriptors.
     *
     * @param provider the provider's name
     * @param fileLimit the {@code ulimit -n} of the child
     * @param namespace the network namespace to run in, or null for this one
     * @param options more {@link EchoServer} options, as name, value, name, value
     * @return the running server, its port known
     * @throws IOException if it cannot start
     */
    static ServerProcess start(String provider, int fileLimit, String namespace, String... options) throws IOException {
        List<String> java = new ArrayList<>(List.of(javaCommand(), "-Xmx256m",
                // a provider through FFM (posix) calls native code: allowed, without a warning
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                EchoServer.class.getName(), "--provider", provider));
        java.addAll(List.of(options));
        List<String> command = new ArrayList<>();
        if (namespace != null) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of("bash", "-c", "ulimit -n " + fileLimit + "; exec \"$@\"", "server"));
        command.addAll(java);
        Process process = new ProcessBuilder(command).start();
        try {
            return new ServerProcess(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The java launcher of this JVM: the child runs on the same JDK. */
    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code command} and returns its answer line. */
    synchronized String ask(String command) throws IOException {
        commands.println(command);
        return answer(command.equals("close") ? "closed" : command);
    }

    /** The connections the server has open now. */
    long open() throws IOException {
        return Long.parseLong(ask("open").substring("open ".length()));
    }

    /** The counters of {@code stats}, by name. */
    Map<String, Long> stats() throws IOException {
        Map<String, Long> values = new HashMap<>();
        for (String pair : ask("stats").substring("stats ".length()).split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return values;
    }

    /** {@code Server.close()} in the child; returns how long it took, in milliseconds. */
    long closeServer() throws IOException {
        return Long.parseLong(ask("close").substring("closed ms=".length()));
    }

    /** The descriptors the child has open now. */
    long descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.count();
        }
    }

    /**
     * The child's descriptors now, by what they are: {@code socket}, {@code anon_inode:[eventpoll]} (a selector's or
     * the JDK's poller's epoll), {@code pipe}, a file's path; for a report that says what a count is made of.
     */
    Map<String, Long> descriptorKinds() throws IOException {
        Map<String, Long> kinds = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                kinds.merge(target.replaceAll(":\\[[0-9]+\\]$", "").replaceAll("^/.*", "file"), 1L, Long::sum);
            }
        }
        return kinds;
    }

    /** The child's platform threads now. */
    long threads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            return tasks.count();
        }
    }

    /** The child's CPU time so far, user and system, in milliseconds. */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // clock ticks of 10 ms
    }

    /** The log records written so far. */
    List<String> records() {
        synchronized (errors) {
            return errors.stream().filter(l -> RECORD.matcher(l).matches()).toList();
        }
    }

    /** Everything written to standard error so far, in bytes (roughly: characters and line ends). */
    long errorBytes() {
        synchronized (errors) {
            return errors.stream().mapToLong(l -> l.length() + 1).sum();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private String answer(String expected) throws IOException {
        try {
            String line = answers.poll(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IOException("no answer to '" + expected + "' within " + ANSWER.toSeconds() + " s; stderr: " + tail());
            }
            if (!line.startsWith(expected)) {
                throw new IOException("answered '" + line + "' to '" + expected + "'");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String tail() {
        synchronized (errors) {
            return String.join("\n", errors.subList(Math.max(0, errors.size() - 20), errors.size()));
        }
    }

    private static void pump(InputStream in, java.util.function.Consumer<String> lines, String name) {
        Thread.ofPlatform().daemon().name("faults-child-" + name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the child ended
            }
        });
    }

    /** Ends the child: {@code exit}, then SIGKILL if it is still there after 5 s. */
    @Override
    public void close() {
        try {
            commands.println("exit");
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
