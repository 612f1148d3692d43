package dev.sockets.nio;

import dev.sockets.Domain;
import java.net.StandardProtocolFamily;

/** The protocol family of {@code socket(2)}'s first argument for each domain of the API. */
final class Families {

    private Families() {
    }

    static StandardProtocolFamily of(Domain domain) {
        return switch (domain) {
            case INET -> StandardProtocolFamily.INET;
            case INET6 -> StandardProtocolFamily.INET6;
            case UNIX -> StandardProtocolFamily.UNIX;
        };
    }
}
