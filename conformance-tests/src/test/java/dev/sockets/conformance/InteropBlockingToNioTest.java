package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the blocking provider against servers of the nio provider: the row "blocking → nio" of the matrix. */
@DisplayName("blocking → nio")
class InteropBlockingToNioTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("blocking");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("nio");
    }
}
