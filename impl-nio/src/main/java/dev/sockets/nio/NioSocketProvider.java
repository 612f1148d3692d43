package dev.sockets.nio;

import dev.sockets.Capability;
import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Arguments;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.Set;

/**
 * The NIO provider, named {@code "nio"}: non-blocking channels multiplexed by {@link java.nio.channels.Selector}
 * event loops, the model that holds thousands of connections on a few threads.
 *
 * <h2>The model</h2>
 * Every socket is a non-blocking channel ({@code SocketChannel}, {@code ServerSocketChannel},
 * {@code DatagramChannel}; no {@code java.net.Socket}) owned by one of a fixed number of event loops, each a
 * selector on a daemon platform thread named {@code sockets-nio-shared-loop-N} (a selector on a virtual thread
 * would pin its carrier). The blocking-style calls of the API ({@code connect}, {@code accept}, {@code read},
 * {@code write}, {@code receive}, {@code send}) first try the non-blocking system call; when it cannot proceed,
 * the caller hands its loop the interest ({@code OP_CONNECT}, {@code OP_ACCEPT}, {@code OP_READ},
 * {@code OP_WRITE}) and parks until the loop reports readiness, its timeout passes, or another thread closes the
 * socket, which wakes it at once. No thread is started per connection, and nothing busy-waits: an idle loop
 * sleeps in {@code epoll_wait}.
 *
 * <p>A {@link #serve server} accepts on a loop and runs its blocking-style {@link ConnectionHandler}s on a bounded
 * pool of worker threads {@code sockets-nio-worker-N}, whose blocking calls park as above: the classic
 * selector-plus-workers design of servlet containers.
 *
 * <h2>What it costs, compared with a thread per client</h2>
 * A connection costs a socket, a selection key and a few small objects, not a thread and its stack, and the
 * number of threads is fixed, loops plus workers, however many clients connect. The price is paid elsewhere.
 * Each blocking call that cannot proceed at once is a hand-off to the loop and back (a queued task, at most one
 * wake-up of the selector, then an unpark): two more context switches than a blocking socket, whose thread waits
 * in the kernel, so one operation takes longer at low load. And a blocking-style handler holds its worker while
 * it waits: with {@code W} workers, at most {@code W} clients are served at once, and an idle client (say a
 * keep-alive connection waiting for its next request) holds a worker exactly as it would hold a thread of the
 * thread-per-client model, while client {@code W + 1} waits, connected and counted as open, until a handler
 * returns. The model pays off when connections outnumber busy handlers: many clients, short handlers.
 *
 * <h2>Configuration</h2>
 * The public no-arg constructor, which {@link java.util.ServiceLoader} calls, reads two system properties:
 * <ul>
 *   <li>{@value #LOOPS_PROPERTY}: the number of event loops, by default the number of processors;</li>
 *   <li>{@value #WORKERS_PROPERTY}: the number of worker threads of each server, by default
 *       {@code max(64, 8 × processors)}: a blocking handler mostly waits for its client, so the pool must be much
 *       larger than the number of cores to keep them busy, and 64 lets the common small server run every
 *       client's handler at once; it is a bound, not a reservation, since workers start when needed and end after
 *       a minute idle.</li>
 * </ul>
 * A value that is not a positive integer is logged and the default used. For explicit configuration use
 * {@link #builder()}: {@code NioSocketProvider.builder().loops(2).workers(32).build()}.
 *
 * <h2>Loop threads</h2>
 * The loops are shared by every provider object of the JVM with the same number of loops, so making a provider per
 * connection (as {@link dev.sockets.Sockets#provider(String)} does on each call) does not multiply loop threads:
 * there are at most {@link #loops()} of them for all such providers together. Each loop starts its thread with the
 * first socket that waits on it, and ends it after a second without any socket to watch, closing its selector;
 * so an idle JVM holds no loop thread.
 */
public final class NioSocketProvider implements SocketProvider {

    /** The name of this provider, {@code "nio"}. */
    public static final String NAME = "nio";

