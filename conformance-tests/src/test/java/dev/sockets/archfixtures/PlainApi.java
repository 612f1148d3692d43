package dev.sockets.archfixtures;

import java.net.SocketAddress;

/** Keeps the rule of the API: it depends on the JDK only. */
public interface PlainApi {
    SocketAddress localAddress();
}
