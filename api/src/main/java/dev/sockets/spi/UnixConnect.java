package dev.sockets.spi;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A UNIX-domain {@code connect(2)} that waits while the listener's backlog is full (§3.6), for
 * every provider. Linux completes a UNIX-domain connect at once, or fails a non-blocking one with
 * {@code EAGAIN} when the backlog is full, where a blocking connect would wait in the kernel (with
 * no timeout). The JDK closes a channel whose connect failed, so each attempt takes a new socket,
 * after a pause that grows from 1 ms to 50 ms, until the connect timeout's deadline; then the
 * connect times out, as it would have in the kernel. The pause parks, so a virtual thread holds no
 * carrier while it waits.
 */
public final class UnixConnect {

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * One attempt: a new socket, its options set, and one non-blocking {@code connect(2)}.
     *
     * @param <C> the type of the connected socket
     */
    @FunctionalInterface
    public interface Attempt<C> {
        /**
         * Returns the connected socket, or throws what connect threw; closes what it opened when it throws.
         *
         * @return the connected socket
         * @throws IOException if the socket cannot be opened or connected; {@code EAGAIN} if the
         *     listener's backlog is full
         */
        C connect() throws IOException;
    }

    private UnixConnect() {
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for another reason than a full backlog, or
     * {@code deadline} passes (on the {@link System#nanoTime()} clock, {@link Long#MAX_VALUE} for none).
     *
     * @param <C> the type of the connected socket
     * @param remote where to connect, named in the messages
     * @param deadline when to give up; {@link Long#MAX_VALUE} for no limit
     * @param attempt makes one attempt
     * @return the connected socket the first successful attempt returned
     * @throws java.net.SocketTimeoutException "Connect timed out: /path" when the deadline passes
     * @throws java.net.ConnectException "Connection refused: /path" if nothing listens there (§3.2)
     * @throws dev.sockets.SocketClosedException "Closed by interrupt" if the thread is interrupted (§7.5)
     * @throws IOException if an attempt fails for another reason, translated as by {@code Errors.connectFailed}
     */
    public static <C> C connect(UnixDomainSocketAddress remote, long deadline, Attempt<C> attempt) throws IOException {
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw Errors.closedByInterrupt(null); // §7.5, also before the first attempt
            }
            try {
                return attempt.connect();
            } catch (IOException e) {
                if (!Errors.isBacklogFull(e)) {
                    throw Errors.connectFailed(remote, e);
                }
            }
            long remaining = Timeouts.remaining(deadline);
            if (remaining <= 0) {
                throw Errors.connectTimedOut(remote);
            }
            LockSupport.parkNanos(Math.min(pause, remaining));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }
}
