package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** The nio provider against a plain java.net peer, both ways: the row "nio ↔ java.net" of the matrix. */
@DisplayName("nio ↔ java.net")
class InteropNioWithJavaNetTest extends JavaNetPeerVerification {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("nio");
    }
}
