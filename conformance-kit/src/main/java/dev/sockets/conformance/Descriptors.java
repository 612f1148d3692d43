package dev.sockets.conformance;

import static dev.sockets.conformance.Waits.await;

import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * Counts of this process's socket descriptors, for the checks that an error path opened none (§13.1):
 * {@snippet :
 * long before = Descriptors.open();
 * assertThrows(ConnectException.class, () -> provider().connect(nothingThere));
 * Descriptors.awaitNoMoreThan(before, "§3.2: a refused connect");
 * }
 */
public final class Descriptors {

    /** How long a close may take to release its descriptor, when it finishes on another thread. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private Descriptors() {
    }

    /**
     * Returns the number of socket descriptors open now.
     *
     * @return the count; -1 where the system does not tell (no /proc)
     */
    public static long open() {
        return ResourceSnapshot.socketDescriptors();
    }

    /**
     * Waits briefly (five seconds at most) until at most {@code before} socket descriptors are open; else
     * fails with {@code what}. Does nothing when {@code before} is -1.
     *
     * @param before the count before, from {@link #open()}
     * @param what what the failure says first
     * @throws AssertionFailedError if more stay open
     */
    public static void awaitNoMoreThan(long before, String what) {
        if (before < 0) {
            return;
        }
        try {
            await(what).atMost(GRACE).pollInterval(Duration.ofMillis(10)).until(() -> open() <= before);
        } catch (ConditionTimeoutException e) {
            throw new AssertionFailedError(what + ": " + (open() - before) + " more socket descriptor(s) open than before", e);
        }
    }
}
