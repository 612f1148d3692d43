package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the blocking provider against servers of the blocking provider: the row "blocking → blocking" of the matrix. */
@DisplayName("blocking → blocking")
class InteropBlockingToBlockingTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("blocking");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("blocking");
    }
}
