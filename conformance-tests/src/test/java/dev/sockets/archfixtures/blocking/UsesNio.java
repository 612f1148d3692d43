package dev.sockets.archfixtures.blocking;

import dev.sockets.archfixtures.nio.PlainNio;

/** Breaks "no implementation imports another": the blocking provider uses a class of the nio one. */
public final class UsesNio {
    public Object borrow() {
        return new PlainNio();
    }
}
