package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * The kit's check of itself: every rule of SPEC.md and of the kit's own rule files
 * ({@code ### §n.m Title (STRENGTH)}) has at least one test method in the kit whose name carries it,
 * {@code required_s3_2_…} for a MUST rule, {@code optional_s3_4_…} for a SHOULD or MAY rule and
 * {@code untested_s1_9_…} for a rule marked {@code (STRENGTH, untested)}; every test name that cites a
 * rule cites one that exists, with its tier; and every optional rule a provider opts out of
 * ({@link ConformanceKit#optOuts()}) is an optional rule, with a reason.
 *
 * <p>The kit is the class {@link #kit()} and every {@link Nested} class reachable from it (declared
 * in it or inherited), with the test methods of each and of its superclasses: exactly what JUnit
 * runs against a provider. A test counts if JUnit would run it ({@code @Test},
 * {@code @ParameterizedTest}, … — anything {@link Testable}); a method merely named like a test does
 * not. A name may carry several rules ({@code required_s7_1_s7_2_closeTwice}).
 *
 * <p>The rules come from the copy of SPEC.md inside the kit's jar and from the files of
 * {@link #ownRules()}, whose sections are numbered from §100, so that a downstream project's rules
 * and tests are checked the same way as the kit's.
 */
public abstract class SpecCoverage {

    /** "required_", "optional_" or "untested_", then one or more "s<n>_<m>_", each followed by the rest of the name. */
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

    /**
     * Returns the rule files of one's own that the kit's tests cover besides SPEC.md; none unless overridden
     * (see {@link ConformanceKit#ownRules()}).
     *
     * @return the rule files, each in the heading form of SPEC.md
     */
    protected List<URL> ownRules() {
        return List.of();
    }

    /**
     * Returns the optional rules the provider opts out of, with why; none unless overridden (see
     * {@link ConformanceKit#optOuts()}).
     *
     * @return the rule ("§3.4") and the reason of each opt-out
     */
    protected Map<String, String> optOuts() {
        return Map.of();
    }

    private List<SpecRule> rules() {
        List<SpecRule> rules = new ArrayList<>(SpecRule.bundled());
        for (URL file : ownRules()) {
            rules.addAll(SpecRule.ownFile(file));
        }
        return rules;
    }

    @Test
    void everyRuleOfSpecHasATest() {
        List<SpecRule> rules = rules();
        List<Method> tests = testMethods(kit());
        List<String> uncovered = new ArrayList<>();
        for (SpecRule rule : rules) {
            boolean covered = tests.stream().map(Method::getName)
                    .anyMatch(name -> name.startsWith(rule.testPrefix()) && name.contains(rule.nameTag()));
            if (!covered) {
                uncovered.add(rule + " of " + rule.source() + ": no test method named " + rule.testPrefix() + "…"
                        + rule.nameTag() + "…" + sameRuleOtherTier(rule, tests));
            }
        }
        if (!uncovered.isEmpty()) {
            fail(uncovered.size() + " of " + rules.size() + " rules of " + sources(rules) + " have no test in "
                    + kit().getName() + ":\n  " + String.join("\n  ", uncovered));
        }
    }

    @Test
    void everyRuleTestNamesARuleOfSpecWithItsStrength() {
        List<SpecRule> all = rules();
        Map<String, SpecRule> rules = all.stream()
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
                    wrong.add(where + ": cites " + id + ", which is not a rule of " + sources(all)
                            + (Integer.parseInt(tag.group(1)) >= SpecRule.FIRST_OWN_SECTION
                                    ? " (a rule of your own: name its file in ownRules() of your kit)" : ""));
                } else if (!name.startsWith(rule.testPrefix())) {
                    wrong.add(where + ": " + rule + " wants the prefix " + rule.testPrefix());
                }
            }
            if (!tagged && (name.startsWith("required_") || name.startsWith("optional_") || name.startsWith(SpecRule.UNTESTED_PREFIX))) {
                wrong.add(test.getDeclaringClass().getSimpleName() + "." + name + ": has no _s<n>_<m>_ after its prefix");
            }
        }
        if (!wrong.isEmpty()) {
            fail("test names that do not match " + sources(all) + ":\n  " + String.join("\n  ", wrong));
        }
    }

    @Test
    void rulesAreNumberedOnce() {
        List<SpecRule> rules = rules();
        Map<String, List<String>> where = new TreeMap<>();
        rules.forEach(r -> where.computeIfAbsent(r.id(), id -> new ArrayList<>()).add(r.source()));
        where.values().removeIf(sources -> sources.size() == 1);
        assertEquals(Map.of(), where, "rules numbered twice, with the files that number them");
    }

    @Test
    void everyOptOutNamesAnOptionalRuleAndSaysWhy() {
        Map<String, SpecRule> rules = rules().stream()
                .collect(Collectors.toMap(SpecRule::id, Function.identity(), (a, b) -> a));
        List<String> wrong = new ArrayList<>();
        optOuts().forEach((id, reason) -> {
            SpecRule rule = rules.get(id);
            if (rule == null) {
                wrong.add(id + ": no such rule (write it as \"§3.4\")");
            } else if (!rule.optional()) {
                wrong.add(rule + ": a MUST rule; only SHOULD and MAY rules can be opted out of");
            }
            if (reason == null || reason.isBlank()) {
                wrong.add(id + ": say why the provider does not follow it");
            }
        });
        assertEquals(List.of(), wrong, "optOuts() of " + kit().getName());
    }

    private static String sources(List<SpecRule> rules) {
        return rules.stream().map(SpecRule::source).distinct().collect(Collectors.joining(" and "));
    }

    private static String sameRuleOtherTier(SpecRule rule, List<Method> tests) {
        List<String> misnamed = tests.stream().map(Method::getName)
                .filter(name -> name.contains(rule.nameTag()) && !name.startsWith(rule.testPrefix()))
                .toList();
        return misnamed.isEmpty() ? "" : " (misnamed for a " + rule.strength() + (rule.untested() ? ", untested" : "")
                + " rule: " + misnamed + ")";
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
