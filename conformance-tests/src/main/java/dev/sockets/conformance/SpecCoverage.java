package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The kit's check of itself: every rule of SPEC.md ({@code ### §n.m Title (STRENGTH)}) has at least
 * one test method in the kit whose name carries it, {@code required_s3_2_…} for a MUST rule and
 * {@code optional_s3_4_…} for a SHOULD or MAY rule; and every test name that cites a rule cites one
 * that exists, with its strength.
 *
 * <p>The kit is the class {@link #kit()} and every {@link Nested} class reachable from it (declared
 * in it or inherited), with the test methods of each and of its superclasses: exactly what JUnit
 * runs against a provider. A test counts if JUnit would run it ({@code @Test},
 * {@code @ParameterizedTest}, … — anything {@link Testable}); a method merely named like a test does
 * not. A name may carry several rules ({@code required_s7_1_s7_2_closeTwice}).
 *
 * <p>The rules come from the copy of SPEC.md inside the kit's jar, so a subclass that adds a rule to
 * its own copy and a test for it is checked the same way.
 */
public abstract class SpecCoverage {

    /** "required_" or "optional_", then one or more "s<n>_<m>_", each followed by the rest of the name. */
    private static final Pattern RULE_TAG = Pattern.compile("(?<=_)s(\\d+)_(\\d+)(?=_)");

    /** For a subclass that names the kit. */
    protected SpecCoverage() {
    }

    /**
     * Returns the class whose nested classes make up the kit; the subclass of {@link ConformanceKit} that runs.
     *
     * @return the kit's class
     */
    protected abstract Class<?> kit();

    @Test
    void everyRuleOfSpecHasATest() {
        List<SpecRule> rules = SpecRule.bundled();
        List<Method> tests = testMethods(kit());
        List<String> uncovered = new ArrayList<>();
        for (SpecRule rule : rules) {
            boolean covered = tests.stream().map(Method::getName)
                    .anyMatch(name -> name.startsWith(rule.strength().testPrefix()) && name.contains(rule.nameTag()));
            if (!covered) {
                uncovered.add(rule + ": no test method named " + rule.strength().testPrefix() + "…"
                        + rule.nameTag() + "…" + sameRuleOtherStrength(rule, tests));
            }
        }
        if (!uncovered.isEmpty()) {
            fail(uncovered.size() + " of " + rules.size() + " rules of SPEC.md have no test in "
                    + kit().getName() + ":\n  " + String.join("\n  ", uncovered));
        }
    }

    @Test
    void everyRuleTestNamesARuleOfSpecWithItsStrength() {
        Map<String, SpecRule> rules = SpecRule.bundled().stream()
                .collect(Collectors.toMap(SpecRule::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Set<String> wrong = new TreeSet<>();
        for (Method test : testMethods(kit())) {
            String name = test.getName();
            Matcher tag = RULE_TAG.matcher(name);
            boolean tagged = false;
            while (tag.find()) {
                tagged = true;
                String id = "§" + tag.group(1) + "." + tag.group(2);
                SpecRule rule = rules.get(id);
                String where = test.getDeclaringClass().getSimpleName() + "." + name;
                if (rule == null) {
                    wrong.add(where + ": cites " + id + ", which SPEC.md does not have");
                } else if (!name.startsWith(rule.strength().testPrefix())) {
                    wrong.add(where + ": " + rule + " wants the prefix " + rule.strength().testPrefix());
                }
            }
            if (!tagged && (name.startsWith("required_") || name.startsWith("optional_"))) {
                wrong.add(test.getDeclaringClass().getSimpleName() + "." + name + ": has no _s<n>_<m>_ after its prefix");
            }
        }
        if (!wrong.isEmpty()) {
            fail("test names that do not match SPEC.md:\n  " + String.join("\n  ", wrong));
        }
    }

    @Test
    void rulesAreNumberedOnce() {
        List<String> ids = SpecRule.bundled().stream().map(SpecRule::id).toList();
        assertEquals(new HashSet<>(ids).size(), ids.size(), () -> "SPEC.md numbers a rule twice: " + ids);
    }

    private static String sameRuleOtherStrength(SpecRule rule, List<Method> tests) {
        List<String> misnamed = tests.stream().map(Method::getName)
                .filter(name -> name.contains(rule.nameTag()) && !name.startsWith(rule.strength().testPrefix()))
                .toList();
        return misnamed.isEmpty() ? "" : " (misnamed for a " + rule.strength() + " rule: " + misnamed + ")";
    }

    /** The test methods JUnit runs for {@code kit}: its own, and those of every nested class reachable from it. */
    static List<Method> testMethods(Class<?> kit) {
        List<Method> tests = new ArrayList<>();
        collect(kit, tests, new HashSet<>());
        return tests;
    }

    private static void collect(Class<?> testClass, List<Method> tests, Set<Class<?>> seen) {
        if (!seen.add(testClass)) {
            return;
        }
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic() && !Modifier.isStatic(m.getModifiers()) && AnnotationSupport.isAnnotated(m, Testable.class)) {
                    tests.add(m);
                }
            }
            for (Class<?> nested : c.getDeclaredClasses()) {
                if (!Modifier.isStatic(nested.getModifiers()) && nested.isAnnotationPresent(Nested.class)) {
                    collect(nested, tests, seen);
                }
            }
        }
    }
}
