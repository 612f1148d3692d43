package dev.sockets.conformance;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.impl.Constraint;

/**
 * The kit's shared QuickTheories generators: payloads, write chunkings, read-buffer sizes and client
 * counts, each skewed to the sizes where stream code breaks (0, 1, the common buffer sizes ± 1) but
 * mostly small, so that a property of a few dozen examples runs in a second or two.
 *
 * <p>Every generated value prints in a form a person can read and reproduce: a {@link Payload} is a
 * size and a seed, and its bytes are computed from them, so a failure reads
 * {@code Payload[8193 B, seed 42]} rather than eight thousand numbers. Generators shrink towards the
 * first, smallest choice, so QuickTheories reports the smallest failing case it finds.
 *
 * <p>Public, for properties of one's own: a rule file of a downstream project tests its rules with the
 * same generators, inside {@link Theories#qt}:
 * {@snippet :
 * Theories.qt("§100.1", 20, 30)
 *         .forAll(Generators.payloads(64 * 1024), Generators.chunkings())
 *         .checkAssert(Theories.unchecked((payload, chunking) -> echo(payload, chunking)));
 * }
 * {@link Gen} is QuickTheories' type, which the kit's module reads transitively.
 */
public final class Generators {

    /** The largest payload: "several MiB" of §8.1. */
    public static final int MAX_PAYLOAD = 4 * 1024 * 1024;

    /** The largest read buffer. */
    public static final int MAX_READ_BUFFER = 64 * 1024;

    /** The most clients of §8.2. */
    public static final int MAX_CLIENTS = 64;

    /** Sizes around which buffers are commonly cut: powers of two used for buffers, with their neighbours. */
    private static final List<Integer> BUFFER_EDGES = List.of(
            255, 256, 257, 1023, 1024, 1025, 4095, 4096, 4097, 8191, 8192, 8193, 16383, 16384, 16385,
            65535, 65536, 65537);

    /** The edges of payload and read sizes: nothing, one, two, and the buffer edges. */
    private static final List<Integer> PAYLOAD_EDGES = Stream.concat(
            Stream.of(0, 1, 2), BUFFER_EDGES.stream()).toList();

    private Generators() {
    }

    // ---- payloads ------------------------------------------------------------------------------

    /**
     * Payload sizes from 0 to {@link #MAX_PAYLOAD}: a third up to 1 KiB, a third the edges (0, 1, 2 and
     * buffer sizes ± 1), a quarter up to 256 KiB, the rest anything up to 4 MiB, with 4 MiB itself and its
     * neighbour (see {@link #skewed}).
     *
     * @return the generator
     */
    public static Gen<Integer> payloadSizes() {
        return payloadSizes(MAX_PAYLOAD);
    }

    /**
     * {@link #payloadSizes()} up to {@code max}.
     *
     * @param max the largest size, at least 0
     * @return the generator
     */
    public static Gen<Integer> payloadSizes(int max) {
        return skewed(0, max, 1024, PAYLOAD_EDGES);
    }

    /**
     * Payloads of {@link #payloadSizes()}, each with a seed for its bytes.
     *
     * @return the generator
     */
    public static Gen<Payload> payloads() {
        return payloads(MAX_PAYLOAD);
    }

    /**
     * Payloads of {@link #payloadSizes(int) payloadSizes(max)}.
     *
     * @param max the largest size, at least 0
     * @return the generator
     */
    public static Gen<Payload> payloads(int max) {
        return payloadSizes(max).zip(seeds(), (size, seed) -> new Payload(seed, size));
    }

    /**
     * Large payloads, from 1 MiB to {@link #MAX_PAYLOAD}: more than the send and receive buffers of a
     * connection together, so that writers fill them (§8.3).
     *
     * @return the generator
     */
    public static Gen<Payload> largePayloads() {
        Gen<Integer> sizes = Generate.frequency(
                Pair.of(3, integers().between(1024 * 1024, MAX_PAYLOAD)),
                Pair.of(1, Generate.pick(List.of(1024 * 1024, MAX_PAYLOAD - 1, MAX_PAYLOAD))));
        return sizes.zip(seeds(), (size, seed) -> new Payload(seed, size));
    }

    /**
     * Seeds for payload bytes: small numbers, easy to read and to type back in.
     *
     * @return the generator
     */
    public static Gen<Long> seeds() {
        return longs().between(0, 999_999);
    }

    // ---- writes and reads ----------------------------------------------------------------------

    /**
     * Write chunkings: a pattern of chunk sizes that {@link Chunking#cover(int)} repeats to cut any
     * payload into writes. Sizes include 0 (an empty write, §5.4), 1, buffer edges and "all at once".
     *
     * @return the generator
     */
    public static Gen<Chunking> chunkings() {
        return lists().of(chunkSizes()).ofSizeBetween(1, 6).map(Chunking::new);
    }

    private static Gen<Integer> chunkSizes() {
        return Generate.frequency(
                Pair.of(20, Generate.constant(Chunking.ALL)),
                Pair.of(5, Generate.constant(1)),
                Pair.of(2, Generate.constant(0)),
                Pair.of(20, integers().between(1, 64)),
                Pair.of(20, Generate.pick(BUFFER_EDGES)),
                Pair.of(20, integers().between(1, 64 * 1024)),
                Pair.of(5, integers().between(64 * 1024, 1024 * 1024)));
    }

