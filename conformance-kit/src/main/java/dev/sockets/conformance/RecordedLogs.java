package dev.sockets.conformance;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log records above DEBUG of the loggers under {@code dev.sockets}, while it is open, seen through the
 * JDK's logging, the default backend of {@code System.Logger} (§12.9): what an operator of a server would
 * see in a log at its usual level. Closing it stops recording.
 */
final class RecordedLogs implements AutoCloseable {

    private final Logger sockets = Logger.getLogger("dev.sockets");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler recording = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() > Level.FINE.intValue()) {
                records.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts recording. */
    RecordedLogs() {
        sockets.addHandler(recording);
    }

    /** Returns every record so far, oldest first. */
    List<LogRecord> all() {
        return List.copyOf(records);
    }

    /** Returns the records so far whose exception is a {@code type}, oldest first. */
    List<LogRecord> of(Class<? extends Throwable> type) {
        return records.stream().filter(r -> type.isInstance(r.getThrown())).toList();
    }

    /** Returns the records so far whose exception is not a {@code type}, as "LEVEL message", oldest first. */
    List<String> otherThan(Class<? extends Throwable> type) {
        return records.stream().filter(r -> !type.isInstance(r.getThrown()))
                .map(r -> r.getLevel() + " " + r.getMessage() + (r.getThrown() == null ? "" : ": " + r.getThrown()))
                .toList();
    }

    /** Returns when the last record so far went, or {@link Instant#MIN} if none did. */
    Instant last() {
        return records.isEmpty() ? Instant.MIN : records.get(records.size() - 1).getInstant();
    }

    @Override
    public void close() {
        sockets.removeHandler(recording);
    }
}
