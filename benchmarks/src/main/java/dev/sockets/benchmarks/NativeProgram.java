package dev.sockets.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * The C programs of the comparison, from {@code src/main/c} (on the class path): the servers {@code c-pthreads}
 * ({@code echo_pthreads.c}) and {@code c-epoll} ({@code echo_epoll.c}), and the C load generator
 * ({@code load_epoll.c}). Each is compiled with the machine's C compiler ({@code cc -O2 -pthread}) the first time
 * it is asked for, into the report's folder. Where there is no compiler, asking for one fails with that reason,
 * and the comparison goes on without it.
 */
final class NativeProgram {

    private static final String COMPILER = "cc";

    private NativeProgram() {
    }

    /** Whether a C compiler ({@code cc}) is on the {@code PATH}: the C programs can be built. */
    static boolean compilerOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, COMPILER))) {
                return true;
            }
        }
        return false;
    }

    /** Returns the program {@code name} ({@code src/main/c/<name>.c}) built, building it in {@code folder} if needed. */
    static synchronized Path binary(String name, Path folder) throws IOException {
        Path binary = folder.resolve(name);
        if (Files.isExecutable(binary)) {
            return binary;
        }
        String resource = "/c/" + name + ".c";
        Files.createDirectories(folder);
        Path source = folder.resolve(name + ".c");
        try (InputStream in = NativeProgram.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " on the class path");
            }
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Process cc;
        try {
            cc = new ProcessBuilder(COMPILER, "-O2", "-pthread", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(name + " needs a C compiler (" + COMPILER + "): " + e.getMessage(), e);
        }
        try {
            String output = new String(cc.getInputStream().readAllBytes());
            if (!cc.waitFor(120, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                throw new IOException(COMPILER + " failed on " + source + ": " + output);
            }
        } catch (InterruptedException e) {
            cc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling " + source, e);
        }
        return binary;
    }
}
