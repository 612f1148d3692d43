package dev.sockets.conformance;

import dev.sockets.Connection;
import dev.sockets.spi.ProviderThreads;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * A faulty provider: every connection it makes, accepts or serves starts a virtual thread that
 * outlives it, parked, and named like the delegate's threads ({@code sockets-blocking-leak-N})
 * (breaks §13.2). {@code Thread.getAllStackTraces()} never shows a virtual thread: the kit must look
 * further to see this one.
 */
final class LeaksAVirtualThreadPerConnection extends ForwardingProvider {

    /** The role in the names of the leaked threads. */
    static final String ROLE = "leak";

    private static final Set<Thread> LEAKED = ConcurrentHashMap.newKeySet();

    private final ThreadFactory leaks = ProviderThreads.virtual(name(), ROLE);

    @Override
    protected Connection wrap(Connection connection) {
        Thread leaked = leaks.newThread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park();
            }
        });
        LEAKED.add(leaked);
        leaked.start();
        return connection;
    }

    /** Ends every thread leaked so far, so that the tests that follow in this JVM do not inherit them. */
    static void endLeakedThreads() throws InterruptedException {
        for (Thread t : List.copyOf(LEAKED)) {
            t.interrupt();
            if (!t.join(Duration.ofSeconds(10))) {
                throw new AssertionError("the leaked thread " + t.getName() + " did not end when interrupted");
            }
            LEAKED.remove(t);
        }
    }
}
