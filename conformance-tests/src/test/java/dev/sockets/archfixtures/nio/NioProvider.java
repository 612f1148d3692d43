package dev.sockets.archfixtures.nio;

import dev.sockets.spi.ProviderThreads;
import java.util.concurrent.ThreadFactory;

/** Keeps the rules of impl-nio: it makes a factory of virtual threads, for the spi server loop to start them. */
final class NioProvider {
    ThreadFactory handlerThreads() {
        return ProviderThreads.virtual("fixture", "handler");
    }
}
