/**
 * The conformance kit: abstract JUnit Jupiter classes, one per area of the project's {@code SPEC.md},
 * whose tests are named after the rule they check ({@code required_s5_3_…}).
 *
 * <p>A provider's whole test is one subclass of {@link dev.sockets.conformance.ConformanceKit} that
 * returns the provider; {@link dev.sockets.conformance.InteropKit} runs the areas with two ends with
 * the client of one provider and the server of another, and
 * {@link dev.sockets.conformance.JavaNetPeerVerification} against a plain {@code java.net} peer.
 * {@link dev.sockets.conformance.SpecCoverage} fails when a rule of {@code SPEC.md} has no test. Each
 * area ({@link dev.sockets.conformance.ProvidersVerification}, …) can also be run alone, as a subclass
 * of its own. After every test the kit checks that no descriptor, thread or socket file was left
 * behind.
 */
package dev.sockets.conformance;
