package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** The posix provider against a plain java.net peer, both ways: the row "posix ↔ java.net" of the matrix. */
@DisplayName("posix ↔ java.net")
class InteropPosixWithJavaNetTest extends JavaNetPeerVerification {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("posix");
    }
}
