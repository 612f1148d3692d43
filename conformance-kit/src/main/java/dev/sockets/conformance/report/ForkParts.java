package dev.sockets.conformance.report;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The matrix of a run whose test classes are shared out among several JVMs at once (surefire's
 * {@code forkCount}): each JVM, when its part of the run ends, leaves its matrix in
 * {@code parts/<fork>.part} of the summary's folder and writes the summary of all the parts there,
 * so the last JVM to end writes the whole run's. A file lock keeps two JVMs that end together from
 * mixing their writes. The build empties {@code parts/} before each run, so no part of an earlier run
 * is counted.
 */
final class ForkParts {

    private ForkParts() {
    }

    /** Leaves {@code mine} as the part {@code fork}, writes the summary of every part, and returns its Markdown. */
    static String writeSummaryOfAllParts(Path dir, String fork, ConformanceMatrix mine, Instant finished) {
        Path parts = dir.resolve("parts");
        try {
            Files.createDirectories(parts);
            try (FileChannel lockFile = FileChannel.open(parts.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(parts.resolve(fork + ".part")))) {
                    out.writeObject(mine);
                }
                ConformanceMatrix whole = new ConformanceMatrix();
                try (DirectoryStream<Path> all = Files.newDirectoryStream(parts, "*.part")) {
                    for (Path part : all) {
                        whole.add(read(part));
                    }
                }
                String markdown = whole.toMarkdown(finished);
                ConformanceSummaryListener.write(dir, whole.toJson(finished), markdown);
                return markdown;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance summary to " + dir, e);
        }
    }

    private static ConformanceMatrix read(Path part) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(part))) {
            return (ConformanceMatrix) in.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("not a part of the conformance matrix: " + part, e);
        }
    }
}
