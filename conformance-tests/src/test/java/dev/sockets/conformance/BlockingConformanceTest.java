package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;

/** The whole conformance kit against the provider "blocking", found by name as a user would (§1.1). */
class BlockingConformanceTest extends ConformanceKit {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("blocking");
    }
}
