package dev.sockets.blocking;

import static dev.sockets.blocking.Fixtures.anyLocal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** §13.1: no socket descriptor is left open, on the paths that work and on those that fail. */
// Closing a resource of a try-with-resources early is what these tests are about.
@SuppressWarnings("try")
class ResourcesTest {

    private static final Path FDS = Path.of("/proc/self/fd");

    private final BlockingSocketProvider provider = new BlockingSocketProvider();

    @TempDir
    Path dir;

    @Test
    void everyPathClosesWhatItOpened() throws Exception {
        assumeTrue(Files.isDirectory(FDS), "no /proc/self/fd on this system");
        // The first use of each kind probes its options once; do it before counting.
        exercise();
        long before = socketDescriptors();
        exercise();
        await().atMost(Duration.ofSeconds(10)).until(() -> socketDescriptors() <= before);
    }

    private void exercise() throws IOException {
        Duration timeout = Duration.ofMinutes(1);
        for (Domain domain : Domain.values()) {
            ListenOptions timed = ListenOptions.defaults().withAcceptTimeout(timeout)
                    .withConnectionOptions(StreamOptions.defaults().withReadTimeout(timeout));
            try (Listener listener = provider.listen(anyLocal(domain, dir), timed);
                 Connection client = provider.connect(listener.localAddress(),
                         StreamOptions.defaults().withReadTimeout(timeout).withConnectTimeout(timeout));
                 Connection server = listener.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {1}));
                server.read(ByteBuffer.allocate(1));
                assertThrows(BindException.class, () -> provider.listen(listener.localAddress()));
            }
            try (Listener listener = provider.listen(anyLocal(domain, dir));
                 Connection client = provider.connect(listener.localAddress());
                 Connection server = listener.accept()) {
                server.close();
            }
        }
        Listener gone = provider.listen(anyLocal(Domain.INET, dir));
        gone.close();
        assertThrows(ConnectException.class, () -> provider.connect(gone.localAddress()));
        assertThrows(ConnectException.class, () -> provider.connect(anyLocal(Domain.UNIX, dir)));
        assertThrows(ConnectException.class, () -> provider.connect(anyLocal(Domain.UNIX, dir),
                StreamOptions.defaults().withConnectTimeout(timeout)));
        assertThrows(UnsupportedOperationException.class, () -> provider.connect(anyLocal(Domain.UNIX, dir),
                StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true)));
        try (DatagramEndpoint a = provider.openDatagram(anyLocal(Domain.INET, dir),
                DatagramOptions.defaults().withReceiveTimeout(timeout))) {
            assertThrows(BindException.class, () -> provider.openDatagram(a.localAddress()));
        }
    }

    private static long socketDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        }
    }
}
