package dev.sockets.archfixtures.conformance;

import dev.sockets.archfixtures.PlainApi;
import dev.sockets.archfixtures.blocking.PlainBlocking;

/** Breaks "the kit depends on the API and its test libraries only": it names a provider. */
final class KitThatNamesAProvider {
    PlainApi provider() {
        return new PlainBlocking();
    }
}
