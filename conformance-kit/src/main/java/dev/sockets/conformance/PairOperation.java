package dev.sockets.conformance;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.sockets.Connection;
import dev.sockets.conformance.PairModel.End;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * One step of the model-based test of §8.4: a write, read, shutdown or close on one end of a
 * connected pair. {@link #run} makes the call on the real connection and reports what it did as an
 * {@link Outcome}, which the {@link PairModel} then judges. Sequences of them come from
 * {@link Generators#operationSequences(int)}.
 */
public sealed interface PairOperation {

    /**
     * Returns the end the operation acts on.
     *
     * @return the client or the server
     */
    End end();

    /**
     * Makes the call on {@code pair}'s connection of {@link #end()}; a write sends the bytes {@code model} says come next.
     *
     * @param pair the pair to act on
     * @param model the model of the pair, which says what a write sends
     * @return what the call did
     */
    Outcome run(ConnectedPair pair, PairModel model);

    /**
     * Writes {@code size} bytes (§5.4).
     *
     * @param end the end that writes
     * @param size how many bytes
     */
    record Write(End end, int size) implements PairOperation {
        @Override
        public Outcome run(ConnectedPair pair, PairModel model) {
            ByteBuffer src = ByteBuffer.wrap(model.nextToWrite(end, size));
            return call(() -> {
                connection(pair, end).write(src);
                return src.hasRemaining()
                        ? new Outcome.Broken("write returned with " + src.remaining() + " of " + size + " B not written (§5.4)")
                        : new Outcome.Completed();
            });
        }

        @Override
        public String toString() {
            return end + ".write(" + size + ")";
        }
    }

    /**
     * Reads into a buffer of {@code capacity} bytes (§5.1, §5.2, §5.3).
     *
     * @param end the end that reads
     * @param capacity the size of the buffer, 0 included
     */
    record Read(End end, int capacity) implements PairOperation {
        @Override
        public Outcome run(ConnectedPair pair, PairModel model) {
            ByteBuffer dst = ByteBuffer.allocate(capacity);
            return call(() -> {
                int n = connection(pair, end).read(dst);
                if (n == -1 && dst.position() == 0) {
                    return new Outcome.EndOfStream();
                }
                if (n < 0 || n > capacity || n != dst.position()) {
                    return new Outcome.Broken("read returned " + n + " with " + dst.position() + " B put in a buffer of "
                            + capacity + " (§5.1)");
                }
                return new Outcome.Read(Arrays.copyOf(dst.array(), n));
            });
        }

        @Override
        public String toString() {
            return end + ".read(" + capacity + ")";
        }
    }

    /**
     * Shuts the output down (§6.1).
     *
     * @param end the end that shuts its output down
     */
    record ShutdownOutput(End end) implements PairOperation {
        @Override
        public Outcome run(ConnectedPair pair, PairModel model) {
            return call(() -> {
                connection(pair, end).shutdownOutput();
                return new Outcome.Completed();
            });
        }

        @Override
        public String toString() {
            return end + ".shutdownOutput()";
        }
    }

    /**
     * Shuts the input down (§6.2).
     *
     * @param end the end that shuts its input down
     */
    record ShutdownInput(End end) implements PairOperation {
        @Override
        public Outcome run(ConnectedPair pair, PairModel model) {
            return call(() -> {
                connection(pair, end).shutdownInput();
                return new Outcome.Completed();
            });
        }

        @Override
        public String toString() {
            return end + ".shutdownInput()";
        }
    }

    /**
     * Closes (§7.1).
     *
     * @param end the end that closes
     */
    record Close(End end) implements PairOperation {
        @Override
        public Outcome run(ConnectedPair pair, PairModel model) {
            return call(() -> {
                connection(pair, end).close();
                return new Outcome.Completed();
            });
        }

        @Override
        public String toString() {
            return end + ".close()";
        }
    }

    /**
     * Returns a generator of operations: mostly writes and reads of a few bytes to a few KiB (sometimes a
     * read into an empty buffer), with shutdowns and closes rare enough that sequences have something to
     * do before both ends are closed. {@link Generators#operations()} is the public way to it.
     *
     * @return the generator
     */
    static Gen<PairOperation> generator() {
        Gen<End> ends = Generate.enumValues(End.class);
        Gen<Integer> sizes = Generate.frequency(
                Pair.of(4, integers().between(1, 16)),
                Pair.of(3, integers().between(1, 2048)),
                Pair.of(1, Generate.pick(List.of(4095, 4096, 4097, 8192))));
        Gen<Integer> capacities = Generate.frequency(
                Pair.of(1, Generate.constant(0)),
                Pair.of(8, sizes));
        return Generate.frequency(
                Pair.of(6, ends.zip(sizes, Write::new)),
                Pair.of(7, ends.zip(capacities, Read::new)),
                Pair.of(1, ends.map(ShutdownOutput::new)),
                Pair.of(1, ends.map(ShutdownInput::new)),
                Pair.of(1, ends.map(Close::new)));
    }

    private static Connection connection(ConnectedPair pair, End end) {
        return end == End.CLIENT ? pair.client() : pair.server();
    }

    private static Outcome call(IoCall call) {
        try {
            return call.run();
        } catch (IOException | RuntimeException e) {
            return new Outcome.Threw(e);
        }
    }

    /** A call of the connection that may throw; how {@link #run} implementations make theirs. */
    @FunctionalInterface
    interface IoCall {
        /**
         * Makes the call.
         *
         * @return what it did
         * @throws IOException if it failed
         */
        Outcome run() throws IOException;
    }
}
