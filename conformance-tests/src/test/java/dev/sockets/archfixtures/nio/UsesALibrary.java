package dev.sockets.archfixtures.nio;

import org.junit.jupiter.api.Assertions;

/** Breaks "impl-* depends on the API and the JDK only": a provider that needs a library at run time. */
final class UsesALibrary {
    void check(Object o) {
        Assertions.assertNotNull(o);
    }
}
