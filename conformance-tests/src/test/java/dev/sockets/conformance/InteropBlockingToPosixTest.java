package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the blocking provider against servers of the posix provider: the row "blocking → posix" of the matrix. */
@DisplayName("blocking → posix")
class InteropBlockingToPosixTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("blocking");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("posix");
    }
}
