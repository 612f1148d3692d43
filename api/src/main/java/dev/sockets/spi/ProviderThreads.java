package dev.sockets.spi;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names the threads a provider starts {@code "sockets-<provider>-<role>-<n>"}, the convention of
 * {@link dev.sockets.SocketProvider} that lets a test find threads left behind (§13.2). Threads that
 * live as long as the provider object itself, such as shared event loops, take the role
 * {@code "shared-<what>"}, so that they are not taken for leaks.
 */
public final class ProviderThreads {

    private ProviderThreads() {
    }

    /**
     * Returns the prefix of every thread name of {@code provider}: {@code "sockets-<provider>-"}.
     *
     * @param provider the provider's name
     * @return the prefix
     */
    public static String prefix(String provider) {
        return "sockets-" + Objects.requireNonNull(provider, "provider") + "-";
    }

    /**
     * Returns a factory of daemon platform threads named {@code "sockets-<provider>-<role>-<n>"}, n from 1.
     *
     * @param provider the provider's name
     * @param role what the threads do, such as {@code "accept"}
     * @return the factory
     */
    public static ThreadFactory platform(String provider, String role) {
        String prefix = prefix(provider) + Objects.requireNonNull(role, "role") + "-";
        AtomicLong next = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, prefix + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Returns a factory of virtual threads named {@code "sockets-<provider>-<role>-<n>"}, n from 1.
     *
     * @param provider the provider's name
     * @param role what the threads do, such as {@code "handler"}
     * @return the factory
     */
    public static ThreadFactory virtual(String provider, String role) {
        return Thread.ofVirtual().name(prefix(provider) + Objects.requireNonNull(role, "role") + "-", 1).factory();
    }
}
