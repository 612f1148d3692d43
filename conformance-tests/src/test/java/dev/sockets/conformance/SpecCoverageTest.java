package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The rule-coverage check itself: it reads every rule of SPEC.md and names each one no test covers. */
class SpecCoverageTest {

    /** A kit with one test of a MUST rule, one of a SHOULD rule named as required, and one citing no rule of SPEC.md. */
    static class TinyKit {
        @Nested
        class Area {
            @Test
            void required_s1_1_covered() {
            }

            @Test
            void required_s3_4_aShouldRuleNamedAsRequired() {
            }

            @Test
            void required_s99_1_noSuchRule() {
            }

            void required_s1_2_notATestMethod() {
            }
        }
    }

    private static final class TinyCoverage extends SpecCoverage {
        @Override
        protected Class<?> kit() {
            return TinyKit.class;
        }
    }

    @Test
    void readsEveryRuleHeadingOfTheBundledSpec() {
        List<SpecRule> rules = SpecRule.bundled();
        assertEquals("§1.1", rules.get(0).id());
        assertEquals(SpecRule.Strength.SHOULD, rules.stream().filter(r -> r.id().equals("§3.4")).findFirst().orElseThrow().strength());
        assertTrue(rules.size() >= 50, () -> rules.size() + " rules");
    }

    @Test
    void refusesAHeadingThatLooksLikeARuleButIsMalformed() {
        assertThrows(IllegalStateException.class, () -> SpecRule.parse("### §1.1 Providers are found by name MUST\n"));
        assertThrows(IllegalStateException.class, () -> SpecRule.parse("# no rules here\n"));
    }

    @Test
    void namesEveryRuleWithoutATestAndOnlyThose() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> new TinyCoverage().everyRuleOfSpecHasATest());
        String message = e.getMessage();
        assertTrue(!message.contains("§1.1 "), () -> "§1.1 has a test: " + message);
        assertTrue(message.contains("§1.2 "), () -> "a method without @Test covers nothing: " + message);
        assertTrue(message.contains("§3.4 ") && message.contains("misnamed"), () -> "a SHOULD rule wants optional_: " + message);
        assertTrue(message.contains((SpecRule.bundled().size() - 1) + " of " + SpecRule.bundled().size()), message);
    }

    @Test
    void namesTestsThatCiteNoRuleOrTheWrongStrength() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> new TinyCoverage().everyRuleTestNamesARuleOfSpecWithItsStrength());
        assertTrue(e.getMessage().contains("§99.1"), e.getMessage());
        assertTrue(e.getMessage().contains("required_s3_4_aShouldRuleNamedAsRequired"), e.getMessage());
    }
}
