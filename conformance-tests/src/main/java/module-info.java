/**
 * The conformance kit: abstract JUnit Jupiter test classes, one per area of SPEC.md, that any
 * {@link dev.sockets.SocketProvider} can be run against with one subclass.
 */
module dev.sockets.conformance {
    requires transitive dev.sockets;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires quicktheories;
    requires awaitility;
    requires java.management;
    requires jdk.net; // ExtendedSocketOptions.SO_PEERCRED (§15.4)

    exports dev.sockets.conformance;
    opens dev.sockets.conformance to org.junit.platform.commons;
}
