/**
 * The fault suite: each installed provider's server in a child JVM with {@code ulimit -n}, probed from
 * outside for what a server meets in the wild — descriptor exhaustion, churn, slow and hostile clients,
 * connection bursts, close under load, killed peers, random bytes, packet loss — and a table of the
 * figures against stated criteria ({@link dev.sockets.faults.FaultSuite}). Not published; run with
 * {@code ./mvnw -q -pl faults -am -DskipTests -Pfaults verify}.
 */
package dev.sockets.faults;
