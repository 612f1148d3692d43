package dev.sockets.nio;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * What a server does when {@code accept(2)} fails, typically with {@code EMFILE} ("Too many open files") or
 * {@code ENFILE}: the pending client stays in the backlog, so the listening socket stays readable and a
 * level-triggered selector would report it again at once, for ever, at full CPU. Instead the server stops
 * watching {@code OP_ACCEPT} for a while and tries again: after 10 ms, then twice as long each time up to one
 * second, until an accept succeeds. The listening socket stays open, so clients queue in the backlog meanwhile.
 *
 * <p>A burst of failures is logged once, at its first failure (WARNING), and its end once, with the number of
 * failed attempts (INFO), however long it lasts: a server out of descriptors must not also fill its log.
 *
 * <p>Not thread-safe: used by the accepting loop's thread only.
 */
final class AcceptBackoff {

    /** The first pause. */
    static final long FIRST_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The longest pause. */
    static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final System.Logger log;
    private final String where;

    /** Failed attempts in the current burst; 0 when accepting works. */
    private long failures;
    private long delay;

    AcceptBackoff(System.Logger log, String where) {
        this.log = log;
        this.where = where;
    }

    /** Counts a failed accept and returns how long to stop accepting, in nanoseconds. */
    long failed(IOException e) {
        failures++;
        if (failures == 1) {
            delay = FIRST_DELAY_NANOS;
            log.log(Level.WARNING, "accept failed on " + where + ": " + e.getMessage()
                    + "; the server stays up and retries with a back-off of up to 1 s (logged once per burst)", e);
        } else {
            delay = Math.min(delay * 2, MAX_DELAY_NANOS);
        }
        return delay;
    }

    /** Counts a successful accept, which ends a burst of failures. */
    void succeeded() {
        if (failures > 0) {
            log.log(Level.INFO, "accepting again on " + where + " after " + failures + " failed attempt(s)");
            failures = 0;
            delay = 0;
        }
    }

    /** Returns whether the last accept failed. */
    boolean inBurst() {
        return failures > 0;
    }
}
