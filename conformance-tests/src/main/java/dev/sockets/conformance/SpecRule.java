package dev.sockets.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of SPEC.md, read from its heading {@code ### §n.m Title (STRENGTH)}.
 *
 * <p>The kit carries a copy of SPEC.md as the resource {@code dev/sockets/conformance/SPEC.md}, so
 * that the rules it checks are the rules of the version it was built from.
 *
 * @param section n of §n.m
 * @param number m of §n.m
 * @param title the heading's title
 * @param strength MUST, SHOULD or MAY
 */
record SpecRule(int section, int number, String title, Strength strength) {

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

    /** The resource of the kit's copy of SPEC.md, next to this class. */
    static final String RESOURCE = "SPEC.md";

    private static final Pattern HEADING = Pattern.compile("^### §(\\d+)\\.(\\d+) (.+) \\((MUST|SHOULD|MAY)\\)\\s*$");

    /** Returns "§3.2". */
    String id() {
        return "§" + section + "." + number;
    }

    /** Returns what the name of a test of this rule contains: "_s3_2_". */
    String nameTag() {
        return "_s" + section + "_" + number + "_";
    }

    @Override
    public String toString() {
        return id() + " " + title + " (" + strength + ")";
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
                        + RESOURCE + " is missing (conformance-tests/pom.xml copies it from the project root)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the rule headings of {@code markdown}; see {@link #bundled()}. */
    static List<SpecRule> parse(String markdown) {
        List<SpecRule> rules = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        for (String line : markdown.split("\\R")) {
            if (!line.startsWith("### §")) {
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                rules.add(new SpecRule(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3),
                        Strength.valueOf(m.group(4))));
            } else {
                malformed.add(line);
            }
        }
        if (!malformed.isEmpty()) {
            throw new IllegalStateException("SPEC.md: rule heading(s) not of the form '### §n.m Title (MUST|SHOULD|MAY)': "
                    + malformed);
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException("SPEC.md: no rule heading '### §n.m Title (MUST|SHOULD|MAY)' found");
        }
        return List.copyOf(rules);
    }
}
