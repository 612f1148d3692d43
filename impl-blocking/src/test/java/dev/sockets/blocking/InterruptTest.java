package dev.sockets.blocking;

import static dev.sockets.blocking.Fixtures.anyLocal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketClosedException;
import dev.sockets.StreamOptions;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * §7.5 on every way this provider waits: an interrupt of a platform thread blocked in a channel
 * call (no timeout), in a call of the channel's {@code java.net} adaptor (a timeout, TCP and UDP),
 * or in a {@link ChannelPoll} (a timeout, UNIX domain) closes the object, and the call throws
 * "Closed by interrupt" with the interrupt status kept. The kit tries only the calls without a
 * timeout; a {@code java.net} socket made directly would fail every timed case here (it ignores
 * interrupts).
 */
// A peer held open by try-with-resources and never used is what a blocked read needs.
@SuppressWarnings("try")
class InterruptTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofMinutes(5);

    private final BlockingSocketProvider provider = new BlockingSocketProvider();

    @TempDir
    Path dir;

    static Stream<Arguments> domainsAndTimeouts() {
        return Stream.of(Domain.values()).flatMap(d -> Stream.of(Arguments.of(d, Duration.ZERO), Arguments.of(d, LONG)));
    }

    static Stream<Arguments> datagramDomainsAndTimeouts() {
        return domainsAndTimeouts().filter(a -> a.get()[0] != Domain.UNIX);
    }

    @ParameterizedTest
    @MethodSource("domainsAndTimeouts")
    void anInterruptClosesABlockedRead(Domain domain, Duration readTimeout) throws Exception {
        try (Listener listener = provider.listen(anyLocal(domain, dir));
             Connection client = provider.connect(listener.localAddress(), StreamOptions.defaults().withReadTimeout(readTimeout));
             Connection server = listener.accept()) {
            assertAnInterruptCloses(() -> client.read(ByteBuffer.allocateDirect(16)));
            assertFalse(client.isOpen(), "§7.5: the interrupt closed the connection");
            assertEquals(-1, server.read(ByteBuffer.allocate(1)), "§7.5: the peer sees the close");
        }
    }

    @ParameterizedTest
    @MethodSource("domainsAndTimeouts")
    void anInterruptClosesAWriteBlockedOnAFullSendBuffer(Domain domain, Duration readTimeout) throws Exception {
        StreamOptions options = StreamOptions.defaults().withReadTimeout(readTimeout).with(StandardSocketOptions.SO_SNDBUF, 8192);
        try (Listener listener = provider.listen(anyLocal(domain, dir));
             Connection client = provider.connect(listener.localAddress(), options);
             Connection server = listener.accept()) {
            // The server never reads: its receive buffer and the client's send buffer fill up.
            assertAnInterruptCloses(() -> {
                client.write(ByteBuffer.allocate(64 * 1024 * 1024));
                return "written";
            });
            assertFalse(client.isOpen(), "§7.5: the interrupt closed the connection");
        }
    }

    @ParameterizedTest
    @MethodSource("domainsAndTimeouts")
    void anInterruptClosesABlockedAccept(Domain domain, Duration acceptTimeout) throws Exception {
        try (Listener listener = provider.listen(anyLocal(domain, dir), ListenOptions.defaults().withAcceptTimeout(acceptTimeout))) {
            assertAnInterruptCloses(listener::accept);
            assertFalse(listener.isOpen(), "§7.5: the interrupt closed the listener");
        }
    }

    @ParameterizedTest
    @MethodSource("datagramDomainsAndTimeouts")
    void anInterruptClosesABlockedReceive(Domain domain, Duration receiveTimeout) throws Exception {
        DatagramOptions options = DatagramOptions.defaults().withReceiveTimeout(receiveTimeout);
        try (DatagramEndpoint endpoint = provider.openDatagram(anyLocal(domain, dir), options)) {
            assertAnInterruptCloses(() -> endpoint.receive(ByteBuffer.allocateDirect(16)));
            assertFalse(endpoint.isOpen(), "§7.5: the interrupt closed the endpoint");
        }
    }

    /** Runs {@code call} on a platform thread, interrupts it once it has blocked, and checks what §7.5 says. */
    private static void assertAnInterruptCloses(Callable<?> call) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try {
                outcome.complete(call.call());
            } catch (Throwable e) {
                outcome.complete(e);
            } finally {
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        thread.start();
        // A blocked call shows no progress to wait for: make sure it did not end at once.
        await().during(Duration.ofMillis(200)).atMost(PROMPTLY).until(() -> !outcome.isDone());
        thread.interrupt();
        Object thrown = outcome.orTimeout(PROMPTLY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
        assertInstanceOf(SocketClosedException.class, thrown, "§7.5: the interrupted call");
        assertEquals("Closed by interrupt", ((Throwable) thrown).getMessage(), "§2.6");
        await().atMost(PROMPTLY).until(() -> !thread.isAlive());
        assertTrue(stillInterrupted.get(), "§7.5: the interrupt status stays set");
    }
}
