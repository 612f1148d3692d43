package dev.sockets.archfixtures.virtualthreads;

/** Breaks "the virtualthreads provider starts no platform thread". */
final class StartsAPlatformThread {
    void start(Runnable task) {
        Thread.ofPlatform().daemon().start(task);
    }
}
