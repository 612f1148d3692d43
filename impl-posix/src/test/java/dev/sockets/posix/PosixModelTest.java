package dev.sockets.posix;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.SocketClosedException;
import dev.sockets.SocketProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The posix model beyond the kit: one descriptor per socket and every one closed (all of the
 * process's descriptors are counted, not only sockets as the kit does), an interrupt wakes a platform
 * thread in poll(2), the abstract namespace, and handlers on platform threads of their own.
 */
class PosixModelTest {

    private final SocketProvider posix = new PosixSocketProvider();

    @Test
    void oneDescriptorPerSocketAndEveryOneClosed(@TempDir Path dir) throws Exception {
        long before = openDescriptors();
        for (int i = 0; i < 20; i++) {
            try (Listener listener = posix.listen(UnixDomainSocketAddress.of(dir.resolve("l" + i + ".sock")));
                    Connection client = posix.connect(listener.localAddress());
                    Connection server = listener.accept();
                    DatagramEndpoint udp = posix.openDatagram(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                client.write(ByteBuffer.wrap(new byte[] {1}));
                assertEquals(1, server.read(ByteBuffer.allocate(4)));
                assertTrue(udp.isOpen());
                // Four sockets, four descriptors: no wake-up descriptor of its own beside each (a server holds
                // as many clients as ulimit -n allows).
                assertEquals(before + 4, openDescriptors(), "descriptors of a listener, two connections and an endpoint");
            }
            try {
                posix.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1)).close();
            } catch (IOException refused) {
                // the error path must close its socket too
            }
        }
        assertEquals(before, openDescriptors(), "descriptors of this process after closing all");
    }

    @Test
    void anInterruptWakesAPlatformThreadBlockedInPollAndClosesTheConnection() throws Exception {
        try (Listener listener = posix.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Connection client = posix.connect(listener.localAddress());
                Connection server = listener.accept()) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    server.read(ByteBuffer.allocate(8));
                    thrown.complete(null);
                } catch (Throwable e) {
                    thrown.complete(e);
                }
                stillInterrupted.complete(Thread.currentThread().isInterrupted());
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.RUNNABLE
                    && Stream.of(reader.getStackTrace()).anyMatch(f -> f.getMethodName().equals("poll")));
            reader.interrupt();
            Throwable e = thrown.get(10, TimeUnit.SECONDS);
            assertTrue(e instanceof SocketClosedException, "§7.5: " + e);
            assertEquals("Closed by interrupt", e.getMessage());
            assertTrue(stillInterrupted.get(10, TimeUnit.SECONDS), "§7.5: the interrupt status is kept");
            assertFalse(server.isOpen(), "§7.5: the interrupt closed the connection");
            assertEquals(-1, client.read(ByteBuffer.allocate(8)), "the peer sees the close");
            reader.join();
        }
    }

    @Test
    void streamsInTheAbstractNamespaceNeedNoFile() throws Exception {
        UnixDomainSocketAddress name = PosixSocketProvider.abstractAddress("sockets-posix-test-" + ProcessHandle.current().pid());
        for (int round = 0; round < 2; round++) {
            try (Listener listener = posix.listen(name);
                    Connection client = posix.connect(name);
                    Connection server = listener.accept()) {
                assertEquals(name, listener.localAddress());
                assertFalse(Files.exists(Path.of(name.getPath().toString())), "no file for an abstract name");
                client.write(ByteBuffer.wrap("abstract".getBytes(US_ASCII)));
                ByteBuffer dst = ByteBuffer.allocate(16);
                server.read(dst);
                assertEquals("abstract", new String(dst.array(), 0, dst.position(), US_ASCII));
            }
        }
    }

    @Test
    void eachHandlerRunsOnAPlatformThreadOfItsOwn() throws Exception {
        CompletableFuture<Thread> handlerThread = new CompletableFuture<>();
        try (Server server = posix.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), c -> {
            handlerThread.complete(Thread.currentThread());
            c.write(ByteBuffer.wrap(new byte[] {42}));
        }); Connection client = posix.connect(server.localAddress())) {
            ByteBuffer dst = ByteBuffer.allocate(1);
            assertEquals(1, client.read(dst));
            Thread t = handlerThread.get(10, TimeUnit.SECONDS);
            assertFalse(t.isVirtual(), "a platform thread per client");
            assertTrue(t.getName().startsWith("sockets-posix-handler-"), t.getName());
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** Every descriptor of this process: sockets, eventfds, files. */
    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
