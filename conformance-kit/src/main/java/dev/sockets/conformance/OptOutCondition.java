package dev.sockets.conformance;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstances;

/**
 * Skips the tests of the optional rules a provider opts out of, with its reason: the kit that runs
 * ({@link ConformanceKit#optOuts()}, {@link InteropKit#optOuts()}) or, for an area run on its own, the
 * area ({@link ProviderVerification#optOuts()}) says which, and why. Only {@code optional_…} tests are
 * skipped so; which rules may be opted out of is checked by {@link SpecCoverage}.
 */
final class OptOutCondition implements ExecutionCondition {

    private static final Pattern RULE_TAG = Pattern.compile("(?<=_)s(\\d+)_(\\d+)(?=_)");

    /** How the reason of an opted-out test begins, in surefire's report and the conformance matrix. */
    static final String PREFIX = "opted out of ";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Method> test = context.getTestMethod();
        if (test.isEmpty() || !test.get().getName().startsWith("optional_")) {
            return ConditionEvaluationResult.enabled("not an optional rule's test");
        }
        Map<String, String> optOuts = optOuts(context);
        Matcher tag = RULE_TAG.matcher(test.get().getName());
        while (tag.find()) {
            String rule = "§" + tag.group(1) + "." + tag.group(2);
            String reason = optOuts.get(rule);
            if (reason != null) {
                return ConditionEvaluationResult.disabled(PREFIX + rule + ": " + reason);
            }
        }
        return ConditionEvaluationResult.enabled("the provider follows the rule");
    }

    /** The opt-outs of the outermost kit or area among the test's instances. */
    private static Map<String, String> optOuts(ExtensionContext context) {
        for (Object instance : context.getTestInstances().map(TestInstances::getAllInstances).orElse(List.of())) {
            if (instance instanceof ConformanceKit kit) {
                return kit.optOuts();
            } else if (instance instanceof InteropKit kit) {
                return kit.optOuts();
            } else if (instance instanceof ProviderVerification area) {
                return area.optOuts();
            }
        }
        return Map.of();
    }
}
