package dev.sockets.nio;

import dev.sockets.spi.EventCore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The event-driven model of the NIO provider: the core's {@link EventCore} on the {@link EventLoop} that owns
 * the channel. The connection's context is the loop thread: every callback runs there, straight from the
 * select that found the socket ready, with no hand-off to another thread.
 *
 * <ul>
 *   <li>Reading: {@code OP_READ} is in the key's interest while the core wants to read; on readiness the
 *   connection reads into the loop's one {@linkplain EventLoop#readBuffer() read buffer} and passes it to
 *   the handler, up to four times while the buffer comes back full. No buffer is held per connection.</li>
 *   <li>Writing: a write in a callback with nothing queued goes to {@code write(2)} at once, and only what
 *   the socket did not take is copied into the queue. The queue is flushed with one gathering
 *   {@code writev(2)} when it has several buffers, and {@code OP_WRITE} is watched only while
 *   {@code write(2)} returns 0 (the send buffer is full).</li>
 *   <li>Closing: the key is cancelled, and the loop deregisters it and closes the channel in its next task,
 *   so that {@code close(2)} is not deferred to a later select.</li>
 * </ul>
 */
final class NioEvents implements EventCore.Transport, KeyHandler {

    /** How many reads one readiness may make while the read buffer comes back full: fairness to the other keys. */
    private static final int READS_PER_READY = 4;

    private final NioConnection connection;
    // No field for the loop, the channel or the key's interest: the connection and the key hold them, and a
    // server may hold 10,000 of these.
    private final EventCore core;
    /** The channel's key in the loop's selector; loop thread only. */
    private SelectionKey key;

    private NioEvents(NioConnection connection, EventCore core) {
        this.connection = connection;
        this.core = core;
    }

    /** Drives {@code connection} on its loop: registers its channel and calls {@code onOpen} there. */
    static void start(NioConnection connection, EventCore core) throws IOException {
        NioEvents events = new NioEvents(connection, core);
        core.bind(events);
        events.connection.loop().execute(events::register);
    }

    private void register() {
        try {
            key = connection.eventChannel().register(connection.loop().selector(), 0, this);
        } catch (IOException | RuntimeException e) {
            core.failed(e);
            return;
        }
        core.start();
    }

    @Override
    public void execute(Runnable task) {
        try {
            connection.loop().execute(task);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean inContext() {
        return connection.loop().inLoop();
    }

    @Override
    public void reading(boolean on) {
        interest(SelectionKey.OP_READ, on);
    }

    @Override
    public void flush() {
        SocketChannel channel = connection.eventChannel();
        ByteBuffer[] buffers;
        while ((buffers = core.buffers()).length > 0) {
            long n;
            try {
                n = buffers.length == 1 ? channel.write(buffers[0]) : channel.write(buffers);
            } catch (IOException | RuntimeException e) {
                core.failed(e);
                return;
            }
            if (n == 0) {
                interest(SelectionKey.OP_WRITE, true); // the send buffer is full: wait until it has room
                return;
            }
            core.wrote(n); // may call onWritable, shut down or close
        }
        interest(SelectionKey.OP_WRITE, false);
    }

    @Override
    public int writeNow(ByteBuffer src) throws IOException {
        return connection.eventChannel().write(src);
    }

    @Override
    public void shutdownOutput() throws IOException {
        connection.eventChannel().shutdownOutput();
    }

    @Override
    public void closeNow() {
        SelectionKey registered = key;
        if (registered != null) {
            registered.cancel();
            // After this select's callbacks: deregistering selects, which the loop must not do from one.
            execute(() -> {
                connection.loop().deregister(registered);
                connection.close();
            });
        } else {
            connection.close();
        }
    }

    @Override
    public void interrupt() {
        // The loop never blocks: the abort's task closes the channel there.
    }

    @Override
    public void released(Runnable done) {
        // After the close task queued by closeNow, so that the descriptor is released when the server hears it.
        execute(done);
    }

    @Override
    public void ready(SelectionKey selected) {
        int ops = selected.readyOps();
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    @Override
    public void cancelled() {
        if (!core.isClosed()) {
            core.failed(new IOException("event loop stopped"));
        }
    }

    private void read() {
        SocketChannel channel = connection.eventChannel();
        ByteBuffer buffer = connection.loop().readBuffer();
        for (int i = 0; i < READS_PER_READY && core.wantsToRead(); i++) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException | RuntimeException e) {
                core.failed(e);
                return;
            }
            if (n < 0) {
                core.endOfInput();
                return;
            }
            if (n == 0) {
                return;
            }
            buffer.flip();
            core.received(buffer);
            if (n < buffer.capacity()) {
                return;
            }
        }
    }

    /**
     * Adds {@code op} to the key's interest or removes it; a key cancelled meanwhile, or never made (the register
     * failed, and the connection is ending), is left alone. The core asks for nothing before {@link #register}:
     * it runs first among the connection's tasks on the loop, and the core's first call is its {@code start}.
     */
    private void interest(int op, boolean on) {
        SelectionKey registered = key;
        if (registered == null) {
            return;
        }
        try {
            int interest = registered.interestOps();
            int wanted = on ? interest | op : interest & ~op;
            if (wanted != interest) {
                registered.interestOps(wanted);
            }
        } catch (CancelledKeyException e) {
            // closing: nothing to watch any more
        }
    }

    @Override
    public String toString() {
        return "NioEvents[" + core + "]";
    }
}
