package dev.sockets.archfixtures;

import dev.sockets.archfixtures.blocking.PlainBlocking;

/** Breaks the rule of the API: it depends on a provider. */
public final class ApiThatNamesAProvider {
    public static PlainApi defaultProvider() {
        return new PlainBlocking();
    }
}
