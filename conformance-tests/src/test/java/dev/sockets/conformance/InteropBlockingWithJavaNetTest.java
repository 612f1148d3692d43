package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** The blocking provider against a plain java.net peer, both ways: the row "blocking ↔ java.net" of the matrix. */
@DisplayName("blocking ↔ java.net")
class InteropBlockingWithJavaNetTest extends JavaNetPeerVerification {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("blocking");
    }
}
