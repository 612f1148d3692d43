package dev.sockets.nio;

import java.nio.channels.SelectionKey;

/**
 * What an {@link EventLoop} calls for a selected key: the key's attachment. A {@link Readiness} wakes the
 * thread that waits for the readiness (the blocking style); a {@link NioEvents} reads and writes on the loop
 * thread itself (the event-driven style).
 */
interface KeyHandler {

    /** Called by the loop with the key after a select found it ready; {@code key.readyOps()} says for what. */
    void ready(SelectionKey key);

    /** Called by the loop when the key turned out to be cancelled, or the loop failed. */
    void cancelled();
}
