package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the nio provider against servers of the blocking provider: the row "nio → blocking" of the matrix. */
@DisplayName("nio → blocking")
class InteropNioToBlockingTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("nio");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("blocking");
    }
}
