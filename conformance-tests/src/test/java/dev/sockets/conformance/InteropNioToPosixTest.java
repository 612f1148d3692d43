package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the nio provider against servers of the posix provider: the row "nio → posix" of the matrix. */
@DisplayName("nio → posix")
class InteropNioToPosixTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("nio");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("posix");
    }
}
