package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;

/**
 * One area of the kit, §10 socket options, against the provider "nio": the test suite of the mutation command's
 * short form (README.md, "The kit's strength"), which .ci/readme-commands runs in seconds instead of the whole kit's
 * minutes. Not a surefire test (its name does not end in Test): {@link NioConformanceTest} runs this area already.
 */
class NioOptionsArea extends OptionsVerification {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("nio");
    }
}
