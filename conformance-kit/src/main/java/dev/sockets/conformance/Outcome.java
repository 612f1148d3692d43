package dev.sockets.conformance;

import java.time.Duration;
import java.util.HexFormat;

/**
 * What one operation of a connected pair did, as observed by the model-based test (§8.4): it
 * completed, read bytes (or returned 0), returned −1, threw, broke its own contract in a way no state
 * allows, or blocked until the kit gave up on it.
 */
public sealed interface Outcome {

    /** A write, shutdown or close returned normally; a write with nothing left in its buffer. */
    record Completed() implements Outcome {
        @Override
        public String toString() {
            return "ok";
        }
    }

    /**
     * A read returned {@code bytes.length} (0 included) and put these bytes in the buffer.
     *
     * @param bytes the bytes read
     */
    record Read(byte[] bytes) implements Outcome {
        @Override
        public String toString() {
            if (bytes.length == 0) {
                return "returned 0";
            }
            int shown = Math.min(bytes.length, 8);
            return "read " + bytes.length + " B (" + HexFormat.of().formatHex(bytes, 0, shown)
                    + (shown < bytes.length ? "…" : "") + ")";
        }
    }

    /** A read returned −1. */
    record EndOfStream() implements Outcome {
        @Override
        public String toString() {
            return "returned −1";
        }
    }

    /**
     * The operation threw {@code exception}.
     *
     * @param exception what it threw
     */
    record Threw(Throwable exception) implements Outcome {
        @Override
        public String toString() {
            return "threw " + exception.getClass().getSimpleName() + "(\"" + exception.getMessage() + "\")";
        }
    }

    /**
     * The call returned in a way no state allows: a read whose count and position disagree, a short write.
     *
     * @param what what was wrong
     */
    record Broken(String what) implements Outcome {
        @Override
        public String toString() {
            return what;
        }
    }

    /**
     * The call had not returned after {@code bound}; the kit closed the pair to wake it.
     *
     * @param bound how long the kit waited
     */
    record Blocked(Duration bound) implements Outcome {
        @Override
        public String toString() {
            return "still blocked after " + bound.toMillis() + " ms";
        }
    }
}
