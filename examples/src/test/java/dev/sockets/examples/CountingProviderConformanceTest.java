package dev.sockets.examples;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import dev.sockets.conformance.ConformanceKit;

/**
 * The whole conformance kit against a provider of our own — a wrapper of the blocking provider —
 * with the one subclass the README shows.
 */
class CountingProviderConformanceTest extends ConformanceKit {

    @Override
    protected SocketProvider provider() {
        return new CountingSocketProvider(Sockets.provider("blocking"));
    }
}
