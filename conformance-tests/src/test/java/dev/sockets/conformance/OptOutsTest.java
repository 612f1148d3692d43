package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.MethodFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/** A provider opts out of an optional rule by overriding optOuts(): its tests are skipped with the reason; a MUST rule cannot be. */
class OptOutsTest {

    static final String REASON = "options are set after connect(2) here";

    /** Blocking, opting out of §3.4 (SHOULD). */
    static final class OptsOutKit extends ConformanceKit {
        @Override
        protected SocketProvider provider() {
            return Sockets.provider("blocking");
        }

        @Override
        protected Map<String, String> optOuts() {
            return Map.of("§3.4", REASON);
        }
    }

    @Test
    void theTestsOfAnOptionalRuleOptedOutOfAreSkippedWithTheReason() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectNestedClass(List.of(OptsOutKit.class), ConformanceKit.Connect.class))
                .filters(MethodFilter.includeMethodNamePatterns(".*_s3_4_.*", ".*_s3_1_.*"))
                .execute();
        Set<String> reasons = results.testEvents().skipped().stream()
                .map(event -> event.getPayload(String.class).orElse("")).collect(Collectors.toSet());
        assertEquals(Set.of("opted out of §3.4: " + REASON), reasons, "the skip reasons");
        assertTrue(results.testEvents().skipped().stream()
                        .allMatch(event -> event.getTestDescriptor().getLegacyReportingName().startsWith("optional_s3_4_")),
                "only §3.4's tests are skipped");
        assertTrue(results.testEvents().succeeded().count() > 0, "§3.1's tests still run");
        assertEquals(0, results.testEvents().failed().count(), () -> "failed: " + results.testEvents().failed().list());
    }

    @Test
    void aMustRuleOrAnUnknownOneCannotBeOptedOutOf() {
        SpecCoverage coverage = new SpecCoverage() {
            @Override
            protected Class<?> kit() {
                return OptsOutKit.class;
            }

            @Override
            protected Map<String, String> optOuts() {
                return Map.of("§3.1", "we would rather not", "§3.99", "no such rule", "§3.4", " ");
            }
        };
        AssertionFailedError e = assertThrows(AssertionFailedError.class, coverage::everyOptOutNamesAnOptionalRuleAndSaysWhy);
        assertTrue(e.getMessage().contains("§3.1") && e.getMessage().contains("a MUST rule"), e.getMessage());
        assertTrue(e.getMessage().contains("§3.99: no such rule"), e.getMessage());
        assertTrue(e.getMessage().contains("§3.4: say why"), e.getMessage());
    }
}
