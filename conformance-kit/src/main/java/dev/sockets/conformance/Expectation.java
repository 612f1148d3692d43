package dev.sockets.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What the model of a connected pair allows an operation to do (§8.4): complete, read some of the
 * next bytes of the stream, return 0, return −1, throw one of some exception types; or, when SPEC.md
 * does not fix the outcome or the call would wait for ever, not be run at all ({@link #skip}).
 *
 * <p>Most expectations allow exactly one outcome. A few allow a set, where SPEC.md does: a read of a
 * stream whose writer closed with unread data may see the rest of the data, −1 or a reset (§7.4);
 * a read into a full buffer at end of stream may return 0 (§5.2) or −1 (§5.3). Made by
 * {@link PairModel#expect}.
 */
public final class Expectation {

    private final String skipReason;
    private final boolean completes;
    private final boolean zero;
    private final boolean endOfStream;
    private final byte[] bytes;
    private final List<Class<? extends IOException>> exceptions;

    private Expectation(String skipReason, boolean completes, boolean zero, boolean endOfStream, byte[] bytes,
            List<Class<? extends IOException>> exceptions) {
        this.skipReason = skipReason;
        this.completes = completes;
        this.zero = zero;
        this.endOfStream = endOfStream;
        this.bytes = bytes;
        this.exceptions = List.copyOf(exceptions);
    }

    /** The operation is not run: SPEC.md leaves its outcome open, or it would block. */
    static Expectation skip(String reason) {
        return new Expectation(reason, false, false, false, null, List.of());
    }

    /** The operation returns normally (a write: with every byte written). */
    static Expectation completes() {
        return new Expectation(null, true, false, false, null, List.of());
    }

    /** A read returns 0. */
    static Expectation zero() {
        return new Expectation(null, false, true, false, null, List.of());
    }

    /** A read returns −1. */
    static Expectation endOfStream() {
        return new Expectation(null, false, false, true, null, List.of());
    }

    /** A read returns between 1 and {@code next.length} bytes, the first ones of {@code next}. */
    static Expectation bytes(byte[] next) {
        if (next.length == 0) {
            throw new IllegalArgumentException("no bytes to read");
        }
        return new Expectation(null, false, false, false, next.clone(), List.of());
    }

    /** The operation throws {@code type} (or a subtype). */
    static Expectation throwing(Class<? extends IOException> type) {
        return new Expectation(null, false, false, false, null, List.of(type));
    }

    /** Returns an expectation that allows what this one or {@code other} allows. */
    Expectation or(Expectation other) {
        if (skipped() || other.skipped()) {
            throw new IllegalStateException("a skipped operation allows nothing");
        }
        if (bytes != null && other.bytes != null) {
            throw new IllegalStateException("two byte ranges");
        }
        List<Class<? extends IOException>> types = new ArrayList<>(exceptions);
        types.addAll(other.exceptions);
        return new Expectation(null, completes || other.completes, zero || other.zero, endOfStream || other.endOfStream,
                bytes != null ? bytes : other.bytes, types);
    }

    /**
     * Returns whether the operation is not to be run.
     *
     * @return whether to skip it
     */
    public boolean skipped() {
        return skipReason != null;
    }

    /**
     * Returns why the operation is not run.
     *
     * @return the reason, or null if it is run
     */
    public String skipReason() {
        return skipReason;
    }

    /**
     * Returns whether {@code outcome} is one this expectation allows.
     *
     * @param outcome what the operation did
     * @return whether SPEC.md allows it
     */
    public boolean allows(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Completed c -> completes;
            case Outcome.EndOfStream e -> endOfStream;
            case Outcome.Read r when r.bytes().length == 0 -> zero;
            case Outcome.Read r -> bytes != null && r.bytes().length <= bytes.length
                    && Arrays.equals(r.bytes(), 0, r.bytes().length, bytes, 0, r.bytes().length);
            case Outcome.Threw t -> exceptions.stream().anyMatch(type -> type.isInstance(t.exception()));
            case Outcome.Broken b -> false;
            case Outcome.Blocked b -> false;
        };
    }

    @Override
    public String toString() {
        if (skipped()) {
            return "not run: " + skipReason;
        }
        List<String> allowed = new ArrayList<>();
        if (completes) {
            allowed.add("ok");
        }
        if (bytes != null) {
            int shown = Math.min(bytes.length, 8);
            allowed.add((bytes.length == 1 ? "1 B" : "1 to " + bytes.length + " B") + " of the stream ("
                    + HexFormat.of().formatHex(bytes, 0, shown) + (shown < bytes.length ? "…" : "") + ")");
        }
        if (zero) {
            allowed.add("0");
        }
        if (endOfStream) {
            allowed.add("−1");
        }
        exceptions.forEach(type -> allowed.add(type.getSimpleName()));
        return String.join(" or ", allowed);
    }
}
