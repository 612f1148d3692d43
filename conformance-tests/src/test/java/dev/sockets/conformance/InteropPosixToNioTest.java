package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the posix provider against servers of the nio provider: the row "posix → nio" of the matrix. */
@DisplayName("posix → nio")
class InteropPosixToNioTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("posix");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("nio");
    }
}
