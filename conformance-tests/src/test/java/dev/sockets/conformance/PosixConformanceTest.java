package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;

/** The whole conformance kit against the provider "posix", found by name as a user would (§1.1). */
class PosixConformanceTest extends ConformanceKit {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("posix");
    }
}
