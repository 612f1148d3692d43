package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the posix provider against servers of the blocking provider: the row "posix → blocking" of the matrix. */
@DisplayName("posix → blocking")
class InteropPosixToBlockingTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("posix");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("blocking");
    }
}
