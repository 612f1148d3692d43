package dev.sockets;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A stream connection driven by events: its {@link EventHandler} is called when bytes arrive, and
 * what it writes is queued and flushed when the socket can take it. Made by
 * {@link SocketProvider#serveEvents} for each accepted client, and by
 * {@link SocketProvider#connectEvents} for a client.
 *
 * <p>Every method may be called from any thread and none blocks. The handler's callbacks run on
 * the connection's own thread (see {@link EventHandler}); {@link #execute} runs a task there.
 *
 * <h2>POSIX calls behind it</h2>
 * <table>
 *   <caption>The methods and the calls they lead to</caption>
 *   <tr><th>Method</th><th>POSIX</th></tr>
 *   <tr><td>{@link #write}</td><td>queued; {@code write(2)} (or {@code writev(2)}) when the socket is
 *       writable, until the queue is empty</td></tr>
 *   <tr><td>{@link #shutdownOutput}</td><td>{@code shutdown(fd, SHUT_WR)} once the queue is empty</td></tr>
 *   <tr><td>{@link #close}</td><td>{@code close(2)} once the queue is empty</td></tr>
 *   <tr><td>{@link #abort}</td><td>{@code close(2)} now; queued bytes are dropped</td></tr>
 *   <tr><td>{@link #pauseReading}, {@link #resumeReading}</td><td>no {@code read(2)} while paused
 *       (with a selector: {@code OP_READ} out of the interest set), so that the kernel's receive
 *       buffer fills and TCP's window stops the peer</td></tr>
 * </table>
 */
public interface EventConnection {

    /**
     * Queues every remaining byte of {@code src} (copied; its position is advanced to its limit) to be
     * written after the bytes queued before; never blocks. Returns whether the queue is still at or
     * below the high water mark ({@link WaterMarks#high()}); when it returns false, the handler should
     * stop producing until {@link EventHandler#onWritable} (§16.4). Nothing is refused for being above
     * the mark.
     *
     * @param src the bytes to write; may be empty
     * @return true if the bytes queued now are at most the high water mark
     * @throws SocketClosedException "Socket closed", if the connection is closed or closing
     *     ({@link #close}, {@link #abort})
     * @throws OutputShutdownException "Socket output is shutdown", after {@link #shutdownOutput}
     * @throws NullPointerException if {@code src} is null
     */
    boolean write(ByteBuffer src) throws IOException;

    /**
     * Returns the bytes queued and not yet written to the socket.
     *
     * @return the number of bytes in the write queue, 0 when everything went
     */
    long queuedBytes();

    /**
     * Returns whether the queue is at or below the high water mark: what the last {@link #write}
     * would have returned.
     *
     * @return true while {@link #queuedBytes()} is at most {@link WaterMarks#high()}
     */
    boolean isWritable();

    /**
     * Shuts the output down once every byte queued before went: POSIX {@code shutdown(fd, SHUT_WR)},
     * so that the peer reads end of stream after the last byte (§16.3). Input stays open. Calling it
     * again, or after close, has no effect.
     */
    void shutdownOutput();

    /**
     * Closes gracefully: no more writes are taken, every byte queued before is written, then
     * {@code close(2)}, and {@link EventHandler#onClose} (§16.3). Reading stops at once. Calling it
     * again has no effect. If the peer stops reading, the close waits for it; {@link #abort} does not.
     */
    void close();

    /**
     * Closes now: POSIX {@code close(2)} at once, the queue dropped, then
     * {@link EventHandler#onClose}. Calling it again, or after close, has no effect.
     */
    void abort();

    /**
     * Stops reading: from the return of this call until {@link #resumeReading()}, no
     * {@link EventHandler#onData} is called (§16.2), and no {@code read(2)} is made, so the peer is
     * held back by TCP's flow control once the kernel's buffers fill. Netty's {@code autoRead(false)},
     * Node's {@code pause()}. Calling it while paused has no effect.
     */
    void pauseReading();

    /**
     * Reads again after {@link #pauseReading()}; bytes already read while pausing are delivered
     * first. Calling it while reading has no effect.
     */
    void resumeReading();

    /**
     * Returns whether reading is paused.
     *
     * @return true between {@link #pauseReading()} and {@link #resumeReading()}
     */
    boolean isReadingPaused();

    /**
     * Runs {@code task} on the connection's own thread, never at once with a callback of this
     * connection, after the callbacks and tasks already due. A task given once the connection is
     * closed is not run. What it throws aborts the connection, as a callback's exception (§16.6).
     *
     * @param task what to run
     * @throws NullPointerException if {@code task} is null
     */
    void execute(Runnable task);

    /**
     * Returns whether the connection is open: true until {@link #close()} or {@link #abort()} was
     * called or the connection failed.
     *
     * @return false once closing began
     */
    boolean isOpen();

    /**
     * Returns the local address, also after close.
     *
     * @return the address {@code getsockname} returned
     */
    SocketAddress localAddress();

    /**
     * Returns the peer's address, also after close.
     *
     * @return the address {@code getpeername} returned
     */
    SocketAddress remoteAddress();
}
