package dev.sockets.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The load generators of one run: the Java one, which runs every test, and the C one where it was built,
 * and which of them drives the ping-pong tests, as {@code -Dbench.generator} asks: {@code java}, {@code c}
 * (fails at once where there is no C compiler), or {@code auto} (the default: C where {@code cc} is on the
 * {@code PATH}, else Java).
 *
 * @param java the Java generator, in this JVM
 * @param c the C generator, if asked for and built
 * @param pingPong the one that drives tests 1–2
 * @param why why that one, for the report: "-Dbench.generator=auto, no C compiler on the PATH"
 */
record Generators(LoadGenerator java, Optional<NativeLoadGenerator> c, PingPongGenerator pingPong, String why)
        implements AutoCloseable {

    /** The generators {@code choice} asks for, each with {@code threads} threads; the C one built into {@code folder}. */
    static Generators of(String choice, Path folder, int threads) throws IOException {
        boolean useC = switch (choice) {
            case "java" -> false;
            case "c" -> {
                if (!NativeProgram.compilerOnPath()) {
                    throw new IOException("-Dbench.generator=c needs a C compiler (cc) on the PATH; none found:"
                            + " use java or auto");
                }
                yield true;
            }
            case "auto" -> NativeProgram.compilerOnPath();
            default -> throw new IllegalArgumentException("bench.generator=" + choice); // Settings checked it
        };
        LoadGenerator java = new LoadGenerator(threads);
        if (!useC) {
            return new Generators(java, Optional.empty(), java, "-Dbench.generator=" + choice
                    + (choice.equals("auto") ? ", no C compiler on the PATH" : ""));
        }
        try {
            NativeLoadGenerator c = NativeLoadGenerator.build(folder, threads);
            return new Generators(java, Optional.of(c), c, "-Dbench.generator=" + choice);
        } catch (IOException | RuntimeException e) {
            java.close();
            throw e;
        }
    }

    /** For the report: which generator drove which tests, and what the C one does not measure as the Java one does. */
    String description() {
        if (c.isEmpty()) {
            return "Every test is driven by " + java.description() + ", in the JVM of the comparison (" + why + ").";
        }
        return "The ping-pong tests (1–2) are driven by " + pingPong.description() + " (" + why + "); the others by "
                + java.description() + ", in the JVM of the comparison. The C generator times each round trip with"
                + " clock_gettime(CLOCK_MONOTONIC) and counts the times in buckets within 0.4% of their value (the Java"
                + " one's HdrHistogram keeps 3 digits);"
                + " of its errors it gives the count and the first one's errno text.";
    }

    @Override
    public void close() {
        java.close();
    }
}
