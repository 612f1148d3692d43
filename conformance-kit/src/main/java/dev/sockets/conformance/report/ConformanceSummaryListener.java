package dev.sockets.conformance.report;

import dev.sockets.conformance.report.ConformanceMatrix.Area;
import dev.sockets.conformance.report.ConformanceMatrix.Kind;
import dev.sockets.conformance.report.ConformanceMatrix.Row;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the outcome of every test of the kit's runs and, when the run ends, writes the conformance
 * matrix to {@code summary.json} and {@code summary.md} in the folder named by the system property
 * {@value #DIRECTORY_PROPERTY} ({@value #DEFAULT_DIRECTORY} under the working directory when it is not set,
 * which is the module's folder in a Maven or Gradle build; nothing is written when it is set blank), and
 * prints the Markdown table.
 *
 * <p>It ships in the kit's jar and registers itself with the JUnit Platform
 * ({@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}, and {@code provides} in the
 * kit's module): a project that depends on the kit gets the matrix of its runs with nothing to configure.
 * A run with no test of the kit in it (a project's other tests) leaves no trace: nothing printed, nothing
 * written.
 *
 * <p>Rows: each top-level test class that extends {@code ConformanceKit} (one provider),
 * {@code InteropKit} (a client and a server provider) or {@code JavaNetPeerVerification} (a provider
 * against java.net); its {@link DisplayName} names the row, else its simple name without the
 * {@code ConformanceTest}/{@code Test} suffix, lower-cased ({@code NioConformanceTest} → {@code nio}).
 * Columns: the section of SPEC.md, or of a rule file of one's own, in the test's name
 * ({@code required_s5_3_…} → §5), named after the kit's area ({@code Connect}) or, for a section of one's
 * own, after the class of the test ({@code §100 Echo}). Skipped tests are listed with their reasons: a
 * capability not declared, an optional rule opted out of (with the provider's reason), and the untested
 * rules, apart.
 *
 * <p>Only the real runs count. Any other test class (ArchUnit rules, the test that runs the kit
 * against faulty providers) is not a row, nor is a kit that is a member class (the faulty kits are
 * static nested classes), and what a test runs inside the same JVM is not counted: a launcher
 * started while another is running (a nested launcher) is ignored, and the platform's
 * {@code EngineTestKit} reports to no registered listener at all.
 */
public final class ConformanceSummaryListener implements TestExecutionListener {

    /** The system property that names the folder to write the summary to; blank to write nothing. */
    public static final String DIRECTORY_PROPERTY = "sockets.conformance.dir";

    /**
     * The system property that names this JVM's fork when the build runs the test classes in several
     * JVMs at once (surefire's {@code forkCount}); then the summary is that of every fork's part so
     * far (see {@link ForkParts}), and the last fork to end writes the whole run's.
     */
    public static final String FORK_PROPERTY = "sockets.conformance.fork";

    /** The folder the summary goes to when {@value #DIRECTORY_PROPERTY} is not set, under the working directory. */
    public static final String DEFAULT_DIRECTORY = "target/conformance";

    private static final String KIT = "dev.sockets.conformance.";

    private static final Map<String, Kind> KINDS = Map.of(
            KIT + "ConformanceKit", Kind.PROVIDER,
            KIT + "InteropKit", Kind.PAIR,
            KIT + "JavaNetPeerVerification", Kind.JAVA_NET);

    /** The areas of the kit by section of SPEC.md, named as the kit's classes are. */
    private static final Map<Integer, String> AREAS = Map.ofEntries(
            Map.entry(1, "Providers"),
            Map.entry(2, "Arguments"),
            Map.entry(3, "Connect"),
            Map.entry(4, "ListenAccept"),
            Map.entry(5, "ReadWrite"),
            Map.entry(6, "HalfClose"),
            Map.entry(7, "Close"),
            Map.entry(8, "Integrity"),
            Map.entry(9, "Timeouts"),
            Map.entry(10, "Options"),
            Map.entry(11, "Datagrams"),
            Map.entry(12, "Server"),
            Map.entry(13, "Resources"),
            Map.entry(14, "Raw"),
            Map.entry(15, "Seqpacket"),
            Map.entry(16, "Events"));

    private static final Pattern RULE = Pattern.compile("(?:^|_)s(\\d+)_\\d+_");

    /** Test plans running in this JVM now: a plan started while another runs is a nested launcher's. */
    private static final AtomicInteger RUNNING_PLANS = new AtomicInteger();

    /** Every outermost plan of this JVM adds to one matrix, so the summary covers the whole run. */
    private static final ConformanceMatrix MATRIX = new ConformanceMatrix();

    private final ConformanceMatrix matrix;
    private final AtomicInteger runningPlans;
    private final String directory;
    private final String fork;
    private final PrintStream out;
    private volatile TestPlan plan;
    private volatile boolean outermost;
    private final Map<String, Optional<Row>> rows = new ConcurrentHashMap<>();

    /** Called by the JUnit Platform's {@link java.util.ServiceLoader}. */
    public ConformanceSummaryListener() {
        this(MATRIX, RUNNING_PLANS, System.getProperty(DIRECTORY_PROPERTY, DEFAULT_DIRECTORY).strip(),
                System.getProperty(FORK_PROPERTY, "").strip(), System.out);
    }

    /** A listener that counts into {@code matrix}, writes to {@code directory} unless it is empty, and prints to {@code out}. */
    ConformanceSummaryListener(ConformanceMatrix matrix, AtomicInteger runningPlans, String directory, PrintStream out) {
        this(matrix, runningPlans, directory, "", out);
    }

    /** As above, as the part {@code fork} of a run in several JVMs unless {@code fork} is empty. */
    ConformanceSummaryListener(ConformanceMatrix matrix, AtomicInteger runningPlans, String directory, String fork,
            PrintStream out) {
        this.matrix = matrix;
        this.runningPlans = runningPlans;
        this.directory = directory;
        this.fork = fork;
        this.out = out;
    }

    /** Returns the matrix of this JVM's runs so far. */
    static ConformanceMatrix matrix() {
        return MATRIX;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        outermost = runningPlans.getAndIncrement() == 0;
        plan = outermost ? testPlan : null;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        runningPlans.decrementAndGet();
        if (!outermost || testPlan != plan) {
            return;
        }
        plan = null;
        if (matrix.isEmpty()) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // With forks, the summary is of every fork's part so far; this JVM's part alone otherwise.
        String markdown = fork.isEmpty() || directory.isEmpty()
                ? matrix.toMarkdown(now)
                : ForkParts.writeSummaryOfAllParts(Path.of(directory), fork, matrix, now);
        // Surefire shows a listener's output on the console, also with -q and when tests failed.
        out.println();
        out.println(markdown);
        if (!directory.isEmpty()) {
            Path dir = Path.of(directory);
            if (fork.isEmpty()) {
                write(dir, matrix.toJson(now), markdown);
            }
            out.println("(written to " + dir.toAbsolutePath().normalize() + "/summary.md and summary.json)");
        }
        out.flush();
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        TestPlan p = plan;
        if (p == null) {
            return;
        }
        row(p, id).ifPresent(row -> {
            int tests = id.isTest() ? 1 : (int) p.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
            matrix.skipped(row, area(id), reason == null ? "skipped" : reason, Math.max(1, tests));
        });
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        TestPlan p = plan;
        if (p == null) {
            return;
        }
        boolean counted = id.isTest() || result.getStatus() == TestExecutionResult.Status.FAILED;
        if (!counted) {
            return;
        }
        row(p, id).ifPresent(row -> {
            Area area = area(id);
            switch (result.getStatus()) {
                case SUCCESSFUL -> matrix.passed(row, area);
                case ABORTED -> matrix.skipped(row, area, result.getThrowable().map(Throwable::getMessage)
                        .map(m -> m.replaceFirst("^Assumption failed: ", "")).filter(m -> !m.isBlank()).orElse("aborted"), 1);
                case FAILED -> matrix.failed(row, area, describe(p, id));
            }
        });
    }

    /** Returns the row of a test: its top-level class's, if that class is one of the kit's runs. */
    private Optional<Row> row(TestPlan p, TestIdentifier id) {
        TestIdentifier top = null;
        for (Optional<TestIdentifier> at = Optional.of(id); at.isPresent(); at = p.getParent(at.get())) {
            if (at.get().getSource().filter(ClassSource.class::isInstance).isPresent()) {
                top = at.get();
            }
        }
        if (top == null) {
            return Optional.empty();
        }
        TestIdentifier topClass = top;
        return rows.computeIfAbsent(topClass.getUniqueId(), key -> rowOf(topClass));
    }

    private static Optional<Row> rowOf(TestIdentifier top) {
        ClassSource source = (ClassSource) top.getSource().orElseThrow();
        Class<?> testClass;
        try {
            testClass = source.getJavaClass();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Kind kind = null;
        for (Class<?> c = testClass.getSuperclass(); c != null && kind == null; c = c.getSuperclass()) {
            kind = KINDS.get(c.getName());
        }
        // A member class is no run of its own: such kits (the faulty providers') are run by a test, on purpose.
        if (kind == null || Modifier.isAbstract(testClass.getModifiers()) || testClass.getEnclosingClass() != null) {
            return Optional.empty();
        }
        DisplayName displayName = testClass.getAnnotation(DisplayName.class);
        String name = displayName != null
                ? displayName.value()
                : testClass.getSimpleName().replaceFirst("(ConformanceTest|Test)$", "").toLowerCase(Locale.ROOT);
        return Optional.of(new Row(name, kind, testClass.getName()));
    }

    /**
     * Returns the area a test checks, from the rule in its method's name: a section of SPEC.md by the
     * kit's name for it, another (one's own, or one this listener does not know yet) by the simple name of
     * the test's class, the kit's area.
     */
    private static Area area(TestIdentifier id) {
        Optional<TestSource> source = id.getSource();
        if (source.isPresent() && source.get() instanceof MethodSource method) {
            Matcher m = RULE.matcher(method.getMethodName());
            if (m.find()) {
                int section = Integer.parseInt(m.group(1));
                String className = method.getClassName();
                return new Area(section, AREAS.getOrDefault(section, className.substring(
                        Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1)));
            }
        }
        return Area.OTHER;
    }

    private static String describe(TestPlan p, TestIdentifier id) {
        StringBuilder name = new StringBuilder(id.getDisplayName());
        Optional<TestIdentifier> parent = p.getParent(id);
        while (parent.isPresent() && parent.get().getSource().isPresent()) {
            TestIdentifier at = parent.get();
            if (at.getSource().get() instanceof ClassSource && p.getParent(at).flatMap(TestIdentifier::getSource).isEmpty()) {
                break; // the top-level class is the row
            }
            name.insert(0, at.getDisplayName() + " › ");
            parent = p.getParent(at);
        }
        return name.toString();
    }

    /** Writes {@code summary.json} and {@code summary.md} to {@code dir}. */
    static void write(Path dir, String json, String markdown) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("summary.json"), json, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("summary.md"), markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance summary to " + dir, e);
        }
    }
}
