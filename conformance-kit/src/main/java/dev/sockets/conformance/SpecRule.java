package dev.sockets.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of SPEC.md or of a rule file of one's own, read from its heading
 * {@code ### §n.m Title (STRENGTH)} or {@code ### §n.m Title (STRENGTH, untested)}.
 *
 * <p>The kit carries a copy of SPEC.md as the resource {@code dev/sockets/conformance/SPEC.md}, so
 * that the rules it checks are the rules of the version it was built from; a kit subclass adds rule
 * files of its own ({@link ConformanceKit#ownRules()}).
 *
 * @param section n of §n.m
 * @param number m of §n.m
 * @param title the heading's title
 * @param strength MUST, SHOULD or MAY
 * @param untested whether the kit cannot check the rule automatically: its test is {@code untested_…}
 * @param source where the rule is written: "SPEC.md", or the name of a rule file of one's own
 */
record SpecRule(int section, int number, String title, Strength strength, boolean untested, String source) {

    /** The strength of a rule, as in RFC 2119, and the prefix of the names of its tests. */
    enum Strength {
        MUST("required_"), SHOULD("optional_"), MAY("optional_");

        private final String testPrefix;

        Strength(String testPrefix) {
            this.testPrefix = testPrefix;
        }

        /** Returns how the name of a test of a rule of this strength begins: "required_" or "optional_". */
        String testPrefix() {
            return testPrefix;
        }
    }

    /** How the name of a test of an untested rule begins, whatever its strength. */
    static final String UNTESTED_PREFIX = "untested_";

    /** The rule files of one's own number their sections from here, so that no rule of SPEC.md ever takes their numbers. */
    static final int FIRST_OWN_SECTION = 100;

    /** The resource of the kit's copy of SPEC.md, next to this class. */
    static final String RESOURCE = "SPEC.md";

    private static final Pattern HEADING = Pattern.compile("^### §(\\d+)\\.(\\d+) (.+) \\((MUST|SHOULD|MAY)(, untested)?\\)\\s*$");

    /** The heading's form, as messages show it. */
    private static final String FORM = "'### §n.m Title (MUST|SHOULD|MAY)' or '### §n.m Title (MUST|SHOULD|MAY, untested)'";

    /** Returns "§3.2". */
    String id() {
        return "§" + section + "." + number;
    }

    /** Returns what the name of a test of this rule contains: "_s3_2_". */
    String nameTag() {
        return "_s" + section + "_" + number + "_";
    }

    /** Returns how the name of a test of this rule begins: "required_", "optional_" or "untested_". */
    String testPrefix() {
        return untested ? UNTESTED_PREFIX : strength.testPrefix();
    }

    /** Returns whether the rule is optional: SHOULD or MAY. */
    boolean optional() {
        return strength != Strength.MUST;
    }

    @Override
    public String toString() {
        return id() + " " + title + " (" + strength + (untested ? ", untested" : "") + ")";
    }

    /**
     * Reads the rules of the kit's copy of SPEC.md, in the order of the document.
     *
     * @throws IllegalStateException if the copy is missing, has no rule, or has a heading that starts
     *     like a rule ({@code ### §}) but does not have its form
     */
    static List<SpecRule> bundled() {
        try (InputStream in = SpecRule.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the kit has no copy of SPEC.md: resource dev/sockets/conformance/"
                        + RESOURCE + " is missing (conformance-kit/pom.xml copies it from the project root)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the rules of a rule file of one's own, in the order of the document: the same heading form as
     * SPEC.md's, with sections from {@value #FIRST_OWN_SECTION}.
     *
     * @throws IllegalStateException as {@link #bundled()}, or if a rule is numbered below {@value #FIRST_OWN_SECTION}
     */
    static List<SpecRule> ownFile(URL file) {
        String name = file.getPath().substring(file.getPath().lastIndexOf('/') + 1);
        List<SpecRule> rules;
        try (InputStream in = file.openStream()) {
            rules = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule file " + file, e);
        }
        List<String> low = rules.stream().filter(r -> r.section() < FIRST_OWN_SECTION).map(SpecRule::id).toList();
        if (!low.isEmpty()) {
            throw new IllegalStateException(name + ": " + low + " numbered below §" + FIRST_OWN_SECTION
                    + ", which SPEC.md keeps for itself: number the sections of your own rules from §" + FIRST_OWN_SECTION);
        }
        return rules;
    }

    /** Parses the rule headings of {@code markdown}, the text of {@code source}; see {@link #bundled()}. */
    static List<SpecRule> parse(String markdown, String source) {
        List<SpecRule> rules = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        for (String line : markdown.split("\\R")) {
            if (!line.startsWith("### §")) {
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                rules.add(new SpecRule(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3),
                        Strength.valueOf(m.group(4)), m.group(5) != null, source));
            } else {
                malformed.add(line);
            }
        }
        if (!malformed.isEmpty()) {
            throw new IllegalStateException(source + ": rule heading(s) not of the form " + FORM + ": " + malformed);
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException(source + ": no rule heading " + FORM + " found");
        }
        return List.copyOf(rules);
    }
}
