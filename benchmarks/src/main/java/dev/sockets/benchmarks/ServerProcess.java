package dev.sockets.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server under test in a JVM of its own ({@link ServerMain}), started with the JDK that runs this
 * one ({@code java.home}, the build's toolchain, never the default {@code java}) and the same class
 * path — or, for a server in C, its program ({@link NativeProgram}). Its standard error goes to a log file;
 * its standard input and output carry the control protocol ({@link ControlLines}).
 *
 * <p>The heap is fixed and touched up front ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}), so
 * that the resident set grows only with native memory — thread stacks, direct buffers — and the
 * heap is measured apart, after a collection.
 */
final class ServerProcess implements AutoCloseable {

    static final List<String> JVM_OPTIONS = jvmOptions();

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final ControlLines control;
    private final int port;

    private ServerProcess(Contender contender, Process process) throws IOException {
        this.control = new ControlLines(contender.id() + " server", process);
        String first = control.answer(START_TIMEOUT);
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
        List<String> command = new ArrayList<>();
        if (contender.nativeProgram().isPresent()) {
            command.add(NativeProgram.binary(contender.nativeProgram().orElseThrow(), log.getParent()).toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ServerMain.class.getName());
            command.add(contender.id());
        }
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
        control.send("usage");
        return ProcessUsage.parse(control.answer(ANSWER_TIMEOUT));
    }

    @Override
    public void close() {
        control.quit("quit");
    }
}
