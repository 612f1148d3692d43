package dev.sockets.conformance;

import dev.sockets.ConnectionResetException;
import dev.sockets.OutputShutdownException;
import dev.sockets.SocketClosedException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A pure model of a connected pair of stream sockets, the reference of §8.4: for each end, whether
 * its output or input is shut down and whether it is closed; for each direction, how many bytes were
 * written and read, and whether the writer closed with data of the other direction unread (which
 * resets the connection: TCP sends RST, AF_UNIX reports {@code ECONNRESET}).
 *
 * <p>{@link #expect} tells what an operation may do in the current state, citing nothing but SPEC.md;
 * {@link #advance} moves the model by what the operation did. The model predicts only what SPEC.md
 * guarantees in every domain, and says so when it does not run an operation:
 * <ul>
 *   <li>a write to a peer that closed: §5.6 allows a few writes to succeed before the reset;
 *   <li>a write to a peer that shut its input down: TCP queues the bytes, AF_UNIX refuses them
 *       ({@code EPIPE}), and SPEC.md fixes neither;
 *   <li>a write beyond {@link #MAX_IN_FLIGHT} unread bytes: it could wait for a reader that never comes;
 *   <li>a read with nothing to read and no end of stream: it would wait for ever (§5.1).
 * </ul>
 * Bytes are checked, not only counted: the bytes a writer sends are a fixed function of the direction
 * and the offset in the stream ({@link #streamByte}), so a reader's bytes are compared with the ones
 * the model says come next.
 *
 * <p>A property of one's own runs sequences of {@link Generators#operationSequences(int)} against a
 * {@link ConnectedPair}: for each operation, {@link #expect} it, run it unless the expectation is
 * {@link Expectation#skipped() skipped}, check that the expectation {@link Expectation#allows allows} the
 * outcome, and {@link #advance}.
 */
public final class PairModel {

    /** Unread bytes allowed in one direction: well under any socket's buffers, so that writes never wait. */
    public static final int MAX_IN_FLIGHT = 48 * 1024;

    /** The two ends of the pair. */
    public enum End {
        /** The end that connected. */
        CLIENT,
        /** The end that was accepted. */
        SERVER;

        /**
         * Returns the other end.
         *
         * @return the other end
         */
        public End peer() {
            return this == CLIENT ? SERVER : CLIENT;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The state of one end. */
    private static final class Side {
        boolean outputShut;
        boolean inputShut;
        boolean closed;

        @Override
        public String toString() {
            return closed ? "closed" : (outputShut ? "output shut" : "output open") + ", " + (inputShut ? "input shut" : "input open");
        }
    }

    /** The bytes one end sends to the other. */
    private static final class Flow {
        long written;
        long read;
        /** The writer closed while bytes sent to it were unread: the reader may see a reset (§7.4). */
        boolean aborted;

        long inFlight() {
            return written - read;
        }

        @Override
        public String toString() {
            return written + " B written, " + read + " read" + (aborted ? ", writer closed with unread data" : "");
        }
    }

    private final Map<End, Side> sides = new EnumMap<>(End.class);
    private final Map<End, Flow> flows = new EnumMap<>(End.class);

    /** A pair just connected: both ends open, nothing written. */
    public PairModel() {
        for (End end : End.values()) {
            sides.put(end, new Side());
            flows.put(end, new Flow());
        }
    }

    /**
     * Returns what {@code op} may do now.
     *
     * @param op the next operation
     * @return the outcomes SPEC.md allows it, or that it is not to be run
     */
    public Expectation expect(PairOperation op) {
        Side self = sides.get(op.end());
        Side peer = sides.get(op.end().peer());
        return switch (op) {
            case PairOperation.Write w -> {
                Flow out = flows.get(w.end());
                if (self.closed) {
                    yield Expectation.throwing(SocketClosedException.class); // §7.2
                } else if (self.outputShut) {
                    yield Expectation.throwing(OutputShutdownException.class); // §6.3
                } else if (peer.closed) {
                    yield Expectation.skip("the peer closed: §5.6 lets some writes succeed before the reset");
                } else if (peer.inputShut) {
                    yield Expectation.skip("the peer shut its input down: SPEC.md leaves the writer's outcome open");
                } else if (out.inFlight() + w.size() > MAX_IN_FLIGHT) {
                    yield Expectation.skip("more than " + MAX_IN_FLIGHT + " B unread: the write could wait for ever");
                }
                yield Expectation.completes(); // §5.4
            }
            case PairOperation.Read r -> expectRead(r, self, peer, flows.get(r.end().peer()));
            case PairOperation.ShutdownOutput s -> self.closed
                    ? Expectation.throwing(SocketClosedException.class) // §7.2
                    : Expectation.completes(); // §6.1, also again
            case PairOperation.ShutdownInput s -> self.closed
                    ? Expectation.throwing(SocketClosedException.class) // §7.2
                    : Expectation.completes(); // §6.2, also again
            case PairOperation.Close c -> Expectation.completes(); // §7.1, also again
        };
    }

    private Expectation expectRead(PairOperation.Read r, Side self, Side peer, Flow in) {
        if (self.closed) {
            return Expectation.throwing(SocketClosedException.class); // §7.2
        }
        boolean peerSentEnd = peer.outputShut || peer.closed;
        if (r.capacity() == 0) {
            // §5.2; at end of stream (§5.3, §6.2) −1 is as true as 0, and a reset may be reported first (§5.5).
            Expectation zero = Expectation.zero();
            if (self.inputShut || in.aborted || (peerSentEnd && in.inFlight() == 0)) {
                zero = zero.or(Expectation.endOfStream());
            }
            return in.aborted ? zero.or(Expectation.throwing(ConnectionResetException.class)) : zero;
        }
        if (in.aborted) {
            // §7.4: the bytes before the close, then −1, "or a reset if unread data was discarded".
            Expectation end = Expectation.endOfStream().or(Expectation.throwing(ConnectionResetException.class));
            return !self.inputShut && in.inFlight() > 0 ? end.or(Expectation.bytes(next(r.end().peer(), r.capacity()))) : end;
        }
        if (self.inputShut) {
            return Expectation.endOfStream(); // §6.2
        }
        if (in.inFlight() > 0) {
            return Expectation.bytes(next(r.end().peer(), r.capacity())); // §5.1, §5.4
        }
        if (peerSentEnd) {
            return Expectation.endOfStream(); // §5.3, §6.1, §7.4
        }
        return Expectation.skip("nothing to read and no end of stream: the read would wait (§5.1)");
    }

    /**
     * Moves the model by what {@code op} did; {@code outcome} is one {@link #expect} allowed.
     *
     * @param op the operation that ran
     * @param outcome what it did
     */
    public void advance(PairOperation op, Outcome outcome) {
        Side self = sides.get(op.end());
        boolean completed = outcome instanceof Outcome.Completed;
        switch (op) {
            case PairOperation.Write w -> {
                if (completed) {
                    flows.get(w.end()).written += w.size();
                }
            }
            case PairOperation.Read r -> {
                if (outcome instanceof Outcome.Read read) {
                    flows.get(r.end().peer()).read += read.bytes().length;
                }
            }
            case PairOperation.ShutdownOutput s -> self.outputShut |= completed;
            case PairOperation.ShutdownInput s -> self.inputShut |= completed;
            case PairOperation.Close c -> {
                if (!self.closed) {
                    self.closed = true;
                    // Closing with received data unread resets the connection (RST; ECONNRESET for AF_UNIX).
                    if (flows.get(c.end().peer()).inFlight() > 0) {
                        flows.get(c.end()).aborted = true;
                    }
                }
            }
        }
    }

    /**
     * Returns the next {@code size} bytes that {@code writer} sends, from where its stream is.
     *
     * @param writer the end that writes
     * @param size how many bytes
     * @return the bytes
     */
    public byte[] nextToWrite(End writer, int size) {
        return bytes(writer, flows.get(writer).written, size);
    }

    /** Returns up to {@code max} of the bytes {@code writer} sent that are not read yet. */
    private byte[] next(End writer, int max) {
        Flow flow = flows.get(writer);
        return bytes(writer, flow.read, (int) Math.min(max, flow.inFlight()));
    }

    private static byte[] bytes(End writer, long offset, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = streamByte(writer, offset + i);
        }
        return bytes;
    }

    /**
     * Returns the byte at {@code offset} of the stream {@code writer} sends: a mix of both, so no two streams agree for long.
     *
     * @param writer the end that writes
     * @param offset the offset in its stream
     * @return the byte
     */
    public static byte streamByte(End writer, long offset) {
        long x = offset * 0x9E3779B97F4A7C15L + (writer.ordinal() + 1) * 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        x *= 0x94D049BB133111EBL;
        return (byte) (x ^ (x >>> 29));
    }

    @Override
    public String toString() {
        return "client " + sides.get(End.CLIENT) + "; server " + sides.get(End.SERVER)
                + "; client→server " + flows.get(End.CLIENT) + "; server→client " + flows.get(End.SERVER);
    }
}
