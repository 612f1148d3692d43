package dev.sockets.archfixtures.virtualthreads;

/** Breaks "no synchronized methods": a virtual thread blocked in it pins its carrier (Java 21). */
final class SynchronizedMethod {
    private int count;

    synchronized void increment() {
        count++;
    }
}
