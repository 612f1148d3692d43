package dev.sockets.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * Threads that log at once, a second of their own each round: each round's first call goes, the others are
     * suppressed after it was decided, so each record names exactly the calls of the round before it, never one
     * of its own round (a count read apart from the decision takes some of them), and no call is lost.
     */
    @Test
    void eachRecordNamesExactlyTheCallsSuppressedBeforeIt() throws Exception {
        int threads = 4;
        int rounds = 200;
        int calls = 50;
        RecordingLogger records = new RecordingLogger();
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RateLimitedLog log = new RateLimitedLog(records, now::get);
        CyclicBarrier together = new CyclicBarrier(threads,
                () -> now.addAndGet(RateLimitedLog.INTERVAL_NANOS)); // each round in a second of its own
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        together.await();
                        for (int i = 0; i < calls; i++) {
                            log.log(Level.WARNING, "bug", null);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        now.addAndGet(RateLimitedLog.INTERVAL_NANOS);
        assertTrue(log.log(Level.WARNING, "last", null), "a second after the last round");

        Pattern named = Pattern.compile("\\(and (\\d+) more like it");
        List<Long> counts = records.records().stream().map(named::matcher)
                .map(m -> m.find() ? Long.parseLong(m.group(1)) : 0L).toList();
        List<Long> expected = new ArrayList<>();
        expected.add(0L); // the first round's record: nothing before it
        for (int round = 1; round <= rounds; round++) { // the later rounds' and "last"
            expected.add((long) threads * calls - 1);
        }
        assertEquals(expected, counts, "the count each record names, one record a round and the last");
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
