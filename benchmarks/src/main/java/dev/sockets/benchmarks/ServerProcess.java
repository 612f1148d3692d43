package dev.sockets.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server under test in a JVM of its own ({@link ServerMain}), started with the JDK that runs this
 * one ({@code java.home}, the build's toolchain, never the default {@code java}) and the same class
 * path. Its standard error goes to a log file; its standard input and output carry the control protocol.
 *
 * <p>The heap is fixed and touched up front ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}), so
 * that the resident set grows only with native memory — thread stacks, direct buffers — and the
 * heap is measured apart, after a collection.
 */
final class ServerProcess implements AutoCloseable {

    static final List<String> JVM_OPTIONS = jvmOptions();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    private final Contender contender;
    private final Process process;
    private final BufferedReader output;
    private final PrintStream input;
    private final int port;

    private ServerProcess(Contender contender, Process process) throws IOException {
        this.contender = contender;
        this.process = process;
        this.output = process.inputReader(StandardCharsets.US_ASCII);
        this.input = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        String first = answer(START_TIMEOUT);
        if (!first.startsWith("listening ")) {
            throw new IOException(contender.id() + " did not start: " + first);
        }
        this.port = Integer.parseInt(first.substring("listening ".length()).strip());
    }

    /**
     * The fixed heap, then whatever {@code -Dbench.serverArgs} adds, such as
     * {@code -Ddev.sockets.nio.loops=2} to fix the NIO provider's number of event loops.
     */
    private static List<String> jvmOptions() {
        // --enable-native-access: the posix provider's downcalls, granted so that the JDK prints no warning.
        List<String> options = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC",
                "--enable-native-access=ALL-UNNAMED"));
        String extra = System.getProperty("bench.serverArgs", "").strip();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return List.copyOf(options);
    }

    /** Starts the server of {@code contender}; its standard error goes to {@code log}. */
    static ServerProcess start(Contender contender, Path log) throws IOException {
        if (contender == Contender.C_PTHREADS) {
            Process process = new ProcessBuilder(NativeServer.binary(log.getParent()).toString()).redirectError(log.toFile()).start();
            try {
                return new ServerProcess(contender, process);
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerMain.class.getName());
        command.add(contender.id());
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try {
            return new ServerProcess(contender, process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Asks the server for its resident set, threads and heap after a collection. */
    ProcessUsage usage() throws IOException {
        input.println("usage");
        return ProcessUsage.parse(answer(ANSWER_TIMEOUT));
    }

    private String answer(Duration timeout) throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofPlatform().name("server-output").daemon().start(task));
        try {
            String answer = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer == null) {
                throw new IOException(contender.id() + " server exited (code " + process.waitFor() + "); see its log");
            }
            return answer;
        } catch (TimeoutException e) {
            throw new IOException(contender.id() + " server did not answer within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IOException(contender.id() + " server: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        input.println("quit");
        input.close();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
