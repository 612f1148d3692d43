package dev.sockets.archfixtures.blocking;

import java.io.IOException;
import java.nio.channels.Selector;

/** Breaks "blocking has its one poll": a second class named as a poll that uses a Selector. */
final class AnotherPoll {
    static Selector open() throws IOException {
        return Selector.open();
    }
}
