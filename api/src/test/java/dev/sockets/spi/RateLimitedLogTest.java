package dev.sockets.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** §12.9's policy, on a clock the test moves: one record a second, the next one naming what it suppressed. */
class RateLimitedLogTest {

    @Test
    void atMostOneRecordASecondAndTheNextNamesTheSuppressed() {
        RecordingLogger records = new RecordingLogger();
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RateLimitedLog log = new RateLimitedLog(records, now::get);

        assertTrue(log.log(Level.WARNING, "first", null), "the first record goes");
        for (int i = 0; i < 99; i++) {
            now.addAndGet(5_000_000); // 5 ms apart: 495 ms in all
            assertFalse(log.log(Level.WARNING, "again " + i, null), "within a second of the last record");
        }
        assertEquals(99, log.suppressed());
        now.set(1_000_000_000L + RateLimitedLog.INTERVAL_NANOS);
        assertTrue(log.log(Level.WARNING, "later", null), "a second after the last record");
        assertEquals(0, log.suppressed());

        assertEquals(List.of("WARNING first",
                "WARNING later (and 99 more like it in the last second(s), not logged: at most one a second)"),
                records.records());
    }

    @Test
    void aFailingLoggerNeverFailsTheCaller() {
        RateLimitedLog log = new RateLimitedLog(new RecordingLogger() {
            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
                throw new Error("simulated: tzdb.dat (Too many open files)");
            }
        });
        assertTrue(log.log(Level.WARNING, "goes nowhere", new IllegalStateException()));
    }
}