    /**
     * Read-buffer sizes from 1 to {@link #MAX_READ_BUFFER}: tiny ones (1 to 64), the edges, anything (see {@link #skewed}).
     *
     * @return the generator
     */
    public static Gen<Integer> readBufferSizes() {
        return skewed(1, MAX_READ_BUFFER, 64, PAYLOAD_EDGES);
    }

    /**
     * Whole transfers for §8.1: a payload, how it is written, and the read buffer. So that a run stays
     * fast, the read buffer is made large enough that a payload needs at most {@link Transfer#MAX_READS}
     * reads of a full buffer (one-byte reads of a 4 MiB payload would take minutes, and prove nothing
     * that one-byte reads of 8 KiB do not); the value printed is the size used.
     *
     * @return the generator
     */
    public static Gen<Transfer> transfers() {
        return payloads().zip(chunkings(), readBufferSizes(), Generate.booleans(),
                (payload, chunking, readBuffer, direct) -> new Transfer(payload, chunking,
                        Math.max(readBuffer, ceilDiv(payload.size(), Transfer.MAX_READS)), direct));
    }

    // ---- clients -------------------------------------------------------------------------------

    /**
     * Client counts from 1 to {@link #MAX_CLIENTS}: mostly a few, often the edges 1, 2 and 64.
     *
     * @return the generator
     */
    public static Gen<Integer> clientCounts() {
        return Generate.frequency(
                Pair.of(3, Generate.pick(List.of(1, 2))),
                Pair.of(5, integers().between(1, 16)),
                Pair.of(2, integers().between(1, MAX_CLIENTS)),
                Pair.of(1, Generate.constant(MAX_CLIENTS)));
    }

    /**
     * What each of several clients sends (§8.2): 1 to 64 payloads of up to {@code maxPayload} bytes, each
     * with its own seed, so that crossed wires show as wrong bytes.
     *
     * @param maxPayload the largest payload of one client, at least 0
     * @return the generator
     */
    public static Gen<ClientPayloads> clientPayloads(int maxPayload) {
        return clientCounts().flatMap(count -> lists().of(payloadSizes(maxPayload)).ofSize(count))
                .zip(seeds(), (sizes, seed) -> new ClientPayloads(seed, sizes));
    }

    // ---- operations ----------------------------------------------------------------------------

    /**
     * Operations on a connected pair (§8.4): mostly writes and reads of a few bytes to a few KiB (sometimes
     * a read into an empty buffer) on either end, with shutdowns and closes rare enough that a sequence has
     * something to do before both ends are closed. Judge them with a {@link PairModel}.
     *
     * @return the generator
     */
    public static Gen<PairOperation> operations() {
        return PairOperation.generator();
    }

    /**
     * Sequences of 1 to {@code maxLength} {@link #operations()}, which shrink to the shortest that fails.
     *
     * @param maxLength the most operations in a sequence, at least 1
     * @return the generator
     */
    public static Gen<List<PairOperation>> operationSequences(int maxLength) {
        return lists().of(operations()).ofSizeBetween(1, maxLength);
    }

    // ---- values --------------------------------------------------------------------------------

    /**
     * A payload: {@code size} bytes computed from {@code seed}. Printed as its size and seed; the bytes
     * are the same every time for the same pair.
     *
     * @param seed the seed of the bytes
     * @param size the number of bytes, at least 0
     */
    public record Payload(long seed, int size) {

        /**
         * Checks the size.
         *
         * @throws IllegalArgumentException if {@code size} is negative
         */
        public Payload {
            if (size < 0) {
                throw new IllegalArgumentException("size < 0: " + size);
            }
        }

        /**
         * Returns the payload's bytes.
         *
         * @return a new array of {@link #size()} bytes, the same ones for the same seed
         */
        public byte[] bytes() {
            byte[] bytes = new byte[size];
            new SplittableRandom(seed).nextBytes(bytes);
            return bytes;
        }

        /**
         * Returns null if {@code received} is exactly this payload, else what differs, as "received 100 of
         * 8193 bytes" or "byte 4096 of 8193 differs: expected 0x3a, received 0x00".
         *
         * @param received the bytes that came
         * @return null when they are the payload, else what differs
         */
        public String mismatch(byte[] received) {
            byte[] expected = bytes();
            int at = Arrays.mismatch(expected, received);
            if (at < 0) {
                return null;
            }
            if (at == received.length) {
                return "received " + received.length + " of " + size + " bytes: the rest never came";
            }
            if (at == expected.length) {
                return "received " + received.length + " bytes, " + (received.length - size) + " more than the " + size + " sent";
            }
            return String.format("byte %d of %d differs: expected 0x%02x, received 0x%02x (%d bytes received)",
                    at, size, expected[at], received[at], received.length);
        }

        @Override
        public String toString() {
            return "Payload[" + size + " B, seed " + seed + "]";
        }
    }

