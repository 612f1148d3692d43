package dev.sockets.nio;

import static dev.sockets.nio.NioTesting.anyLocal;
import static dev.sockets.nio.NioTesting.parkedInReadiness;
import static dev.sockets.nio.NioTesting.payload;
import static dev.sockets.nio.NioTesting.readToEnd;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.Listener;
import dev.sockets.SocketProvider;
import dev.sockets.StreamOptions;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §5.4: a write larger than the socket buffers returns only when every byte is written. The non-blocking write
 * stops short; the writer parks for OP_WRITE and resumes where it stopped, as often as it takes.
 */
class PartialWriteTest {

    private final SocketProvider nio = NioSocketProvider.builder().loops(2).build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Domain.class)
    void largeWriteParksUntilTheReaderDrainsThenCompletes(Domain domain) throws Exception {
        byte[] big = payload(8 * 1024 * 1024 + 3, 7);
        // A send buffer far smaller than the payload; not smaller still, nor a small receive buffer set after the
        // handshake: TCP's window then crawls (tens of seconds for 8 MiB, with blocking sockets as well).
        StreamOptions small = StreamOptions.defaults().with(StandardSocketOptions.SO_SNDBUF, 65536);
        try (Listener listener = nio.listen(anyLocal(domain, dir));
                Connection client = nio.connect(listener.localAddress(), small);
                Connection server = listener.accept()) {
            AtomicReference<Thread> writer = new AtomicReference<>();
            ByteBuffer src = ByteBuffer.wrap(big);
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                writer.set(Thread.currentThread());
                try {
                    client.write(src);
                    client.shutdownOutput();
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, r -> new Thread(r, "test-writer").start());
            // Nobody reads yet: the writer wrote what fits, and waits for the loop.
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.get() != null && parkedInReadiness(writer.get()));
            assertEquals(true, src.position() > 0 && src.hasRemaining(), "a partial write happened: " + src);
            byte[] received = readToEnd(server, big.length + 1);
            write.get(30, TimeUnit.SECONDS);
            assertArrayEquals(big, received);
            assertEquals(0, src.remaining());
        }
    }
}
