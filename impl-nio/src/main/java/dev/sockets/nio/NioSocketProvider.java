package dev.sockets.nio;

import dev.sockets.ConnectionHandler;
import dev.sockets.spi.AbstractSocketProvider;
import dev.sockets.spi.ProviderThreads;
import dev.sockets.spi.ServerLoop;
import java.lang.System.Logger.Level;
import java.util.concurrent.ThreadFactory;

/**
 * The NIO provider, named {@code "nio"}: non-blocking channels multiplexed by {@link java.nio.channels.Selector}
 * event loops, the model that holds thousands of connections on a few platform threads.
 *
 * <h2>The model</h2>
 * Every socket is a non-blocking channel ({@code SocketChannel}, {@code ServerSocketChannel},
 * {@code DatagramChannel}; no {@code java.net.Socket}) owned by one of a fixed number of event loops, each a
 * selector on a daemon platform thread named {@code sockets-nio-shared-loop-N} (a selector on a virtual thread
 * would pin its carrier). The blocking-style calls of the API ({@code connect}, {@code accept}, {@code read},
 * {@code write}, {@code receive}, {@code send}) first try the non-blocking system call; when it cannot proceed,
 * the caller hands its loop the interest ({@code OP_CONNECT}, {@code OP_ACCEPT}, {@code OP_READ},
 * {@code OP_WRITE}) and parks until the loop reports readiness, its timeout passes, or another thread closes the
 * socket, which wakes it at once. No thread is started per connection by the sockets themselves, and nothing
 * busy-waits: an idle loop sleeps in {@code epoll_wait}. The state machines (closed, shut down, reset, timed
 * out, interrupted) and every message are the core's ({@code dev.sockets.spi}).
 *
 * <p>A {@link #serve server} is the core's server loop ({@link ServerLoop}): it accepts on a virtual thread
 * {@code sockets-nio-accept-1} and runs each connection's blocking-style {@link ConnectionHandler} on a virtual
 * thread of its own, {@code sockets-nio-handler-N}, whose blocking calls park as above, as the JDK's own poller
 * parks a virtual thread in a blocking socket call. No pool bounds the handlers: every connection up to
 * {@code maxConnections} is served at once, whatever the others do (§12.2, §12.7).
 *
 * <h2>What it costs</h2>
 * A connection costs a socket, a selection key and a few small objects. A served connection costs a virtual
 * thread too, for as long as its handler runs: while it waits, its stack, copied to the heap (a few KiB, as
 * deep as the handler's calls), and no platform thread. The platform threads are the loops, fixed in number,
 * and the carriers of the JVM's virtual threads (one per core by default), however many clients connect. The
 * price is paid in hand-offs. A call that cannot proceed at once parks its thread (a virtual thread unmounts
 * from its carrier), queues a task for the loop and wakes its selector at most once; when the socket is ready
 * the loop unparks the thread, which for a virtual thread means scheduling it again on a carrier. That is two
 * hand-offs between threads per wait, where a blocking socket's thread waits in the kernel and returns from it,
 * so one operation takes longer at low load; the JDK's own virtual-thread sockets pay the same through its
 * poller. Nothing is paid for a call that can proceed: it is one non-blocking system call.
 *
 * <h2>Configuration</h2>
 * The public no-arg constructor, which {@link java.util.ServiceLoader} calls, reads the system property
 * {@value #LOOPS_PROPERTY}: the number of event loops, by default the number of processors. A value that is
 * not a positive integer is logged and the default used. For explicit configuration use {@link #builder()}:
 * {@code NioSocketProvider.builder().loops(2).build()}.
 *
 * <h2>Loop threads</h2>
 * The loops are shared by every provider object of the JVM with the same number of loops, so making a provider per
 * connection (as {@link dev.sockets.Sockets#provider(String)} does on each call) does not multiply loop threads:
 * there are at most {@link #loops()} of them for all such providers together. Each loop starts its thread with the
 * first socket that waits on it, and ends it after a second without any socket to watch, closing its selector;
 * so an idle JVM holds no loop thread.
 */
public final class NioSocketProvider extends AbstractSocketProvider {

    /** The name of this provider, {@code "nio"}. */
    public static final String NAME = "nio";

    /** The system property that sets the number of event loops of {@link #NioSocketProvider()}. */
    public static final String LOOPS_PROPERTY = "dev.sockets.nio.loops";

    /** Where this provider logs: its server's failures, and its loops'. */
    static final System.Logger LOG = System.getLogger("dev.sockets.nio");

    /** Shared by every server, so that thread numbers are unique in the process. */
    private static final ThreadFactory ACCEPT_THREADS = ProviderThreads.virtual(NAME, "accept");
    private static final ThreadFactory HANDLER_THREADS = ProviderThreads.virtual(NAME, "handler");

    private final EventLoopGroup loops;

    /**
     * Creates the provider with the number of loops of the system property {@value #LOOPS_PROPERTY}, or its
     * default. No thread starts until a socket needs one.
     */
    public NioSocketProvider() {
        this(property(LOOPS_PROPERTY, defaultLoops()));
    }

    private NioSocketProvider(int loops) {
        this(EventLoopGroup.shared(loops));
    }

    private NioSocketProvider(EventLoopGroup loops) {
        super(NAME, JDK_CAPABILITIES, new Model(
                (remote, domain, options) -> NioConnection.connect(loops, domain, remote, options),
                (local, domain, options) -> NioListener.listen(loops, domain, local, options),
                (local, domain, options) -> NioDatagramEndpoint.open(loops, domain, local, options),
                ACCEPT_THREADS, HANDLER_THREADS));
        this.loops = loops;
    }

    /**
     * Returns a builder that starts from the defaults, ignoring the system properties.
     *
     * @return a new builder, with as many loops as there are processors
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of event loops, the most loop threads this provider runs at once.
     *
     * @return the number of loops, at least 1
     */
    public int loops() {
        return loops.size();
    }

    /**
     * The event-driven style on the loops themselves ({@link NioEvents}): each connection's callbacks run on the
     * loop thread that owns its channel, straight from the select, with no thread of its own (§16).
     */
    @Override
    protected ServerLoop.EventModel eventModel() {
        return (connection, core) -> NioEvents.start((NioConnection) connection, core);
    }

    @Override
    public String toString() {
        return "NioSocketProvider[loops=" + loops() + "]";
    }

    static int defaultLoops() {
        return Runtime.getRuntime().availableProcessors();
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
     * SocketProvider nio = NioSocketProvider.builder().loops(2).build();
     * }
     */
    public static final class Builder {
        private int loops = defaultLoops();

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
         * Returns a new provider with these settings; no thread starts until a socket needs one.
         *
         * @return the provider
         */
        public NioSocketProvider build() {
            return new NioSocketProvider(loops);
        }
    }
}
