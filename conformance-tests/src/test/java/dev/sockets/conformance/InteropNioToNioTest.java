package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the nio provider against servers of the nio provider: the row "nio → nio" of the matrix. */
@DisplayName("nio → nio")
class InteropNioToNioTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("nio");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("nio");
    }
}
