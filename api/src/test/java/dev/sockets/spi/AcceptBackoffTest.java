package dev.sockets.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EMFILE on accept: the pause doubles up to a second, and a burst is logged once, however long it lasts */
class AcceptBackoffTest {

    @Test
    void pausesDoubleUpToOneSecondAndABurstIsLoggedOnce() {
        RecordingLogger log = new RecordingLogger();
        AcceptBackoff backoff = new AcceptBackoff(log, "server 127.0.0.1:4321");
        IOException emfile = new IOException("Too many open files");
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            delays.add(backoff.failed(emfile) / 1_000_000);
        }
        assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L, 1000L, 1000L, 1000L), delays);
        assertEquals(1, log.records().size(), log.records().toString());
        assertEquals(true, log.records().get(0).startsWith("WARNING accept failed on server 127.0.0.1:4321: "), log.records().get(0));
        assertEquals(true, log.records().get(0).contains("Too many open files"), log.records().get(0));
        assertEquals(12, backoff.failures());

        backoff.succeeded();
        backoff.succeeded();
        assertEquals(2, log.records().size(), log.records().toString());
        assertEquals("INFO accepting again on server 127.0.0.1:4321 after 12 failed attempt(s)", log.records().get(1));
        assertEquals(0, backoff.failures());

        assertEquals(10L, backoff.failed(emfile) / 1_000_000, "a new burst starts over");
        assertEquals(3, log.records().size());
    }
}
