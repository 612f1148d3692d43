package dev.sockets.virtualthreads;

import static dev.sockets.virtualthreads.Loopback.ascii;
import static dev.sockets.virtualthreads.Loopback.readExactly;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.Domain;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server of §12 on virtual threads: one per client, and nothing left running after close. */
class ServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final SocketProvider provider = new VirtualThreadSocketProvider();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"INET", "UNIX"})
    void eachHandlerRunsOnAVirtualThreadOfItsOwn(Domain domain) throws Exception {
        Map<String, Boolean> threads = new ConcurrentHashMap<>();
        Server server = provider.serve(Loopback.any(domain, dir), c -> {
            Thread t = Thread.currentThread();
            threads.put(t.getName(), t.isVirtual());
            Loopback.echo(c);
        });
        try (server) {
            for (int i = 0; i < 3; i++) {
                try (Connection client = provider.connect(server.localAddress())) {
                    client.write(ascii("echo" + i));
                    assertEquals("echo" + i, readExactly(client, 5));
                }
            }
        }
        assertEquals(3, threads.size(), () -> "a thread per client: " + threads);
        threads.forEach((name, virtual) -> {
            assertTrue(virtual, () -> name + " is not a virtual thread");
            assertTrue(name.startsWith("sockets-virtualthreads-handler-"), name);
        });
        assertEquals(new ServerStats(0, 3, 15, 15, 0), server.stats());
        if (domain == Domain.UNIX) {
            assertTrue(Files.notExists(((UnixDomainSocketAddress) server.localAddress()).getPath()), "§13.3");
        }
    }

    @Test
    @SuppressWarnings("try") // the resource keeps the other end open
    void aHandlerBlockedInSomethingElseIsInterruptedOnClose() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        Server server = provider.serve(Loopback.any(Domain.INET, dir), c -> {
            inHandler.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        }, ServerOptions.defaults().withShutdownTimeout(Duration.ZERO));
        try (Connection client = provider.connect(server.localAddress())) {
            assertTrue(inHandler.await(20, TimeUnit.SECONDS));
            server.close();
            assertEquals(1, interrupted.get());
            assertEquals(0, server.stats().handlerFailures());
        }
    }
}
