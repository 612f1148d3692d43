package dev.sockets.archfixtures.nio;

import dev.sockets.spi.ProviderThreads;
import java.io.IOException;
import java.nio.channels.Selector;

/** Keeps the rules of impl-nio: an event loop, which starts its platform thread and selects on it. */
final class EventLoop {
    void start() {
        Thread t = ProviderThreads.platform("fixture", "shared-loop").newThread(this::run);
        t.start();
    }

    private void run() {
        try (Selector selector = Selector.open()) {
            selector.select();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
