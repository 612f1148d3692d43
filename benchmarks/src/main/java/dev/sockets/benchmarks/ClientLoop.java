package dev.sockets.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One thread of the load generator: a {@link Selector} over the client connections given to it,
 * and a queue of tasks from other threads. Sessions run only on this thread, so they need no locks.
 */
final class ClientLoop implements AutoCloseable {

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    ClientLoop(int index) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = Thread.ofPlatform().name("loadgen-" + index).daemon().start(this::run);
    }

    Selector selector() {
        return selector;
    }

    /** Runs {@code task} on this loop's thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Closes every connection of this loop, and returns once they are closed. */
    void closeAll() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        execute(() -> {
            for (SelectionKey key : selector.keys()) {
                ((ClientSession) key.attachment()).close();
            }
            done.countDown();
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(thread.getName() + " did not close its connections within 30 s");
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select(this::dispatch);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
            }
            for (SelectionKey key : selector.keys()) {
                ((ClientSession) key.attachment()).close();
            }
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void dispatch(SelectionKey key) {
        ((ClientSession) key.attachment()).ready(key);
    }

    /** Stops the loop and closes its connections; if interrupted while waiting, returns with the interrupt status set. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
