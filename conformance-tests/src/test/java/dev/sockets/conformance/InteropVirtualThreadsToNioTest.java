package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the virtualthreads provider against servers of the nio provider: the row "virtualthreads → nio" of the matrix. */
@DisplayName("virtualthreads → nio")
class InteropVirtualThreadsToNioTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("virtualthreads");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("nio");
    }
}
