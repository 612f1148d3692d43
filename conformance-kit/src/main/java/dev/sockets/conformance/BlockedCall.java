package dev.sockets.conformance;

import static dev.sockets.conformance.Waits.await;

import dev.sockets.Domain;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.opentest4j.AssertionFailedError;

/**
 * A call of the provider made on a thread of the kit, so that a test can wait until it blocks, act
 * from another thread (close the object it waits on), and then collect how it ended, each within a
 * bound (§7.3). The thread is a daemon (a platform one, or a virtual one: see {@link Wait}): a
 * provider that never wakes it fails the test, and the thread is left behind rather than stalling
 * the run.
 *
 * @param <T> what the call returns
 */
final class BlockedCall<T> {

    /** How long a call may take to start blocking, or to end after it was woken; generous for loaded machines. */
    static final Duration BOUND = Duration.ofSeconds(10);

    private static final AtomicInteger NEXT = new AtomicInteger();

    /** How long a thread in a system call is watched for CPU use; see {@link #inSystemCall()}. */
    private static final Duration QUIET = Duration.ofMillis(20);
    /** CPU time a thread may be charged while it waits in the kernel: accounting noise, far below any work. */
    private static final long MAX_CPU_NANOS_WHILE_BLOCKED = TimeUnit.MICROSECONDS.toNanos(200);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Thread thread;
    private final CompletableFuture<T> result = new CompletableFuture<>();

    /**
     * A way to wait in a blocking call, besides the plain one (a platform thread, no timeout): a
     * provider may wait differently on a virtual thread, and with a timeout (a poll, a timed park),
     * and each way must wake on close (§7.3) and on an interrupt (§7.5). In the domains whose waits
     * differ: AF_INET (AF_INET6 waits as it does) and AF_UNIX.
     */
    enum Wait {
        INET_WITH_TIMEOUT(Domain.INET, false, true),
        INET_ON_A_VIRTUAL_THREAD(Domain.INET, true, false),
        INET_ON_A_VIRTUAL_THREAD_WITH_TIMEOUT(Domain.INET, true, true),
        UNIX_WITH_TIMEOUT(Domain.UNIX, false, true),
        UNIX_ON_A_VIRTUAL_THREAD(Domain.UNIX, true, false),
        UNIX_ON_A_VIRTUAL_THREAD_WITH_TIMEOUT(Domain.UNIX, true, true);

        /** The timeout of a timed wait: one the test never reaches. */
        static final Duration TIMEOUT = Duration.ofMinutes(1);

        private final Domain domain;
        private final boolean virtual;
        private final boolean timed;

        Wait(Domain domain, boolean virtual, boolean timed) {
            this.domain = domain;
            this.virtual = virtual;
            this.timed = timed;
        }

        Domain domain() {
            return domain;
        }

        /** Returns the timeout to set: {@link #TIMEOUT}, or zero (none) for an untimed wait. */
        Duration timeout() {
            return timed ? TIMEOUT : Duration.ZERO;
        }

        /** Starts {@code call} on a new thread of this kind, named after {@code what}. */
        <T> BlockedCall<T> start(String what, Callable<T> call) {
            return BlockedCall.start(what, call, virtual);
        }
    }

    private BlockedCall(String what, Callable<T> call, boolean virtual) {
        Runnable body = () -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        String name = "kit-" + what + "-" + NEXT.incrementAndGet();
        // A virtual thread is always a daemon.
        thread = virtual ? Thread.ofVirtual().name(name).unstarted(body) : Thread.ofPlatform().name(name).daemon().unstarted(body);
    }

    /** Starts {@code call} on a new platform thread named after {@code what}. */
    static <T> BlockedCall<T> start(String what, Callable<T> call) {
        return start(what, call, false);
    }

    private static <T> BlockedCall<T> start(String what, Callable<T> call, boolean virtual) {
        BlockedCall<T> blocked = new BlockedCall<>(what, call, virtual);
        blocked.thread.start();
        return blocked;
    }

    /**
     * Waits until the call is blocked: its thread waits (parked, or in a monitor) or runs native code
     * (a system call), with a frame of the provider's {@code method} on its stack. Fails if the call
     * ended instead, or did not block within {@link #BOUND}.
     */
    BlockedCall<T> awaitBlockedIn(String method) {
        await("a thread blocked in " + method).atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(() -> {
            if (result.isDone()) {
                throw new AssertionFailedError(method + " returned instead of blocking: " + outcome());
            }
            return isBlockedIn(method);
        });
        return this;
    }

    private boolean isBlockedIn(String method) {
        Thread.State state = thread.getState();
        StackTraceElement[] stack = thread.getStackTrace();
        if (stack.length == 0) {
            return false;
        }
        boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED
                || (state == Thread.State.RUNNABLE && (stack[0].isNativeMethod() || inSystemCall()));
        if (!waiting) {
            return false;
        }
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals(method) && !frame.getClassName().startsWith("dev.sockets.conformance.")) {
                return true;
            }
        }
        return false;
    }

    /** Interrupts the thread of the call (§7.5). */
    void interrupt() {
        thread.interrupt();
    }

    /**
     * Whether a RUNNABLE thread whose top frame is Java code is in fact blocked in the kernel: a
     * downcall of the Foreign Function and Memory API ({@code poll(2)} through {@code Linker}) shows no
     * native frame, only the Java method that made it, but its thread uses no CPU while the system
     * call waits. So: no CPU time used over {@link #QUIET}, where the JVM measures it.
     */
    private boolean inSystemCall() {
        if (thread.isVirtual()) {
            // The JVM measures no CPU time of a virtual thread: one whose stack stays as it is over QUIET waits.
            List<StackTraceElement> before = List.of(thread.getStackTrace());
            LockSupport.parkNanos(QUIET.toNanos());
            return thread.getState() == Thread.State.RUNNABLE && before.equals(List.of(thread.getStackTrace()));
        }
        if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
            return false;
        }
        long before = THREADS.getThreadCpuTime(thread.threadId());
        LockSupport.parkNanos(QUIET.toNanos());
        long after = THREADS.getThreadCpuTime(thread.threadId());
        return before >= 0 && after >= 0 && after - before < MAX_CPU_NANOS_WHILE_BLOCKED && thread.getState() == Thread.State.RUNNABLE;
    }

    /** Returns whether the call has ended. */
    boolean isDone() {
        return result.isDone();
    }

    /**
     * Waits up to {@link #BOUND} for the call to end and returns what it threw.
     *
     * @throws AssertionFailedError if it is still blocked after the bound, or returned normally
     */
    Throwable awaitThrown() {
        try {
            T value = result.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionFailedError("expected the call to throw, it returned " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionFailedError("§7.3: the call on " + thread.getName() + " is still blocked after " + BOUND);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted", e);
        }
    }

    /**
     * Waits up to {@code bound} for the call to end and returns its value.
     *
     * @throws AssertionFailedError if it is still running after the bound, or threw (with the exception as cause)
     */
    T awaitValue(Duration bound) {
        try {
            return result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionFailedError("the call on " + thread.getName() + " threw " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionFailedError("the call on " + thread.getName() + " has not ended after " + bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted", e);
        }
    }

    private String outcome() {
        try {
            return "returned " + result.getNow(null);
        } catch (Exception e) {
            return "threw " + e.getCause();
        }
    }
}
