package dev.sockets.nio;

import static dev.sockets.nio.NioTesting.anyLocal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketProvider;
import dev.sockets.StreamOptions;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** §3.3, §9.1–§9.3: every wait honours its timeout, and the socket stays usable afterwards. */
class TimeoutTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    private final SocketProvider nio = NioSocketProvider.builder().loops(2).build();

    @TempDir
    Path dir;

    private static void assertTookAtLeast(long startNanos, Duration d) {
        long took = System.nanoTime() - startNanos;
        assertTrue(took >= d.toNanos(), "returned after " + took + " ns, before its timeout " + d);
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void readTimesOutThenReadsWhatCame(Domain domain) throws Exception {
        try (Listener listener = nio.listen(anyLocal(domain, dir));
                Connection client = nio.connect(listener.localAddress(), StreamOptions.defaults().withReadTimeout(SHORT));
                Connection server = listener.accept()) {
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> client.read(ByteBuffer.allocate(4)));
            assertTookAtLeast(start, SHORT);
            assertEquals("Read timed out", e.getMessage());
            server.write(ByteBuffer.wrap(new byte[] {7}));
            ByteBuffer one = ByteBuffer.allocate(4);
            assertEquals(1, client.read(one));
            assertEquals(7, one.get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void acceptTimesOutThenAccepts(Domain domain) throws Exception {
        try (Listener listener = nio.listen(anyLocal(domain, dir), ListenOptions.defaults().withAcceptTimeout(SHORT))) {
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, listener::accept);
            assertTookAtLeast(start, SHORT);
            assertEquals("Accept timed out", e.getMessage());
            try (Connection client = nio.connect(listener.localAddress()); Connection accepted = listener.accept()) {
                assertEquals(client.localAddress(), accepted.remoteAddress());
            }
        }
    }

    @Test
    void receiveTimesOutThenReceives() throws Exception {
        try (DatagramEndpoint a = nio.openDatagram(anyLocal(Domain.INET, dir), DatagramOptions.defaults().withReceiveTimeout(SHORT));
                DatagramEndpoint b = nio.openDatagram(anyLocal(Domain.INET, dir))) {
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> a.receive(ByteBuffer.allocate(4)));
            assertTookAtLeast(start, SHORT);
            assertEquals("Receive timed out", e.getMessage());
            b.send(ByteBuffer.wrap(new byte[] {5}), a.localAddress());
            assertEquals(b.localAddress(), a.receive(ByteBuffer.allocate(4)));
        }
    }

    /**
     * A listener that never accepts, with a backlog of 1: once its queue is full the kernel drops further SYNs, so a
     * connect can only wait for OP_CONNECT until its timeout.
     */
    @Test
    void connectTimesOutThroughOpConnect() throws Exception {
        List<Connection> queued = new ArrayList<>();
        try (Listener listener = nio.listen(anyLocal(Domain.INET, dir), ListenOptions.defaults().withBacklog(1))) {
            StreamOptions timed = StreamOptions.defaults().withConnectTimeout(SHORT);
            SocketTimeoutException timedOut = null;
            for (int i = 0; i < 16 && timedOut == null; i++) {
                long start = System.nanoTime();
                try {
                    queued.add(nio.connect(listener.localAddress(), timed));
                } catch (SocketTimeoutException e) {
                    assertTookAtLeast(start, SHORT);
                    timedOut = e;
                }
            }
            assertTrue(timedOut != null, "a connect beyond the backlog timed out");
            assertTrue(timedOut.getMessage().startsWith("Connect timed out: "), timedOut.getMessage());
        } finally {
            for (Connection c : queued) {
                c.close();
            }
        }
    }
}
