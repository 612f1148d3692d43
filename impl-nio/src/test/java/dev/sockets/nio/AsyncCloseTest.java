package dev.sockets.nio;

import static dev.sockets.nio.NioTesting.anyLocal;
import static dev.sockets.nio.NioTesting.parkedInReadiness;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.Domain;
import dev.sockets.Listener;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import dev.sockets.StreamOptions;
import java.io.Closeable;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §7.3: a thread parked in read, write, accept or receive wakes promptly with SocketClosedException when another
 * thread closes the socket. Each test first sees the caller parked in {@link Readiness#await}: it waits for its
 * loop, it does not spin.
 */
class AsyncCloseTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private final SocketProvider nio = NioSocketProvider.builder().loops(2).build();

    @TempDir
    Path dir;

    /** An operation that blocks, run on its own thread. */
    private interface Blocking {
        void run() throws Exception;
    }

    private static void assertClosingWakes(Closeable target, Blocking blocking) throws Exception {
        AtomicReference<Thread> caller = new AtomicReference<>();
        CompletableFuture<Void> outcome = CompletableFuture.runAsync(() -> {
            caller.set(Thread.currentThread());
            try {
                blocking.run();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> new Thread(r, "test-caller").start());
        await().atMost(PROMPTLY).until(() -> caller.get() != null && parkedInReadiness(caller.get()));
        target.close();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> outcome.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(SocketClosedException.class, e.getCause());
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void closeWakesParkedRead(Domain domain) throws Exception {
        try (Listener listener = nio.listen(anyLocal(domain, dir));
                Connection client = nio.connect(listener.localAddress());
                Connection server = listener.accept()) {
            assertClosingWakes(client, () -> client.read(ByteBuffer.allocate(16)));
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void closeWakesParkedAccept(Domain domain) throws Exception {
        Listener listener = nio.listen(anyLocal(domain, dir));
        assertClosingWakes(listener, listener::accept);
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void closeWakesParkedWriteOnAFullSendBuffer(Domain domain) throws Exception {
        StreamOptions small = StreamOptions.defaults().with(StandardSocketOptions.SO_SNDBUF, 4096);
        try (Listener listener = nio.listen(anyLocal(domain, dir));
                Connection client = nio.connect(listener.localAddress(), small);
                Connection server = listener.accept()) {
            // Nobody reads: the write fills both buffers, then parks for OP_WRITE.
            assertClosingWakes(client, () -> client.write(ByteBuffer.allocate(64 * 1024 * 1024)));
        }
    }

    @Test
    void closeWakesParkedReceive() throws Exception {
        DatagramEndpoint endpoint = nio.openDatagram(anyLocal(Domain.INET, dir));
        assertClosingWakes(endpoint, () -> endpoint.receive(ByteBuffer.allocate(16)));
    }

    @Test
    void readerAndWriterWaitOnOneConnectionAtOnce() throws Exception {
        StreamOptions small = StreamOptions.defaults().with(StandardSocketOptions.SO_SNDBUF, 4096);
        try (Listener listener = nio.listen(anyLocal(Domain.INET, dir));
                Connection client = nio.connect(listener.localAddress(), small);
                Connection server = listener.accept()) {
            AtomicReference<Thread> reader = new AtomicReference<>();
            AtomicReference<Thread> writer = new AtomicReference<>();
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                reader.set(Thread.currentThread());
                try {
                    return client.read(ByteBuffer.allocate(1));
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, r -> new Thread(r, "test-reader").start());
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                writer.set(Thread.currentThread());
                try {
                    client.write(ByteBuffer.allocate(16 * 1024 * 1024));
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, r -> new Thread(r, "test-writer").start());
            await().atMost(PROMPTLY).until(() -> reader.get() != null && writer.get() != null
                    && parkedInReadiness(reader.get()) && parkedInReadiness(writer.get()));
            server.write(ByteBuffer.wrap(new byte[] {42})); // the reader wakes while the writer still waits
            org.junit.jupiter.api.Assertions.assertEquals(1, read.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS));
            org.junit.jupiter.api.Assertions.assertFalse(write.isDone());
            client.close();
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> write.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(SocketClosedException.class, e.getCause());
        }
    }
}
