package dev.sockets.nio;

import dev.sockets.Domain;
import dev.sockets.StreamOptions;
import dev.sockets.spi.AbstractConnection;
import dev.sockets.spi.ChannelConnection;
import dev.sockets.spi.Channels;
import dev.sockets.spi.Errors;
import dev.sockets.spi.SocketOptionSupport;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A connection over a non-blocking {@link SocketChannel} owned by one {@link EventLoop}; the state machine is
 * the core's ({@link AbstractConnection}).
 *
 * <p>Each blocking-style call first tries the non-blocking system call ({@code read(2)}, {@code write(2)},
 * {@code connect(2)} then {@code getsockopt(SO_ERROR)}); only when it cannot proceed does the caller wait in
 * {@link Readiness#await}, parked until the loop reports the socket ready, then try again. A read waits at
 * most until its deadline; a write waits, at most until its deadline, for {@code OP_WRITE} only when {@code write(2)} returned 0, that is
 * when the send buffer is full, and resumes where it stopped. No thread is started for the connection.
 */
final class NioConnection extends ChannelConnection {

    private static final VarHandle READINESS;

    static {
        try {
            READINESS = MethodHandles.lookup().findVarHandle(NioConnection.class, "readiness", Readiness.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;

    /**
     * Where blocking-style callers wait, made by the first that must ({@link #readiness()}) and by close: an
     * event-driven connection ({@link NioEvents}) never waits here, and a server may hold 10,000 of them.
     */
    private volatile Readiness readiness;

    private NioConnection(SocketChannel channel, EventLoop loop, Readiness readiness, StreamOptions options,
            Domain domain) throws IOException {
        super(channel, options.readTimeout(), options.writeTimeout(), Channels.streamOptions(domain));
        this.loop = loop;
        this.readiness = readiness;
    }

    /**
     * Opens a non-blocking socket of {@code domain}, sets its options and connects it to {@code remote}, waiting
     * for {@code OP_CONNECT} at most the connect timeout (§3.1–§3.4); a UNIX-domain connect to a full backlog
     * tries again until then (§3.6). Leaves no descriptor open if it fails.
     */
    static NioConnection connect(EventLoopGroup loops, Domain domain, SocketAddress remote, StreamOptions options)
            throws IOException {
        if (domain == Domain.UNIX) {
            // Completes at once, or waits out a full backlog (§3.6): no readiness to wait for.
            SocketChannel connected = Channels.connect(remote, domain, options);
            return accepted(connected, loops.next(), domain, StreamOptions.defaults()
                    .withReadTimeout(options.readTimeout()).withWriteTimeout(options.writeTimeout()));
        }
        Channels.streamOptions(domain).checkAll(options.socketOptions()); // §10.2: before any descriptor is opened
        if (Thread.currentThread().isInterrupted()) {
            throw Errors.closedByInterrupt(null); // §7.5, before anything is opened
        }
        long deadline = Timeouts.deadline(options.connectTimeout());
        try {
            return attempt(loops.next(), domain, remote, options, deadline);
        } catch (IOException e) {
            throw Errors.connectFailed(remote, e);
        }
    }

    /** One {@code socket(2)} and {@code connect(2)}; closes the socket if it fails. */
    private static NioConnection attempt(EventLoop loop, Domain domain, SocketAddress remote, StreamOptions options,
            long deadline) throws IOException {
        SocketChannel channel = SocketChannel.open(Channels.family(domain));
        Readiness readiness = new Readiness(channel, loop);
        try {
            channel.configureBlocking(false);
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            if (!channel.connect(remote)) {
                do {
                    readiness.await(SelectionKey.OP_CONNECT, deadline);
                } while (!channel.finishConnect());
            }
            return new NioConnection(channel, loop, readiness, options, domain);
        } catch (SocketTimeoutException e) {
            readiness.closeAfter(e);
            throw Errors.connectTimedOut(remote);
        } catch (IOException | RuntimeException | Error e) {
            readiness.closeAfter(e);
            throw e;
        }
    }

    /**
     * Wraps a channel just accepted, for {@code loop}: makes it non-blocking and sets the listener's connection
     * options (§4.3). Closes the channel if that fails.
     */
    static NioConnection accepted(SocketChannel channel, EventLoop loop, Domain domain, StreamOptions options)
            throws IOException {
        // Not yet registered with any selector: if a step fails, close(2) happens at once.
        return Channels.orClose(channel, () -> {
            channel.configureBlocking(false);
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            return new NioConnection(channel, loop, null, options, domain);
        });
    }

    /** Returns the channel, for {@link NioEvents}, which drives it on its loop once no blocking-style call is made. */
    SocketChannel eventChannel() {
        return channel();
    }

    /** Returns the loop that owns the channel. */
    EventLoop loop() {
        return loop;
    }

    /**
     * Returns the connection's readiness, made on first use. Close makes one too if none was, so that a wait
     * that begins during the close and the close itself meet in the same object, whose close wakes the wait.
     */
    private Readiness readiness() {
        Readiness made = readiness;
        if (made != null) {
            return made;
        }
        made = new Readiness(channel(), loop);
        Readiness there = (Readiness) READINESS.compareAndExchange(this, (Readiness) null, made);
        return there == null ? made : there;
    }

    @Override
    protected int implRead(ByteBuffer dst, long deadline) throws IOException {
        int n;
        while ((n = channel().read(dst)) == 0) {
            readiness().await(SelectionKey.OP_READ, deadline);
        }
        return n;
    }

    @Override
    protected void implWrite(ByteBuffer src, long deadline) throws IOException {
        while (src.hasRemaining()) {
            if (channel().write(src) == 0) {
                // The send buffer is full: only now is OP_WRITE worth watching (cleared again when reported).
                readiness().await(SelectionKey.OP_WRITE, deadline);
            }
        }
    }

    @Override
    protected void implWakeReader() {
        readiness().wakeReader(); // it retries, and reads −1 as after SHUT_RD
    }

    @Override
    protected void implWakeWriter() {
        readiness().wakeWriter();
    }

    /** Deregisters the channel from its loop and closes it, released when this returns (§4.6). */
    @Override
    protected void implClose() throws IOException {
        readiness().close();
    }
}
