package dev.sockets.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The C baseline, {@code c-pthreads}: {@code echo_pthreads.c} (on the class path, from
 * {@code src/main/c}) compiled with the machine's C compiler ({@code cc -O2 -pthread}) the first time
 * it is asked for, into the report's folder. Where there is no compiler the contender fails to start
 * with that reason, and the comparison goes on without it.
 */
final class NativeServer {

    private static final String SOURCE = "/c/echo_pthreads.c";

    private NativeServer() {
    }

    /** Returns the built server, building it in {@code folder} if needed. */
    static synchronized Path binary(Path folder) throws IOException {
        Path binary = folder.resolve("echo_pthreads");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Path source = folder.resolve("echo_pthreads.c");
        try (InputStream in = NativeServer.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("no " + SOURCE + " on the class path");
            }
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-O2", "-pthread", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("c-pthreads needs a C compiler (cc): " + e.getMessage(), e);
        }
        try {
            String output = new String(cc.getInputStream().readAllBytes());
            if (!cc.waitFor(120, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                throw new IOException("cc failed on " + source + ": " + output);
            }
        } catch (InterruptedException e) {
            cc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling " + source, e);
        }
        return binary;
    }
}
