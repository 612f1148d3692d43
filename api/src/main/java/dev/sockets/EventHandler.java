package dev.sockets;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * What an event-driven connection ({@link EventConnection}) does when something happens to it: the
 * second handler style, beside the blocking-style {@link ConnectionHandler}. Where a
 * {@code ConnectionHandler} owns a thread and blocks in {@code read(2)}, an event handler is called
 * back when the socket has something for it, and never blocks: its writes are queued and flushed
 * when the socket can take them.
 *
 * <h2>Comparison with Netty and Node</h2>
 * The callbacks are those of Netty's {@code ChannelInboundHandler} ({@code channelActive},
 * {@code channelRead}, {@code channelWritabilityChanged}, {@code channelInactive}) and of Node's
 * {@code net.Socket} events ({@code 'data'}, {@code 'end'}, {@code 'drain'}, {@code 'timeout'},
 * {@code 'close'}); as in Node the peer's end of output is its own callback, and the handler
 * decides whether to keep writing ({@code allowHalfOpen}), by default not.
 *
 * <h2>The contract (SPEC.md §16)</h2>
 * <ul>
 *   <li>The callbacks of one connection never run at once, and come in order: {@link #onOpen}
 *   first, then {@link #onData} in the order the bytes came, {@link #onPeerShutdown} after the
 *   last of them, and {@link #onClose} exactly once, last (§16.1, §16.5). Different connections'
 *   callbacks may run at once.</li>
 *   <li>They run on the connection's own thread: an event loop for the nio provider, the
 *   connection's reader or writer thread for a provider with a thread per client. A callback that
 *   blocks stalls that thread, and with nio every connection of its loop.</li>
 *   <li>A callback that throws closes its own connection at once (as {@link EventConnection#abort})
 *   and nothing else: {@link #onClose} gets the exception, and a server counts it in
 *   {@link ServerStats#handlerFailures()} (§16.6).</li>
 * </ul>
 * Only {@link #onData} must be written; every other callback has a default.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * Called first, once, when the connection is established (after {@code accept(2)} or
     * {@code connect(2)}). Writes made here go out first. Does nothing by default.
     *
     * @param connection the connection
     * @throws Exception to abort the connection (§16.6)
     */
    default void onOpen(EventConnection connection) throws Exception {
    }

    /**
     * Called with bytes that {@code read(2)} returned, in order, never while reading is paused
     * (§16.2). {@code data} is valid during this call only: it may be a buffer the event loop reuses
     * for the next connection. Copy what is kept; {@link EventConnection#write} copies.
     *
     * @param connection the connection
     * @param data the bytes read, from its position to its limit, at least one; read-only in intent
     * @throws Exception to abort the connection (§16.6)
     */
    void onData(EventConnection connection, ByteBuffer data) throws Exception;

    /**
     * Called once when the peer shut its output down ({@code read(2)} returned 0 bytes, the peer's
     * {@code shutdown(SHUT_WR)} or {@code close(2)}), after every {@link #onData}. The connection's
     * output is still open: the handler may write its last bytes and then shut down or close. By
     * default it closes the connection gracefully ({@link EventConnection#close()}), after every
     * queued byte went, as Node's {@code allowHalfOpen: false}.
     *
     * @param connection the connection, its input at end of stream
     * @throws Exception to abort the connection (§16.6)
     */
    default void onPeerShutdown(EventConnection connection) throws Exception {
        connection.close();
    }

    /**
     * Called when the write queue, once above the high water mark (a {@link EventConnection#write}
     * returned false), has fallen to the low mark or below: Node's {@code 'drain'} (§16.4). Does
     * nothing by default.
     *
     * @param connection the connection, writable again
     * @throws Exception to abort the connection (§16.6)
     */
    default void onWritable(EventConnection connection) throws Exception {
    }

    /**
     * Called when no byte was read from or written to the connection for the server's idle timeout
     * ({@link ServerOptions#idleTimeout()}, §16.7); again after each further such period while the
     * connection stays open. By default it closes the connection gracefully, and the server counts
     * it in {@link ServerStats#idleClosed()}.
     *
     * @param connection the idle connection
     * @throws Exception to abort the connection (§16.6)
     */
    default void onIdle(EventConnection connection) throws Exception {
        connection.close();
    }

    /**
     * Called once, last, when the connection is closed ({@code close(2)} done): after a graceful close
     * or an abort, the peer's reset, a failed system call, or a callback's exception (§16.5). No
     * callback follows, and a write from now on throws. Does nothing by default; what it throws is
     * logged and dropped.
     *
     * @param connection the closed connection
     * @param cause why it closed, if not by a close or abort of this side or after the peer's end
     *     of stream: the reset, the I/O failure, or the callback's exception
     */
    default void onClose(EventConnection connection, Optional<Throwable> cause) {
    }
}
