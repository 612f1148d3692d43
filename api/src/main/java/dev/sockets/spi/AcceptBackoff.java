package dev.sockets.spi;

import java.lang.System.Logger.Level;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;

/**
 * What a server does when {@code accept(2)} fails, typically with {@code EMFILE} ("Too many open
 * files") or {@code ENFILE}, one policy for every provider: the pending client stays in the
 * backlog, so an accept tried again at once fails again at once, for ever, at full CPU. Instead the
 * server pauses accepting and tries again: after 10 ms, then twice as long each time up to one
 * second, until an accept succeeds. The listening socket stays open, so clients queue in the
 * backlog meanwhile, and the first accept after descriptors are freed serves them.
 *
 * <p>An episode of failures is logged once, at its first failure (WARNING), and its end once, with
 * the number of failed attempts (INFO), however long it lasts: a server out of descriptors must not
 * also fill its log. Logging itself may fail in such a state (it may need to open a file): that is
 * swallowed, never allowed to end the accept loop; and what the first record would have to load is
 * loaded when the server starts ({@link #preloadLogging}), so that a cold logger writes it all the same.
 *
 * <p>Not thread-safe: used by one accept loop only.
 */
final class AcceptBackoff {

    /** The first pause. */
    static final long FIRST_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The longest pause. */
    static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final System.Logger log;
    private final String where;

    /** Failed attempts in the current episode; 0 when accepting works. */
    private long failures;
    private long delay;

    AcceptBackoff(System.Logger log, String where) {
        this.log = log;
        this.where = where;
        preloadLogging(log);
    }

    /**
     * Loads now, while descriptors are to be had, what the first record of an episode would otherwise
     * load when none are: the logger itself (the JDK's backend reads its configuration file when the
     * first logger is made), and the time-zone rules that a formatter's time stamp needs (the JDK reads
     * them from {@code lib/tzdb.dat} on first use, and throws an {@link Error} if it cannot open it).
     * What fails here is ignored: the episode's record is then tried, and dropped if it fails.
     */
    static void preloadLogging(System.Logger log) {
        try {
            log.isLoggable(Level.WARNING);
            String.format("%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp %1$tZ",
                    ZonedDateTime.now(ZoneId.systemDefault()));
        } catch (Throwable e) {
            // Nothing to do: logging is best effort, serving is not.
        }
    }

    /** Counts a failed accept and returns how long to pause accepting, in nanoseconds. */
    long failed(Throwable e) {
        failures++;
        if (failures == 1) {
            delay = FIRST_DELAY_NANOS;
            log(Level.WARNING, "accept failed on " + where + ": " + e
                    + "; the server stays up and retries with a back-off of up to 1 s (logged once per episode)");
        } else {
            delay = Math.min(delay * 2, MAX_DELAY_NANOS);
        }
        return delay;
    }

    /** Counts a successful accept, which ends an episode of failures. */
    void succeeded() {
        if (failures > 0) {
            log(Level.INFO, "accepting again on " + where + " after " + failures + " failed attempt(s)");
            failures = 0;
            delay = 0;
        }
    }

    /** Returns the failed attempts of the current episode. */
    long failures() {
        return failures;
    }

    private void log(Level level, String message) {
        try {
            log.log(level, message);
        } catch (Throwable e) {
            // Out of descriptors, a logger may fail to open what it needs; the server must go on.
        }
    }
}
