package dev.sockets.benchmarks;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The C load generator ({@code load_epoll.c}, built by {@link NativeProgram}): for each ping-pong workload a
 * process of its own, with one epoll thread per core, that opens the connections (at most 128 connects in
 * progress at once, as {@link LoadGenerator}), keeps one 64-byte message outstanding on each, and reports its
 * round trips with their latency when asked ({@link NativeWorkload}). It drives the ping-pong tests alone:
 * idle connections, streaming and churn stay with the Java generator.
 */
final class NativeLoadGenerator implements PingPongGenerator {

    static final String PROGRAM = "load_epoll";

    private final Path binary;
    private final Path log;
    private final int threads;

    private NativeLoadGenerator(Path binary, Path log, int threads) {
        this.binary = binary;
        this.log = log;
        this.threads = threads;
    }

    /**
     * Builds the generator into {@code folder} (fails if there is no C compiler); it runs {@code threads}
     * threads, and its standard error goes to {@code folder/load_epoll.log}.
     */
    static NativeLoadGenerator build(Path folder, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (at least 1)");
        }
        return new NativeLoadGenerator(NativeProgram.binary(PROGRAM, folder), folder.resolve(PROGRAM + ".log"), threads);
    }

    @Override
    public NativeWorkload pingPong(InetSocketAddress server, int connections) throws IOException {
        Process process = new ProcessBuilder(binary.toString(), String.valueOf(server.getPort()), String.valueOf(connections),
                String.valueOf(threads)).redirectError(Redirect.appendTo(log.toFile())).start();
        return NativeWorkload.start(process);
    }

    @Override
    public String description() {
        return "the C load generator (load_epoll.c), " + threads + " epoll threads";
    }
}
