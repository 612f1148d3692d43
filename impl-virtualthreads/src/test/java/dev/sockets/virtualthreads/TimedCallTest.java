package dev.sockets.virtualthreads;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selector-free timed wait: a call outlives its caller's timeout, and hands its result to the next caller; an
 * interrupted caller gets what a blocking channel would throw.
 */
class TimedCallTest {

    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    private ServerSocketChannel listener;
    private SocketChannel a;
    private SocketChannel b;

    @BeforeEach
    void pair() throws IOException {
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(dir.resolve("p.sock")));
        a = SocketChannel.open(listener.getLocalAddress());
        b = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        a.close();
        b.close();
        listener.close();
    }

    /** A call that counts how often it began and ended, so that a test sees whether one is in flight. */
    private static final class Watched implements TimedCall.Call<Integer> {
        final AtomicInteger began = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        private final TimedCall.Call<Integer> call;

        Watched(TimedCall.Call<Integer> call) {
            this.call = call;
        }

        @Override
        public Integer call() throws IOException {
            began.incrementAndGet();
            try {
                return call.call();
            } finally {
                ended.incrementAndGet();
            }
        }

        boolean inFlight() {
            return began.get() > ended.get();
        }
    }

    @Test
    void aCallThatOutlivesItsCallerGivesItsResultToTheNextOne() throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(8);
        TimedCall<Integer> read = new TimedCall<>(n -> { });
        Watched call = new Watched(() -> a.read(dst));
        assertThrows(SocketTimeoutException.class, () -> read.await(call, in(SHORT)));
        await().atMost(Duration.ofSeconds(10)).until(call::inFlight);
        assertThrows(SocketTimeoutException.class, () -> read.await(call, in(SHORT)));
        b.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals(3, read.await(call, in(LONG)));
        assertEquals(1, call.began.get(), "one call, shared by the three callers");
        assertFalse(call.inFlight());
    }

    @Test
    void withoutADeadlineTheCallerWaitsUntilTheCallCompletes() throws Exception {
        TimedCall<Integer> read = new TimedCall<>(n -> { });
        Watched call = new Watched(() -> a.read(ByteBuffer.allocate(8)));
        Thread waiter = Thread.ofVirtual().start(() ->
                assertEquals(2, assertDoesNotThrow(() -> read.await(call, Long.MAX_VALUE))));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.WAITING && call.inFlight());
        b.write(ByteBuffer.wrap(new byte[] {1, 2}));
        assertTrue(waiter.join(Duration.ofSeconds(10)));
    }

    @Test
    void anInterruptedCallerGetsClosedByInterruptAndKeepsItsStatus() throws Exception {
        TimedCall<Integer> read = new TimedCall<>(n -> { });
        Watched call = new Watched(() -> a.read(ByteBuffer.allocate(1)));
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            thrown.complete(assertThrows(IOException.class, () -> read.await(call, in(LONG))));
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING && call.inFlight());
        waiter.interrupt();
        assertInstanceOf(ClosedByInterruptException.class, thrown.get(10, TimeUnit.SECONDS));
        assertTrue(stillInterrupted.get(10, TimeUnit.SECONDS), "the interrupt status stays set, as with a channel");
        assertTrue(call.inFlight(), "the call is the owner's to end, by closing the channel");
    }

    @Test
    void closeEndsTheCallInFlightAndWakesItsWaiter() throws Exception {
        TimedCall<Integer> read = new TimedCall<>(n -> { });
        Watched call = new Watched(() -> a.read(ByteBuffer.allocate(1)));
        assertThrows(SocketTimeoutException.class, () -> read.await(call, in(SHORT)));
        Thread waiter = Thread.ofVirtual().start(() ->
                assertThrows(IOException.class, () -> read.await(call, in(LONG))));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        a.close();
        read.close();
        assertTrue(waiter.join(Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !call.inFlight());
        assertThrows(AsynchronousCloseException.class, () -> read.await(call, in(LONG)));
        assertEquals(1, call.began.get(), "no call after close");
    }

    @Test
    void anUnclaimedResultIsDiscardedOnClose() throws Exception {
        AtomicInteger discarded = new AtomicInteger();
        TimedCall<Integer> read = new TimedCall<>(n -> discarded.incrementAndGet());
        Watched call = new Watched(() -> a.read(ByteBuffer.allocate(1)));
        assertThrows(SocketTimeoutException.class, () -> read.await(call, in(SHORT)));
        b.write(ByteBuffer.wrap(new byte[] {1}));
        await().atMost(Duration.ofSeconds(10)).until(() -> !call.inFlight());
        read.close();
        // The result went to close if the call had stored it, else to the call's own end, which finds it closed.
        await().atMost(Duration.ofSeconds(10)).until(() -> discarded.get() == 1);
        assertThrows(AsynchronousCloseException.class, () -> read.await(call, in(LONG)),
                "after close, a result that completed before is gone: the channel is closed");
    }

    private static long in(long nanos) {
        return Timeouts.deadline(nanos);
    }
}
