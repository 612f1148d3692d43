package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.extension.ConditionEvaluationResult.disabled;
import static org.junit.jupiter.api.extension.ConditionEvaluationResult.enabled;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.sockets.SocketProvider;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link JavaNetPeerVerification} fails a faulty provider: a provider that agrees with itself about
 * the bytes or the end of stream, but not with the JDK, is caught by the java.net reference.
 *
 * <p>The faulty runs are static nested classes that only run inside this test: {@link OnlyInAFaultRun}
 * disables them unless {@link EngineTestKit} passes {@value #FAULT_RUN}, so that a surefire pattern
 * that happens to match them ({@code -Dtest='JavaNet*'}) reports them skipped, not failed. The
 * conformance matrix does not count them either.
 */
@Timeout(180)
class JavaNetPeerCatchesFaultsTest {

    /** The configuration parameter that enables the faulty runs. */
    static final String FAULT_RUN = "dev.sockets.conformance.faultRun";

    @ExtendWith(OnlyInAFaultRun.class)
    static final class DropsLastByteWithJavaNet extends JavaNetPeerVerification {
        @Override
        protected SocketProvider provider() {
            return new DropsLastByteOfLargeWrites();
        }
    }

    @ExtendWith(OnlyInAFaultRun.class)
    static final class ZeroAtEndOfStreamWithJavaNet extends JavaNetPeerVerification {
        @Override
        protected SocketProvider provider() {
            return new ZeroAtEndOfStream();
        }
    }

    @Test
    void aProviderThatDropsTheLastByteOfLargeWritesFailsTheIntegrityProperties() {
        // Two properties in which the provider writes, in two domains: forty examples, of which many
        // write 64 KiB or more at once (about one in three).
        List<String> failed = failedTests(DropsLastByteWithJavaNet.class,
                "required_s8_1_providerClientAndJavaNetServerExchangeExactBytes",
                "required_s8_1_javaNetClientAndProviderListenerExchangeExactBytes");
        assertTrue(!failed.isEmpty(), "no §8.1 property failed against a provider that drops the last byte of large writes");
    }

    @Test
    void aProviderThatReturnsZeroAtEndOfStreamFailsTheHalfCloseTests() {
        List<String> failed = failedTests(ZeroAtEndOfStreamWithJavaNet.class,
                "required_s6_1_providerShutdownOutputIsEndOfStreamForJavaNetServer",
                "required_s6_1_javaNetShutdownOutputIsEndOfStreamForProviderListener",
                "required_s6_4_javaNetClientAndProviderListenerShutDownBothWays");
        assertEquals(6, failed.size(), () -> "each of three half-close tests fails in both domains; failed: " + failed);
    }

    /** Runs {@code methods} of {@code kit} and returns its failed tests, after checking that every container ran. */
    private static List<String> failedTests(Class<?> kit, String... methods) {
        DiscoverySelector[] selectors = Arrays.stream(methods)
                .map(m -> selectMethod(kit, m, "dev.sockets.Domain"))
                .toArray(DiscoverySelector[]::new);
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(FAULT_RUN, "true")
                .selectors(selectors)
                .execute();
        assertEquals(List.of(), results.containerEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getUniqueId().toString()).toList(), "the kit's containers ran");
        assertEquals(0, results.testEvents().skipped().count() + results.testEvents().aborted().count(), "every test ran");
        return results.testEvents().failed().stream().map(e -> e.getTestDescriptor().getUniqueId().toString()).toList();
    }

    /** Enables a faulty run only when this test runs it. */
    static final class OnlyInAFaultRun implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FAULT_RUN).isPresent()
                    ? enabled("run by JavaNetPeerCatchesFaultsTest")
                    : disabled("a faulty provider's run: JavaNetPeerCatchesFaultsTest runs it, and expects it to fail");
        }
    }
}
