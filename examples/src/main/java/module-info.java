/**
 * Small programs written once against the Sockets API, that run unchanged on every provider: an echo
 * server and client, a chat server, and a provider that wraps another to count its bytes. Their command
 * lines are picocli's, which reads and sets their options by reflection.
 */
module dev.sockets.examples {
    requires transitive dev.sockets;
    requires info.picocli;

    exports dev.sockets.examples;
    opens dev.sockets.examples to info.picocli;
}
