package dev.sockets.nio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop runs tasks in order on its own thread, starts lazily, ends when idle and starts again when needed. */
class EventLoopTest {

    private final List<Thread> started = new CopyOnWriteArrayList<>();
    private final EventLoop loop = new EventLoop(task -> {
        Thread t = new Thread(task, "test-loop-" + (started.size() + 1));
        t.setDaemon(true);
        started.add(t);
        return t;
    });

    @Test
    void runsTasksInOrderOnOneThreadThenStopsWhenIdleAndRestarts() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<Thread> on = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            loop.execute(() -> {
                ran.add(n);
                on.add(Thread.currentThread());
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1000);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add(i);
        }
        assertEquals(expected, ran);
        assertEquals(1, started.size(), "one thread for all the tasks");
        assertTrue(on.stream().allMatch(t -> t == started.get(0)));

        // Nothing to watch: the thread ends after its linger, and the next task starts another.
        await().atMost(Duration.ofSeconds(10)).until(() -> !started.get(0).isAlive());
        AtomicInteger again = new AtomicInteger();
        loop.execute(again::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(() -> again.get() == 1);
        assertEquals(2, started.size());
    }

    @Test
    void providersShareTheLoopsOfTheirSize() {
        assertSame(EventLoopGroup.shared(3), EventLoopGroup.shared(3));
        assertEquals(3, NioSocketProvider.builder().loops(3).build().loops());
    }
}
