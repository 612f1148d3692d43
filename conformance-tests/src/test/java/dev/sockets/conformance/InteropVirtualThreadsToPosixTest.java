package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import org.junit.jupiter.api.DisplayName;

/** Clients of the virtualthreads provider against servers of the posix provider: the row "virtualthreads → posix" of the matrix. */
@DisplayName("virtualthreads → posix")
class InteropVirtualThreadsToPosixTest extends InteropKit {

    @Override
    protected SocketProvider clientProvider() {
        return Sockets.provider("virtualthreads");
    }

    @Override
    protected SocketProvider serverProvider() {
        return Sockets.provider("posix");
    }
}
