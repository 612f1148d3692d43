package dev.sockets.examples;

import dev.sockets.Server;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What the examples' {@code main} methods share: the command line (picocli), errors as one line and an exit
 * code, and servers that run until the process is stopped.
 *
 * <p>Exit codes: 0 when done, 1 when the example failed ({@code "EchoClient: Connection refused: 127.0.0.1:7007"}),
 * 2 for a bad command line. A server stopped with Ctrl-C or SIGTERM closes first, which removes its socket file,
 * and says nothing.
 */
final class Examples {

    private Examples() {
    }

    /** Returns the command line of {@code command}, whose errors are one line on standard error. */
    static CommandLine commandLine(Object command) {
        return new CommandLine(command)
                .setParameterExceptionHandler(Examples::badArguments)
                .setExecutionExceptionHandler(Examples::failed);
    }

    /** Runs {@code command} with {@code args} and returns its exit code. */
    static int run(Object command, String[] args) {
        return commandLine(command).execute(args);
    }

    /**
     * Prints {@code "<what> on <address>"}, then waits until the process is stopped (Ctrl-C, SIGTERM), and closes
     * {@code server} as it stops: its listener, its connections and, for a UNIX-domain one, its socket file.
     */
    static void serveUntilStopped(CommandLine line, String what, Server server) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            closed.countDown();
        }, "example-shutdown"));
        PrintWriter out = line.getOut();
        out.println(what + " on " + Endpoint.format(server.localAddress()));
        out.flush();
        closed.await();
    }

    private static int badArguments(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        line.getErr().println(line.getCommandName() + ": " + e.getMessage() + " (see --help)");
        line.getErr().flush();
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failed(Exception e, CommandLine line, ParseResult parsed) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        line.getErr().println(line.getCommandName() + ": " + message);
        line.getErr().flush();
        return line.getCommandSpec().exitCodeOnExecutionException();
    }
}
