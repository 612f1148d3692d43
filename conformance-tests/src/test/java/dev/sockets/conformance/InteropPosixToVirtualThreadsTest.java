package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the posix provider against servers of the virtualthreads provider: the row "posix → virtualthreads" of the matrix. */
@DisplayName("posix → virtualthreads")
class InteropPosixToVirtualThreadsTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("posix");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("virtualthreads");
    }
}
