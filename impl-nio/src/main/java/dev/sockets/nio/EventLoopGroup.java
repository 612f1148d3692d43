package dev.sockets.nio;

import dev.sockets.spi.ProviderThreads;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of {@link EventLoop}s, each handed new channels in turn. A channel stays with the loop it was given
 * for its whole life, so its readiness is always reported by the same thread.
 *
 * <h2>One group per size, shared by every provider of the JVM</h2>
 * {@link #shared(int)} returns the one group of a given size, made on first use. Every {@link NioSocketProvider}
 * with that many loops uses it, so the number of loop threads does not grow with the number of provider objects: a
 * program (or a test kit) that makes a provider per connection still runs on {@code size} loop threads. The
 * providers made by {@link java.util.ServiceLoader} all read the same system property, so in practice a JVM has one
 * group. A group costs nothing while idle: see {@link EventLoop} for when its threads start and end.
 *
 * <p>Loop {@code i} runs on a thread named {@code sockets-nio-shared-loop-i} (1-based) whenever it has something to
 * watch. So a group holds at most {@link #size()} threads, whatever the load, and none when idle.
 */
final class EventLoopGroup {

    private static final ConcurrentMap<Integer, EventLoopGroup> SHARED = new ConcurrentHashMap<>();

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    /** Returns the group of {@code size} loops that every provider of this JVM with that many loops shares. */
    static EventLoopGroup shared(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("loops < 1: " + size);
        }
        return SHARED.computeIfAbsent(size, EventLoopGroup::new);
    }

    private EventLoopGroup(int size) {
        loops = new EventLoop[size];
        for (int i = 0; i < size; i++) {
            loops[i] = new EventLoop(named(i + 1));
        }
    }

    /** Returns the loop to own the next channel: round robin, which balances well enough for equal channels. */
    EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /** Returns the number of loops. */
    int size() {
        return loops.length;
    }

    /** Names loop {@code index}'s thread the same each time it starts, so that at most one thread has each name. */
    private static ThreadFactory named(int index) {
        ThreadFactory daemon = ProviderThreads.platform(NioSocketProvider.NAME, "shared-loop");
        String name = ProviderThreads.prefix(NioSocketProvider.NAME) + "shared-loop-" + index;
        return task -> {
            Thread t = daemon.newThread(task);
            t.setName(name);
            return t;
        };
    }
}
