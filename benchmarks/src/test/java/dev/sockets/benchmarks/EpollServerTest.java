package dev.sockets.benchmarks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** c-epoll, the limit row: built from echo_epoll.c, it echoes every byte, and speaks the servers' control protocol. */
class EpollServerTest {

    private static final int CHUNK = 64 * 1024;

    @TempDir
    static Path folder;

    @BeforeAll
    static void aCompiler() {
        assumeTrue(NativeProgram.compilerOnPath(), "no C compiler (cc) on the PATH: c-epoll cannot be built");
    }

    @Test
    void itEchoesAPayloadFarBiggerThanTheSocketBuffersIntact() throws Exception {
        byte[] payload = new byte[16 << 20];
        new Random(42).nextBytes(payload);
        try (ServerProcess server = ServerProcess.start(Contender.C_EPOLL, folder.resolve("c-epoll.log"));
             Socket client = new Socket()) {
            // small buffers on this side, so that what the server cannot send fills them (a few MB in all)
            client.setReceiveBufferSize(4096);
            client.setSendBufferSize(4096);
            client.connect(server.address(), 5_000);
            client.setSoTimeout(20_000);
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();

            out.write(payload, 0, 64);
            assertArrayEquals(Arrays.copyOf(payload, 64), in.readNBytes(64), "one 64-byte message");

            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int at = 0; at < payload.length; at += CHUNK) {
                        out.write(payload, at, CHUNK);
                        written.addAndGet(CHUNK);
                    }
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            // Nothing read yet: the server's sends come back short, it keeps the rest and stops reading, and so
            // the writer stops before the end.
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> written.get() == last.getAndSet(written.get()));
            assertTrue(written.get() < payload.length, () -> "the server took all " + written + " bytes without sending them back");

            byte[] echoed = in.readAllBytes(); // to the end of stream: the server closes after the client's end
            writer.get(20, TimeUnit.SECONDS);
            assertEquals(payload.length, echoed.length, "bytes echoed");
            assertArrayEquals(payload, echoed, "the echo of 16 MB");
        }
    }

    @Test
    void itAnswersTheControlProtocolWithOneThread() throws Exception {
        try (ServerProcess server = ServerProcess.start(Contender.C_EPOLL, folder.resolve("usage.log"))) {
            ProcessUsage usage = server.usage();
            assertEquals(1, usage.threads(), usage::toString);
            assertEquals(0, usage.heapBytes(), usage::toString);
        }
    }
}
