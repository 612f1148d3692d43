package dev.sockets.conformance;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A loopback address where a TCP connect neither succeeds nor is refused, so that a connect timeout
 * can be tested (§3.3, §13.1) without a route to a black hole.
 *
 * <p>A listener of the JDK with a backlog of 1 that never accepts: connects fill its accept queue
 * until the kernel drops the next SYN (Linux: {@code tcp_abort_on_overflow} = 0, the default), and a
 * later connect waits for the SYN's retransmissions, that is, until its timeout. The queue is known
 * to be full when a probe connect of the JDK itself times out; if none does within a bounded number
 * of probes (a kernel that refuses or answers instead), {@link #open} returns empty and the test
 * skips with the reason.
 *
 * <p>The listener and the probes are the JDK's, not the provider's, so that only the provider's
 * connect is under test; closing this closes them all.
 */
final class UnresponsiveListener implements Closeable {

    private static final int MAX_PROBES = 16;
    private static final int PROBE_TIMEOUT_MILLIS = 500;

    private final ServerSocket listener;
    private final List<Socket> queued;

    private UnresponsiveListener(ServerSocket listener, List<Socket> queued) {
        this.listener = listener;
        this.queued = queued;
    }

    /** Opens a listener on {@code loopback} (port 0) and fills its queue; empty if it cannot be made unresponsive. */
    static Optional<UnresponsiveListener> open(InetSocketAddress loopback) throws IOException {
        ServerSocket listener = new ServerSocket();
        List<Socket> queued = new ArrayList<>();
        try {
            listener.bind(loopback, 1);
            InetSocketAddress address = new InetSocketAddress(loopback.getAddress(), listener.getLocalPort());
            for (int i = 0; i < MAX_PROBES; i++) {
                Socket probe = new Socket();
                try {
                    probe.connect(address, PROBE_TIMEOUT_MILLIS);
                    queued.add(probe);
                } catch (SocketTimeoutException full) {
                    probe.close();
                    return Optional.of(new UnresponsiveListener(listener, queued));
                } catch (IOException other) {
                    probe.close();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            closeAll(listener, queued);
            throw e;
        }
        closeAll(listener, queued);
        return Optional.empty();
    }

    /** The address where connects now wait. */
    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        closeAll(listener, queued);
    }

    private static void closeAll(ServerSocket listener, List<Socket> queued) throws IOException {
        for (Socket s : queued) {
            s.close();
        }
        listener.close();
    }
}
