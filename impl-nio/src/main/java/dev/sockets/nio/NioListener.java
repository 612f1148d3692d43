package dev.sockets.nio;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketClosedException;
import dev.sockets.nio.Readiness.Wake;
import dev.sockets.spi.Addresses;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A listener over a non-blocking {@link ServerSocketChannel}: {@link #accept()} tries {@code accept(2)}, and
 * while no client is queued waits for {@code OP_ACCEPT} in {@link Readiness#await}, parked, at most the accept
 * timeout. Each accepted connection is handed to the next loop of the group, so the connections of one listener
 * spread over every loop.
 */
final class NioListener implements Listener {

    private static final System.Logger LOG = System.getLogger("dev.sockets.nio");

    private final ServerSocketChannel channel;
    private final Readiness readiness;
    private final EventLoopGroup loops;
    private final Domain domain;
    private final SocketAddress local;
    private final ListenOptions options;
    private final long acceptTimeoutNanos;

    /** Held by the one thread in {@link #accept()}. */
    private final ReentrantLock acceptLock = new ReentrantLock();
    /** Guards the transition to closed. */
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Written under stateLock. */
    private volatile boolean closed;

    private NioListener(ServerSocketChannel channel, EventLoopGroup loops, Domain domain, ListenOptions options)
            throws IOException {
        this.channel = channel;
        this.loops = loops;
        this.readiness = new Readiness(channel, loops.next());
        this.domain = domain;
        this.local = channel.getLocalAddress();
        this.options = options;
        this.acceptTimeoutNanos = Timeouts.nanos(options.acceptTimeout());
    }

    static NioListener listen(EventLoopGroup loops, Domain domain, SocketAddress local, ListenOptions options)
            throws IOException {
        ServerSocketChannel channel = bind(domain, local, options);
        try {
            return new NioListener(channel, loops, domain, options);
        } catch (IOException | RuntimeException e) {
            close(channel, domain);
            throw e;
        }
    }

    /**
     * Opens a non-blocking listening socket: POSIX {@code socket}, the options, then {@code bind} and
     * {@code listen} in one step. Refuses the connection options before anything is opened (§10.2).
     */
    static ServerSocketChannel bind(Domain domain, SocketAddress local, ListenOptions options) throws IOException {
        ChannelOptions.checkStream(domain, options.connectionOptions().socketOptions());
        ServerSocketChannel channel = ServerSocketChannel.open(Families.of(domain));
        try {
            channel.configureBlocking(false);
            ChannelOptions.apply(channel, options.socketOptions(), domain.posixName() + " listening sockets");
            try {
                channel.bind(local, options.backlog());
            } catch (BindException e) {
                throw Errors.addressInUse(local, e); // §4.2
            } catch (SocketException e) {
                String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
                if (message.contains("in use")) {
                    throw Errors.addressInUse(local, e);
                }
                throw e;
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            NioConnection.closeQuietly(channel); // bind failed: the socket file, if any, is not ours to delete
            throw e;
        }
    }

    @Override
    public Connection accept() throws IOException {
        acceptLock.lock();
        try {
            ensureOpen();
            long deadline = 0;
            for (;;) {
                SocketChannel accepted;
                try {
                    accepted = channel.accept();
                } catch (IOException e) {
                    throw failed(e);
                }
                if (accepted != null) {
                    return NioConnection.accepted(accepted, loops.next(), domain, options.connectionOptions());
                }
                if (deadline == 0) {
                    deadline = acceptTimeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + acceptTimeoutNanos;
                }
                Wake wake = readiness.await(SelectionKey.OP_ACCEPT, deadline);
                ensureOpen();
                if (wake == Wake.TIMED_OUT) {
                    throw Errors.acceptTimedOut(); // §9.2: the listener stays usable
                }
                if (wake == Wake.INTERRUPTED) {
                    close();
                    throw new SocketClosedException("Closed by interrupt");
                }
            }
        } finally {
            acceptLock.unlock();
        }
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        stateLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            stateLock.unlock();
        }
        close(channel, domain);
        readiness.close();
    }

    /** Closes a bound listening channel and removes its socket file (§4.5). */
    static void close(ServerSocketChannel channel, Domain domain) {
        SocketAddress bound = null;
        try {
            bound = channel.getLocalAddress();
        } catch (IOException e) {
            // closed already; nothing to unlink that we can name
        }
        NioConnection.closeQuietly(channel);
        if (domain == Domain.UNIX && bound instanceof UnixDomainSocketAddress unix && !unix.getPath().toString().isEmpty()) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not remove the socket file " + unix.getPath(), e);
            }
        }
    }

    private void ensureOpen() throws SocketClosedException {
        if (closed) {
            throw Errors.closed();
        }
    }

    private IOException failed(IOException e) {
        return closed ? new SocketClosedException("Socket closed", e) : Errors.translate(e);
    }

    @Override
    public String toString() {
        return "NioListener[" + Addresses.format(local) + (closed ? ", closed" : "") + "]";
    }
}
