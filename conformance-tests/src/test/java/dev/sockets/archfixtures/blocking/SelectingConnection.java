package dev.sockets.archfixtures.blocking;

import java.io.IOException;
import java.nio.channels.Selector;

/** Breaks "blocking uses no Selector except its poll": a connection of the blocking provider selects. */
final class SelectingConnection {
    int waitForData() throws IOException {
        try (Selector selector = Selector.open()) {
            return selector.selectNow();
        }
    }
}
