package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the blocking provider against servers of the virtualthreads provider: the row "blocking → virtualthreads" of the matrix. */
@DisplayName("blocking → virtualthreads")
class InteropBlockingToVirtualThreadsTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("blocking");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("virtualthreads");
    }
}
