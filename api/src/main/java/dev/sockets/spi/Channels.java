package dev.sockets.spi;

import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.StreamOptions;
import java.io.Closeable;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumMap;
import java.util.Map;

/**
 * The JDK's channels as POSIX sockets, for the providers built on them: {@code socket(domain, type, 0)}
 * for each domain and type, the socket options each kind supports (asked once of a probe channel,
 * so that an option is refused before anything is opened, §10.2), and the connect every
 * blocking-model provider makes.
 */
public final class Channels {

    /**
     * A step on a socket just opened; see {@link #orClose}.
     *
     * @param <T> the type of what the step returns
     */
    @FunctionalInterface
    public interface Step<T> {
        /**
         * Runs the step.
         *
         * @return what the step made, such as the socket ready for use
         * @throws IOException if a system call of the step fails
         */
        T run() throws IOException;
    }

    /** Opens a channel of a family. */
    @FunctionalInterface
    private interface Opener {
        NetworkChannel open(ProtocolFamily family) throws IOException;
    }

    private static final Map<Domain, SocketOptionSupport> STREAMS = probes("SOCK_STREAM connections", SocketChannel::open);
    private static final Map<Domain, SocketOptionSupport> LISTENERS = probes("SOCK_STREAM listeners", ServerSocketChannel::open);
    private static final Map<Domain, SocketOptionSupport> DATAGRAMS = probes("SOCK_DGRAM endpoints", DatagramChannel::open);

    private Channels() {
    }

    /**
     * Returns the first argument of {@code socket(2)} for {@code domain}.
     *
     * @param domain the domain
     * @return its protocol family, such as {@link StandardProtocolFamily#INET} for {@code AF_INET}
     */
    public static ProtocolFamily family(Domain domain) {
        return switch (domain) {
            case INET -> StandardProtocolFamily.INET;
            case INET6 -> StandardProtocolFamily.INET6;
            case UNIX -> StandardProtocolFamily.UNIX;
        };
    }

    /**
     * Returns the options of a connected {@link SocketChannel} of {@code domain}.
     *
     * @param domain the channel's domain
     * @return the options, asked of a probe channel the first time
     */
    public static SocketOptionSupport streamOptions(Domain domain) {
        return STREAMS.get(domain);
    }

    /**
     * Returns the options of a listening {@link ServerSocketChannel} of {@code domain}.
     *
     * @param domain the channel's domain
     * @return the options, asked of a probe channel the first time
     */
    public static SocketOptionSupport listenerOptions(Domain domain) {
        return LISTENERS.get(domain);
    }

    /**
     * Returns the options of a {@link DatagramChannel} of {@code domain}.
     *
     * @param domain the channel's domain
     * @return the options, asked of a probe channel the first time
     */
    public static SocketOptionSupport datagramOptions(Domain domain) {
        return DATAGRAMS.get(domain);
    }

    /**
     * Opens a stream socket of {@code domain}, sets {@code options}' socket options, and connects it
     * to {@code remote}, in blocking mode on return: POSIX {@code socket}, {@code setsockopt},
     * {@code connect} (§3.1, §3.4). An internet connect goes through the channel's {@code java.net}
     * adaptor, the one connect of the JDK with a timeout (§3.3); a UNIX-domain one is a non-blocking
     * attempt that {@link UnixConnect} repeats while the backlog is full (§3.6). Either wakes on an
     * interrupt (§7.5). Closes the channel on every failure (§13.1).
     *
     * @param remote where to connect, resolved and of {@code domain}
     * @param domain the domain of {@code remote}
     * @param options the connect timeout and the socket options of the connection
     * @return the connected channel, in blocking mode
     * @throws UnsupportedOperationException if a socket option of {@code options} does not apply to
     *     this kind of socket, before anything is opened (§10.2)
     * @throws java.net.ConnectException "Connection refused: &lt;address&gt;", if nothing listens at
     *     {@code remote} (§3.2)
     * @throws SocketTimeoutException "Connect timed out: &lt;address&gt;", if the connect timeout
     *     passes first (§3.3)
     * @throws dev.sockets.SocketClosedException "Closed by interrupt", if the thread is interrupted (§7.5)
     * @throws IOException if the socket cannot be opened or connected for another reason
     */
    public static SocketChannel connect(SocketAddress remote, Domain domain, StreamOptions options) throws IOException {
        streamOptions(domain).checkAll(options.socketOptions());
        long deadline = Timeouts.deadline(options.connectTimeout());
        if (remote instanceof UnixDomainSocketAddress unix) {
            return UnixConnect.connect(unix, deadline, () -> attempt(unix, options));
        }
        SocketChannel channel = SocketChannel.open(family(domain));
        return orClose(channel, () -> {
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            try {
                channel.socket().connect(remote, Timeouts.millis(options.connectTimeout()));
            } catch (SocketTimeoutException e) {
                throw Lifecycle.withCause(Errors.connectTimedOut(remote), e);
            } catch (IOException e) {
                throw Errors.connectFailed(remote, e);
            }
            return channel;
        });
    }

