package dev.sockets.archfixtures.virtualthreads;

/** Breaks "no synchronized blocks", which ArchUnit does not see: only the bytecode has the monitor. */
final class SynchronizedBlock {
    private final Object lock = new Object();
    private int count;

    void increment() {
        synchronized (lock) {
            count++;
        }
    }
}
