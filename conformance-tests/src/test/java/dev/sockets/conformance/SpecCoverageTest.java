package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
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
        assertThrows(IllegalStateException.class, () -> SpecRule.parse("### §1.1 Providers are found by name MUST\n", "x.md"));
        assertThrows(IllegalStateException.class, () -> SpecRule.parse("### §1.1 Providers are found by name (MUST, later)\n", "x.md"));
        assertThrows(IllegalStateException.class, () -> SpecRule.parse("# no rules here\n", "x.md"));
    }

    @Test
    void readsTheUntestedTier() {
        SpecRule rule = SpecRule.parse("### §1.9 A decorator lets go of what is closed (MUST, untested)\n", "x.md").get(0);
        assertTrue(rule.untested());
        assertEquals("untested_", rule.testPrefix());
        assertTrue(SpecRule.bundled().stream().anyMatch(SpecRule::untested), "SPEC.md has an untested rule");
    }

    /** A kit of one's own rules: one test per rule of OWN-RULES.md, one of them untested, and none of SPEC.md's. */
    static class OwnKit {
        @Nested
        class Echo {
            @Test
            void required_s100_1_everyByte() {
            }

            @Test
            void untested_s100_2_pleasantToWatch() {
            }
        }
    }

    private static SpecCoverage coverageOf(Class<?> kit, String ownRules) {
        return new SpecCoverage() {
            @Override
            protected Class<?> kit() {
                return kit;
            }

            @Override
            protected List<URL> ownRules() {
                return List.of(SpecCoverageTest.class.getResource(ownRules));
            }
        };
    }

    @Test
    void rulesOfOnesOwnAreCoveredAsThoseOfSpec() {
        SpecCoverage coverage = coverageOf(OwnKit.class, "OWN-RULES.md");
        coverage.everyRuleTestNamesARuleOfSpecWithItsStrength();
        coverage.rulesAreNumberedOnce();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, coverage::everyRuleOfSpecHasATest);
        assertTrue(e.getMessage().contains("rules of SPEC.md and OWN-RULES.md"), e.getMessage());
        assertFalse(e.getMessage().contains("§100."), () -> "the own rules have their tests: " + e.getMessage());
        assertTrue(e.getMessage().contains("§1.1 "), () -> "SPEC.md's rules are still wanted: " + e.getMessage());

        AssertionFailedError unknown = assertThrows(AssertionFailedError.class,
                () -> new TinyCoverage().everyRuleTestNamesARuleOfSpecWithItsStrength());
        assertFalse(unknown.getMessage().contains("s100_1"), unknown.getMessage());
    }

    @Test
    void aTestOfAnOwnRuleWithoutItsFileSaysWhereToNameIt() {
        SpecCoverage coverage = new SpecCoverage() {
            @Override
            protected Class<?> kit() {
                return OwnKit.class;
            }
        };
        AssertionFailedError e = assertThrows(AssertionFailedError.class, coverage::everyRuleTestNamesARuleOfSpecWithItsStrength);
        assertTrue(e.getMessage().contains("cites §100.1, which is not a rule of SPEC.md (a rule of your own: name its file in ownRules()"),
                e.getMessage());
    }

    @Test
    void anOwnRuleFileMustNotTakeTheNumbersOfSpec() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> coverageOf(OwnKit.class, "LOW-RULES.md").rulesAreNumberedOnce());
        assertTrue(e.getMessage().contains("LOW-RULES.md: [§14.1] numbered below §100"), e.getMessage());
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
