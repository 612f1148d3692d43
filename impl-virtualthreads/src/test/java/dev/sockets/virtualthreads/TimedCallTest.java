package dev.sockets.virtualthreads;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The selector-free timed wait: a call outlives its caller's timeout, and hands its result to the next caller. */
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

    @Test
    void aCallThatOutlivesItsCallerGivesItsResultToTheNextOne() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ByteBuffer dst = ByteBuffer.allocate(8);
        TimedCall<Integer> read = new TimedCall<>(n -> { });
        TimedCall.Call<Integer> call = () -> {
            calls.incrementAndGet();
            return a.read(dst);
        };
        assertThrows(SocketTimeoutException.class, () -> read.await(call, SHORT, SocketTimeoutException::new));
        assertTrue(read.inFlight());
        assertThrows(SocketTimeoutException.class, () -> read.await(call, SHORT, SocketTimeoutException::new));
        b.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals(3, read.await(call, LONG, SocketTimeoutException::new));
        assertEquals(1, calls.get(), "one call, shared by the three callers");
        assertFalse(read.inFlight());
    }

    @Test
    void closeEndsTheCallInFlightAndWakesItsWaiter() throws Exception {
        TimedCall<Integer> read = new TimedCall<>(n -> { });
        TimedCall.Call<Integer> call = () -> a.read(ByteBuffer.allocate(1));
        assertThrows(SocketTimeoutException.class, () -> read.await(call, SHORT, SocketTimeoutException::new));
        Thread waiter = Thread.ofVirtual().start(() ->
                assertThrows(IOException.class, () -> read.await(call, LONG, SocketTimeoutException::new)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        a.close();
        read.close();
        assertTrue(waiter.join(Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !read.inFlight());
        assertThrows(AsynchronousCloseException.class, () -> read.await(call, LONG, SocketTimeoutException::new));
    }

    @Test
    void anUnclaimedResultIsDiscardedOnClose() throws Exception {
        AtomicInteger discarded = new AtomicInteger();
        TimedCall<Integer> read = new TimedCall<>(n -> discarded.incrementAndGet());
        TimedCall.Call<Integer> call = () -> a.read(ByteBuffer.allocate(1));
        assertThrows(SocketTimeoutException.class, () -> read.await(call, SHORT, SocketTimeoutException::new));
        b.write(ByteBuffer.wrap(new byte[] {1}));
        await().atMost(Duration.ofSeconds(10)).until(() -> !read.inFlight());
        read.close();
        assertEquals(1, discarded.get());
        assertThrows(AsynchronousCloseException.class, () -> read.await(call, LONG, SocketTimeoutException::new),
                "after close, a result that completed before is gone: the channel is closed");
    }
}