    /**
     * Opens a stream socket of {@code domain}, sets its options, binds it to {@code local} and
     * listens: POSIX {@code socket}, {@code setsockopt}, {@code bind}, {@code listen(fd, backlog)} (§4.1).
     * Every option, of the listener and of the connections it will accept, is checked before
     * anything is opened (§10.2). Closes the channel on every failure (§13.1); the channel is in
     * blocking mode.
     *
     * @param local the address to bind, resolved and of {@code domain}
     * @param domain the domain of {@code local}
     * @param options the backlog and the socket options of the listener and of the connections it
     *     will accept
     * @return the listening channel, in blocking mode
     * @throws UnsupportedOperationException if a socket option of {@code options} does not apply,
     *     before anything is opened (§10.2)
     * @throws java.net.BindException saying what the kernel said, "Address already in use: …" (§4.2)
     * @throws IOException if the socket cannot be opened, bound or put to listen for another reason
     */
    public static ServerSocketChannel listen(SocketAddress local, Domain domain, ListenOptions options) throws IOException {
        listenerOptions(domain).checkAll(options.socketOptions());
        streamOptions(domain).checkAll(options.connectionOptions().socketOptions());
        ServerSocketChannel channel = ServerSocketChannel.open(family(domain));
        return orClose(channel, () -> {
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            try {
                channel.bind(local, options.backlog());
            } catch (IOException e) {
                throw Errors.bindFailed(local, e);
            }
            return channel;
        });
    }

    /**
     * Opens a datagram socket of {@code domain}, sets its options and binds it to {@code local}:
     * POSIX {@code socket(…, SOCK_DGRAM, 0)}, {@code setsockopt}, {@code bind} (§11.1). Closes the
     * channel on every failure (§13.1); the channel is in blocking mode.
     *
     * @param local the address to bind, resolved and of {@code domain}
     * @param domain the domain of {@code local}
     * @param options the socket options of the endpoint
     * @return the bound channel, in blocking mode
     * @throws UnsupportedOperationException if a socket option of {@code options} does not apply,
     *     before anything is opened (§10.2)
     * @throws java.net.BindException saying what the kernel said (§4.2)
     * @throws IOException if the socket cannot be opened or bound for another reason
     */
    public static DatagramChannel bind(SocketAddress local, Domain domain, DatagramOptions options) throws IOException {
        datagramOptions(domain).checkAll(options.socketOptions());
        DatagramChannel channel = DatagramChannel.open(family(domain));
        return orClose(channel, () -> {
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            try {
                channel.bind(local);
            } catch (IOException e) {
                throw Errors.bindFailed(local, e);
            }
            return channel;
        });
    }

