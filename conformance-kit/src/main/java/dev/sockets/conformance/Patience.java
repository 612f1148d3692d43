package dev.sockets.conformance;

import java.time.Duration;
import org.opentest4j.AssertionFailedError;

/**
 * How long one property waits for a call: the full bound until a wait runs out, then a short one.
 * A call that hangs fails its example after the full bound; QuickTheories then shrinks, running many
 * smaller examples that most likely hang too, and waiting the full bound for each would take the
 * test past its timeout, so the failure would be reported without its smallest case and seed.
 */
final class Patience {

    private final Duration full;
    private final Duration once;
    private volatile boolean exhausted;

    /** Waits up to {@code full}, and up to {@code once} after a wait ran out. */
    Patience(Duration full, Duration once) {
        this.full = full;
        this.once = once;
    }

    /** Returns the bound of the next wait. */
    Duration bound() {
        return exhausted ? once : full;
    }

    /** Records that a wait ran out: later waits are short. */
    void ranOut() {
        exhausted = true;
    }

    /** Waits for {@code call}'s value within {@link #bound()}, as {@link BlockedCall#awaitValue}. */
    <T> T await(BlockedCall<T> call) {
        try {
            return call.awaitValue(bound());
        } catch (AssertionFailedError e) {
            if (!call.isDone()) {
                ranOut();
            }
            throw e;
        }
    }
}