    /**
     * How a payload is cut into writes: the sizes of {@link #pattern()} in turn, repeated, the last write
     * taking what is left; {@link #ALL} takes everything left. At most {@link #MAX_WRITES} writes are
     * made, the last of them taking the rest, so that one-byte writes of a large payload stay fast.
     *
     * @param pattern the sizes of the writes, in turn, each at least 0 ({@link #ALL}: the rest)
     */
    public record Chunking(List<Integer> pattern) {

        /** A chunk size meaning "everything left, in one write". */
        public static final int ALL = Integer.MAX_VALUE;

        /** The most writes a payload is cut into. */
        public static final int MAX_WRITES = 512;

        /**
         * Copies and checks the pattern.
         *
         * @throws IllegalArgumentException if the pattern is empty or has a negative size
         */
        public Chunking {
            pattern = List.copyOf(pattern);
            if (pattern.isEmpty() || pattern.stream().anyMatch(s -> s < 0)) {
                throw new IllegalArgumentException("pattern: " + pattern);
            }
        }

        /**
         * Returns the sizes of the writes that cover {@code total} bytes: they sum to {@code total}.
         *
         * @param total the bytes to write
         * @return the sizes of the writes, in order
         */
        public List<Integer> cover(int total) {
            List<Integer> writes = new ArrayList<>();
            int left = total;
            for (int i = 0; left > 0; i++) {
                int chunk = writes.size() == MAX_WRITES - 1 ? left : Math.min(left, pattern.get(i % pattern.size()));
                writes.add(chunk);
                left -= chunk;
            }
            if (total == 0 && pattern.get(0) == 0) {
                writes.add(0);
            }
            return writes;
        }

        @Override
        public String toString() {
            return "writes of " + pattern.stream().map(s -> s == ALL ? "all" : String.valueOf(s))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /**
     * One transfer of §8.1: {@code payload} written in the chunks of {@code chunking}, read with buffers of
     * {@code readBufferSize} bytes, direct buffers or heap ones.
     *
     * @param payload what is written
     * @param chunking how it is cut into writes
     * @param readBufferSize the size of the reader's buffer
     * @param directBuffers whether the buffers are direct ones
     */
    public record Transfer(Payload payload, Chunking chunking, int readBufferSize, boolean directBuffers) {

        /** The most full-buffer reads a transfer needs; see {@link Generators#transfers()}. */
        public static final int MAX_READS = 8192;

        @Override
        public String toString() {
            return payload + " in " + chunking + ", read " + readBufferSize + " B at a time, "
                    + (directBuffers ? "direct" : "heap") + " buffers";
        }
    }

    /**
     * The payloads of several clients: client {@code i} sends {@code sizes.get(i)} bytes of seed {@code seed + i}.
     *
     * @param seed the seed of the first client's payload
     * @param sizes the size of each client's payload
     */
    public record ClientPayloads(long seed, List<Integer> sizes) {

        /** Copies the sizes. */
        public ClientPayloads {
            sizes = List.copyOf(sizes);
        }

        /**
         * Returns the number of clients.
         *
         * @return the number of clients
         */
        public int count() {
            return sizes.size();
        }

        /**
         * Returns what client {@code i} sends.
         *
         * @param i the client, from 0
         * @return its payload
         */
        public Payload payload(int i) {
            return new Payload(seed + i, sizes.get(i));
        }

        @Override
        public String toString() {
            return sizes.size() + " clients sending " + sizes + " B, seeds from " + seed;
        }
    }

    /**
     * Sizes from {@code min} to {@code max}, skewed: 30% small (up to {@code small}), 35% one of
     * {@code edges}, 25% up to 256 KiB, 8% anything, 2% {@code max} or {@code max - 1}.
     *
     * <p>Written on QuickTheories' randomness directly, rather than with {@code Generate.frequency}, so
     * that it shrinks well: it draws a branch and a value, and both shrink towards 0, that is towards
     * the small branch and the smallest value that still fails. A failure at 64 KiB is reported as
     * 64 KiB, not as the 4 MiB payload that happened to find it.
     *
     * @param min the smallest size
     * @param max the largest size, at least {@code min}
     * @param small the top of the small branch
     * @param edges sizes to favour; those outside {@code min..max} are left out
     * @return the generator
     */
    public static Gen<Integer> skewed(int min, int max, int small, List<Integer> edges) {
        List<Integer> inRange = edges.stream().filter(e -> e >= min && e <= max).toList();
        List<Integer> choices = inRange.isEmpty() ? List.of(min) : inRange;
        Gen<Integer> sizes = in -> {
            int branch = (int) in.next(Constraint.between(0, 99));
            int value = (int) in.next(Constraint.between(min, max));
            int offset = value - min;
            if (branch < 30) {
                return min + offset % (Math.min(small, max) - min + 1);
            } else if (branch < 65) {
                return choices.get(offset % choices.size());
            } else if (branch < 90) {
                return min + offset % (Math.min(256 * 1024, max) - min + 1);
            } else if (branch < 98) {
                return value;
            }
            return Math.max(min, max - offset % 2);
        };
        return sizes;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
