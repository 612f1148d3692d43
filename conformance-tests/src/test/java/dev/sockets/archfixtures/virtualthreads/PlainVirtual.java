package dev.sockets.archfixtures.virtualthreads;

import dev.sockets.spi.ProviderThreads;
import java.util.concurrent.locks.ReentrantLock;

/** Keeps the rules of impl-virtualthreads: virtual threads only, and a ReentrantLock instead of a monitor. */
final class PlainVirtual {
    private final ReentrantLock lock = new ReentrantLock();

    void serve(Runnable handler) {
        ProviderThreads.virtual("fixture", "handler").newThread(handler).start();
        Thread.ofVirtual().start(handler);
    }

    void locked(Runnable r) {
        lock.lock();
        try {
            r.run();
        } finally {
            lock.unlock();
        }
    }
}
