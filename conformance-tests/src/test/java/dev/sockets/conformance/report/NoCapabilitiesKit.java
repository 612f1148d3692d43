package dev.sockets.conformance.report;

import dev.sockets.Capability;
import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.SocketProvider;
import dev.sockets.SocketType;
import dev.sockets.StreamOptions;
import dev.sockets.conformance.JavaNetPeerVerification;
import java.net.SocketAddress;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/**
 * A run of the kit that {@link ConformanceSummaryListenerTest} counts: a provider with no capability
 * at all, so that every test is skipped, at once, with the reason. Not a test of its own (surefire
 * runs only classes named {@code *Test}).
 */
@DisplayName(NoCapabilitiesKit.ROW)
public class NoCapabilitiesKit extends JavaNetPeerVerification {

    static final String ROW = "none ↔ java.net";

    @Override
    protected SocketProvider provider() {
        return new NoCapabilities();
    }

    /** Supports nothing: every operation is refused as §1.2 says. */
    static final class NoCapabilities implements SocketProvider {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public Connection connect(SocketAddress remote, StreamOptions options) {
            checkSupported(Domain.of(remote), SocketType.STREAM);
            throw new AssertionError("unreachable");
        }

        @Override
        public Listener listen(SocketAddress local, ListenOptions options) {
            checkSupported(Domain.of(local), SocketType.STREAM);
            throw new AssertionError("unreachable");
        }

        @Override
        public DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) {
            checkSupported(Domain.of(local), SocketType.DATAGRAM);
            throw new AssertionError("unreachable");
        }

        @Override
        public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) {
            checkSupported(Domain.of(local), SocketType.STREAM);
            throw new AssertionError("unreachable");
        }
    }
}