    /** The system property that sets the number of event loops of {@link #NioSocketProvider()}. */
    public static final String LOOPS_PROPERTY = "dev.sockets.nio.loops";

    /** The system property that sets the number of worker threads per server of {@link #NioSocketProvider()}. */
    public static final String WORKERS_PROPERTY = "dev.sockets.nio.workers";

    private static final System.Logger LOG = System.getLogger("dev.sockets.nio");

    private static final Set<Capability> CAPABILITIES = Set.of(
            Capability.of(Domain.INET, SocketType.STREAM),
            Capability.of(Domain.INET6, SocketType.STREAM),
            Capability.of(Domain.UNIX, SocketType.STREAM),
            Capability.of(Domain.INET, SocketType.DATAGRAM),
            Capability.of(Domain.INET6, SocketType.DATAGRAM));

    private final int workers;
    private final EventLoopGroup loops;

    /**
     * Creates the provider with the number of loops and workers of the system properties
     * {@value #LOOPS_PROPERTY} and {@value #WORKERS_PROPERTY}, or their defaults. No thread starts until a
     * socket needs one.
     */
    public NioSocketProvider() {
        this(property(LOOPS_PROPERTY, defaultLoops()), property(WORKERS_PROPERTY, defaultWorkers()));
    }

    private NioSocketProvider(int loops, int workers) {
        this.loops = EventLoopGroup.shared(loops);
        this.workers = workers;
    }

    /**
     * Returns a builder that starts from the defaults, ignoring the system properties.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of event loops, the most loop threads this provider runs at once.
     *
     * @return the number of loops
     */
    public int loops() {
        return loops.size();
    }

    /**
     * Returns the number of worker threads of each server, the most handlers a server runs at once.
     *
     * @return the number of workers per server
     */
    public int workers() {
        return workers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Connection connect(SocketAddress remote, StreamOptions options) throws IOException {
        Domain domain = Arguments.stream(this, remote, options);
        return NioConnection.connect(loops, domain, remote, options);
    }

    @Override
    public Listener listen(SocketAddress local, ListenOptions options) throws IOException {
        Domain domain = Arguments.stream(this, local, options);
        return NioListener.listen(loops, domain, local, options);
    }

    @Override
    public DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) throws IOException {
        Domain domain = Arguments.datagram(this, local, options);
        return NioDatagramEndpoint.open(loops, domain, local, options);
    }

    @Override
    public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException {
        Domain domain = Arguments.stream(this, local, options);
        Arguments.handler(handler);
        return NioServer.start(loops, workers, domain, local, handler, options);
    }

    @Override
    public String toString() {
        return "NioSocketProvider[loops=" + loops() + ", workers=" + workers + "]";
    }

    static int defaultLoops() {
        return Runtime.getRuntime().availableProcessors();
    }

    static int defaultWorkers() {
        return Math.max(64, 8 * Runtime.getRuntime().availableProcessors());
    }

    private static int property(String name, int otherwise) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // logged below
        }
        LOG.log(Level.WARNING, name + "=" + value + " is not a positive integer; using " + otherwise);
        return otherwise;
    }

    /**
     * Configures a {@link NioSocketProvider} explicitly, without system properties:
     * {@snippet :
     * SocketProvider nio = NioSocketProvider.builder().loops(2).workers(32).build();
     * }
     */
    public static final class Builder {
        private int loops = defaultLoops();
        private int workers = defaultWorkers();

        private Builder() {
        }

        /**
         * Sets the number of event loops, each a selector on its own thread.
         *
         * @param loops the number of loops, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code loops < 1}
         */
        public Builder loops(int loops) {
            if (loops < 1) {
                throw new IllegalArgumentException("loops < 1: " + loops);
            }
            this.loops = loops;
            return this;
        }

        /**
         * Sets the number of worker threads of each server: the most handlers it runs at once.
         *
         * @param workers the number of workers per server, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code workers < 1}
         */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers < 1: " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * Returns a new provider with these settings; no thread starts until a socket needs one.
         *
         * @return the provider
         */
        public NioSocketProvider build() {
            return new NioSocketProvider(loops, workers);
        }
    }
}
