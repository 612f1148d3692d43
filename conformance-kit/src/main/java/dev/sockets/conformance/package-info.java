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
 *
 * <h2>Extending the kit</h2>
 * Rules of one's own go in a rule file named by {@link dev.sockets.conformance.ConformanceKit#ownRules()}
 * and are tested in an area of one's own, a nested subclass of
 * {@link dev.sockets.conformance.ProviderVerification}, with the kit's public helpers:
 * {@link dev.sockets.conformance.Generators} (payloads, chunkings, buffer sizes, client counts, operation
 * sequences), {@link dev.sockets.conformance.Theories} (the property runner, its seed and replay),
 * {@link dev.sockets.conformance.Streams}, {@link dev.sockets.conformance.ConnectedPair} and
 * {@link dev.sockets.conformance.PairModel}, the leak check ({@link dev.sockets.conformance.ResourceSnapshot},
 * {@link dev.sockets.conformance.Descriptors}, {@link dev.sockets.conformance.LiveThreads}), and
 * {@link dev.sockets.conformance.Untested} for a rule no test can check. A provider opts out of an optional
 * rule with {@link dev.sockets.conformance.ConformanceKit#optOuts()}.
 */
package dev.sockets.conformance;
