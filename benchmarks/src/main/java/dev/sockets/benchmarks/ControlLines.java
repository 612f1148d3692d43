package dev.sockets.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control protocol of a child process — a server under test, or the C load generator: command lines
 * to its standard input, answer lines from its standard output, each awaited for a bounded time, so that a
 * process that hangs or dies fails the test that asked, instead of stopping the comparison.
 */
final class ControlLines {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final BufferedReader output;
    private final PrintStream input;

    /** @param name what the process is, for the messages: "c-epoll server" */
    ControlLines(String name, Process process) {
        this.name = name;
        this.process = process;
        this.output = process.inputReader(StandardCharsets.US_ASCII);
        this.input = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
    }

    /** Sends one command line. */
    void send(String command) {
        input.println(command);
    }

    /** Returns the next line of output, waiting at most {@code timeout}; fails if the process exits first. */
    String answer(Duration timeout) throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofPlatform().name("control-output").daemon().start(task));
        try {
            String answer = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer == null) {
                throw new IOException(name + " exited (code " + process.waitFor() + "); see its log");
            }
            return answer;
        } catch (TimeoutException e) {
            throw new IOException(name + " did not answer within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IOException(name + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    /**
     * Sends {@code command} (its "quit"), closes its input and waits for it to exit; kills it if it has not
     * within 20 s. If interrupted, kills it and returns with the interrupt status set.
     */
    void quit(String command) {
        input.println(command);
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
