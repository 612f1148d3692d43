package dev.sockets.conformance;

import org.junit.jupiter.api.Assumptions;

/**
 * The third tier of the kit, after required (MUST) and optional (SHOULD, MAY) rules, as in the Reactive
 * Streams TCK: rules that no test can check automatically. SPEC.md marks them
 * {@code ### §n.m Title (MUST, untested)}; the kit has a test for each all the same, named
 * {@code untested_sN_M_…}, which calls {@link #because} and so is reported as skipped with the reason, in
 * surefire's report and in the conformance matrix's list of untested rules: never silently absent.
 *
 * <p>A rule file of one's own marks and tests its untested rules the same way:
 * {@snippet :
 * @Test
 * void untested_s100_3_theLogIsReadableByAPerson() {
 *     Untested.because("§100.3", "whether a person can read it is not for a test to say");
 * }
 * }
 */
public final class Untested {

    /** How the reason of every untested rule begins, which the conformance matrix looks for. */
    public static final String PREFIX = "untested ";

    private Untested() {
    }

    /**
     * Ends the calling test as skipped: {@code rule} is not checked automatically, for the reason {@code why}.
     *
     * @param rule the rule, as "§1.9"
     * @param why why no test can check it, and how a person can
     * @throws org.opentest4j.TestAbortedException always, with the message "untested §1.9: " and the reason
     */
    public static void because(String rule, String why) {
        Assumptions.abort(PREFIX + rule + ": " + why);
    }
}
