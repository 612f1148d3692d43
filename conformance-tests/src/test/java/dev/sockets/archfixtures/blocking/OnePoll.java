package dev.sockets.archfixtures.blocking;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/** Keeps the rules of impl-blocking: the one poll class, a private Selector as poll(2) on one channel. */
final class OnePoll {
    static boolean await(SelectableChannel channel, long millis) throws IOException {
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            return selector.select(millis) > 0;
        }
    }
}
