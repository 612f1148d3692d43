package dev.sockets.archfixtures.nio;

/** Breaks "nio's event loops run on platform threads": a Selector on a virtual thread pins its carrier. */
final class EventLoopOnAVirtualThread {
    void start() {
        Thread.ofVirtual().start(this::run);
    }

    private void run() {
    }
}