    /**
     * Runs {@code step} on a listener just bound, and if it throws, closes the channel and removes
     * the socket file the bind made (§13.3).
     *
     * @param <T> the type of what the step returns
     * @param bound the listener just bound
     * @param local the address it was bound to, whose socket file is removed on failure
     * @param step what to do with it, such as making the provider's listener
     * @return what {@code step} returned
     * @throws IOException if {@code step} throws it; {@code bound} is closed by then
     */
    public static <T> T orCloseListener(ServerSocketChannel bound, SocketAddress local, Step<T> step) throws IOException {
        return orClose(bound, () -> {
            try {
                return step.run();
            } catch (Throwable e) {
                Addresses.removeSocketFile(local);
                throw e;
            }
        });
    }

    /**
     * POSIX {@code accept(2)} on a listening channel in blocking mode, waiting at most until
     * {@code deadline}: an internet channel through its {@code java.net.ServerSocket} adaptor, whose
     * {@code SO_TIMEOUT} is the one timed accept the JDK offers on it. A UNIX-domain channel has no
     * adaptor: give it {@link Long#MAX_VALUE}, and time its accepts another way. Wakes on close and
     * on an interrupt (§7.3, §7.5).
     *
     * @param channel the listening channel, in blocking mode
     * @param deadline when to give up, on the {@link System#nanoTime()} clock; {@link Long#MAX_VALUE}
     *     for no limit, the only value for a UNIX-domain channel
     * @return the accepted channel, in blocking mode
     * @throws SocketTimeoutException if the deadline passes first; the channel stays usable
     * @throws IOException if the system call fails, or the channel is closed or interrupted (§7.3, §7.5)
     */
    public static SocketChannel accept(ServerSocketChannel channel, long deadline) throws IOException {
        if (deadline == Long.MAX_VALUE) {
            return channel.accept();
        }
        java.net.ServerSocket adaptor = channel.socket();
        adaptor.setSoTimeout(Timeouts.soTimeout(deadline));
        return adaptor.accept().getChannel();
    }

    /** One non-blocking UNIX-domain {@code connect(2)}, standing for a blocking one: it honours an interrupt as one does. */
    private static SocketChannel attempt(UnixDomainSocketAddress remote, StreamOptions options) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new ClosedByInterruptException();
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        return orClose(channel, () -> {
            SocketOptionSupport.apply(options.socketOptions(), channel::setOption);
            // No other thread knows this channel yet, so changing its mode waits for none.
            channel.configureBlocking(false);
            boolean connected = channel.connect(remote);
            channel.configureBlocking(true);
            if (!connected) {
                channel.finishConnect(); // EINPROGRESS, where a system answers so: Linux answers at once
            }
            return channel;
        });
    }

    /**
     * Runs {@code step} on {@code opened}, and closes {@code opened} if the step throws, so that no
     * error path leaves a descriptor open (§13.1).
     *
     * @param <T> the type of what the step returns
     * @param opened the socket just opened
     * @param step what to do with it next
     * @return what {@code step} returned
     * @throws IOException if {@code step} throws it; {@code opened} is closed by then, and what
     *     closing it threw is suppressed
     */
    public static <T> T orClose(Closeable opened, Step<T> step) throws IOException {
        try {
            return step.run();
        } catch (Throwable e) {
            try {
                opened.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Closes each of {@code resources} that is not null, in order, all of them even if one fails:
     * a socket and what its model keeps beside it (a poll, a timed call). Throws the first failure,
     * with the others suppressed.
     *
     * @param resources what to close; null elements are skipped
     * @throws IOException the first failure, or an {@code IOException} around it if it is another
     *     exception; every resource was closed nonetheless
     */
    public static void closeAll(AutoCloseable... resources) throws IOException {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first != null) {
            throw new IOException(first);
        }
    }

    /** The options of one kind of socket in each domain, asked of a probe socket the first time they are needed. */
    private static Map<Domain, SocketOptionSupport> probes(String kind, Opener opener) {
        Map<Domain, SocketOptionSupport> probes = new EnumMap<>(Domain.class);
        for (Domain domain : Domain.values()) {
            probes.put(domain, SocketOptionSupport.probed(domain.posixName() + " " + kind, () -> {
                try (NetworkChannel probe = opener.open(family(domain))) {
                    return probe.supportedOptions();
                }
            }));
        }
        return probes;
    }
}
