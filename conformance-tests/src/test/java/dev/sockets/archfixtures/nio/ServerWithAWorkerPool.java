package dev.sockets.archfixtures.nio;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Breaks "nio has no worker pool": its handlers run on a fixed pool, which a few blocked handlers exhaust. */
final class ServerWithAWorkerPool {
    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    void handle(Runnable handler) {
        workers.execute(handler);
    }
}
