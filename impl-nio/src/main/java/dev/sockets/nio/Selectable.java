package dev.sockets.nio;

import java.nio.channels.SelectionKey;

/**
 * What an {@link EventLoop} calls when the channel of a {@link SelectionKey} is ready: the attachment of every
 * key the loop selects. Both methods run on the loop thread and must not block.
 */
interface Selectable {

    /**
     * Called with the key after a select found it ready; {@code key.readyOps()} says for what. The key may have
     * been cancelled meanwhile, in which case key methods throw {@link java.nio.channels.CancelledKeyException}
     * and the loop calls {@link #cancelled()} instead.
     */
    void ready(SelectionKey key);

    /** Called when the key turned out to be cancelled (its channel closed), so that nobody waits on it for ever. */
    void cancelled();
}
