/**
 * The conformance kit of the Sockets API: abstract JUnit Jupiter test classes, one per area of SPEC.md,
 * that any {@link dev.sockets.SocketProvider} is run against with one subclass, the public helpers to
 * write rules and properties of one's own, and the listener that writes the conformance matrix.
 *
 * <p>QuickTheories and Awaitility have no module names: the kit reads them as the automatic modules
 * {@code quicktheories} and {@code awaitility}, the names the JDK derives from their jar files. QuickTheories'
 * types are part of the kit's API (the generators are {@code Gen}s), so a module that reads the kit reads it
 * too.
 */
module dev.sockets.conformance {
    requires transitive dev.sockets;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive quicktheories;
    requires awaitility;
    requires java.management;
    requires jdk.management; // com.sun.management.HotSpotDiagnosticMXBean: the thread dump that lists virtual threads (§13.2)
    requires jdk.net; // jdk.net.ExtendedSocketOptions.SO_PEERCRED, the peer's credentials of §15.4
    requires org.junit.platform.launcher;

    exports dev.sockets.conformance;
    exports dev.sockets.conformance.report;
    // JUnit calls the kit's test, lifecycle and condition methods by reflection, also those of an area a
    // downstream module subclasses.
    opens dev.sockets.conformance to org.junit.platform.commons;

    provides org.junit.platform.launcher.TestExecutionListener
            with dev.sockets.conformance.report.ConformanceSummaryListener;
}
