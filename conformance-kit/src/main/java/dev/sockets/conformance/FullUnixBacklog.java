package dev.sockets.conformance;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The backlog of a UNIX-domain listener that never accepts, filled: a further connect to its path would
 * block (§3.6). The clients are the JDK's own non-blocking channels, so that only the provider's connect
 * is under test; Linux queues backlog + 1 of them, and the next one's {@code connect(2)} fails with
 * {@code EAGAIN} ("Resource temporarily unavailable"), which is how the kit knows the queue is full.
 * Closing this closes the queued clients (not the listener, which is the test's).
 */
final class FullUnixBacklog implements Closeable {

    /** More than backlog + 1 for the backlogs the kit uses (1). */
    private static final int MAX_PROBES = 64;

    private final List<SocketChannel> queued;

    private FullUnixBacklog(List<SocketChannel> queued) {
        this.queued = queued;
    }

    /**
     * Connects clients to {@code path} until one would block. Empty if none did within a bounded number
     * of probes (a system that queues more, or refuses instead), so that the test can skip with the reason.
     */
    static Optional<FullUnixBacklog> fill(UnixDomainSocketAddress path) throws IOException {
        List<SocketChannel> queued = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PROBES; i++) {
                SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    probe.configureBlocking(false);
                    if (!probe.connect(path)) {
                        probe.close();
                        return Optional.of(new FullUnixBacklog(queued));
                    }
                    queued.add(probe);
                } catch (IOException e) {
                    probe.close();
                    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                    if (message.contains("temporarily unavailable") || message.contains("would block")) {
                        return Optional.of(new FullUnixBacklog(queued));
                    }
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            closeAll(queued);
            throw e;
        }
        closeAll(queued);
        return Optional.empty();
    }

    /** How many clients wait in the backlog. */
    int queued() {
        return queued.size();
    }

    @Override
    public void close() throws IOException {
        closeAll(queued);
    }

    private static void closeAll(List<SocketChannel> channels) throws IOException {
        for (SocketChannel c : channels) {
            c.close();
        }
    }
}
