package dev.sockets.virtualthreads;

import dev.sockets.spi.ProviderThreads;
import java.util.concurrent.ThreadFactory;

/**
 * Every thread this provider starts, and all of them virtual: the one place where threads are made.
 *
 * <p>A virtual thread that blocks in socket I/O is parked by the JDK (since JDK 21, {@code java.net.Socket}
 * through {@code NioSocketImpl} and blocking channels park a virtual thread on the JDK's poller), so its carrier
 * goes on to run other virtual threads. Nothing here pins a carrier while it waits: locks are
 * {@link java.util.concurrent.locks.ReentrantLock}s, never {@code synchronized}, and no {@link java.nio.channels.Selector}
 * is used (a select blocks its carrier). The factories are shared by every object of the provider, so thread
 * numbers are unique in the process: {@code sockets-virtualthreads-handler-17}.
 */
final class VirtualThreads {

    /** The provider's name, the middle of every thread name. */
    static final String PROVIDER = "virtualthreads";

    /** The accept loop of each server: {@code sockets-virtualthreads-accept-n}. */
    static final ThreadFactory ACCEPTORS = ProviderThreads.virtual(PROVIDER, "accept");

    /** One per accepted connection of a server, running its handler: {@code sockets-virtualthreads-handler-n}. */
    static final ThreadFactory HANDLERS = ProviderThreads.virtual(PROVIDER, "handler");

    /** A UNIX-domain call in flight on behalf of a caller with a timeout, see {@link TimedCall}. */
    static final ThreadFactory TIMED_CALLS = ProviderThreads.virtual(PROVIDER, "timed");

    private VirtualThreads() {
    }
}
