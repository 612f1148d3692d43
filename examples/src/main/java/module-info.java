/**
 * Small programs written once against the Sockets API, that run unchanged on every provider: an echo
 * server and client, a chat server, and a provider that wraps another to count its bytes.
 */
module dev.sockets.examples {
    requires dev.sockets;

    exports dev.sockets.examples;
}
