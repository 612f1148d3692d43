package dev.sockets.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many threads hand a stopped loop their first task at the same instant, as the four callers of a full-duplex
 * exchange do when their connection first waits: one starts the thread, the others queue and wake it, and
 * while the selector is still being opened none may fail and no task may be lost.
 */
class StartRaceTest {

    private static final int ROUNDS = 50;
    private static final int PRODUCERS = 6;

    @Test
    void concurrentFirstTasksAllRunAndNoneFails() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            List<Thread> loopThreads = new ArrayList<>();
            EventLoop loop = new EventLoop(task -> {
                Thread t = new Thread(task, "test-start-race-loop");
                t.setDaemon(true);
                loopThreads.add(t);
                return t;
            });
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(PRODUCERS);
            for (int p = 0; p < PRODUCERS; p++) {
                Thread producer = new Thread(() -> {
                    try {
                        go.await();
                        loop.execute(ran::incrementAndGet);
                    } catch (Exception | Error e) {
                        failed.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                }, "test-producer");
                producer.start();
            }
            go.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> ran.get() == PRODUCERS);
            assertEquals(0, failed.get(), "round " + round);
            assertEquals(1, loopThreads.size(), "round " + round + ": one loop thread");
        }
    }
}
