package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the nio provider against servers of the virtualthreads provider: the row "nio → virtualthreads" of the matrix. */
@DisplayName("nio → virtualthreads")
class InteropNioToVirtualThreadsTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("nio");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("virtualthreads");
    }
}
