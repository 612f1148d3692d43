package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;

/**
 * One area of the kit, §9 timeouts, against the provider "nio": a suite for a mutation run of one class of the core,
 * {@code -Dmutation.tests=dev.sockets.conformance.NioTimeoutsArea} (README.md, "The kit's strength"; MUTATION.md), that takes
 * minutes instead of the whole kit's hours. Not a surefire test (its name does not end in Test):
 * {@link NioConformanceTest} runs this area already.
 */
class NioTimeoutsArea extends TimeoutsVerification {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("nio");
    }
}
