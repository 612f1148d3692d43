package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** The virtualthreads provider against a plain java.net peer, both ways: the row "virtualthreads ↔ java.net" of the matrix. */
@DisplayName("virtualthreads ↔ java.net")
class InteropVirtualThreadsWithJavaNetTest extends JavaNetPeerVerification {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("virtualthreads");
    }
}
