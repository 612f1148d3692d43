package dev.sockets.conformance;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.sockets.spi.ProviderThreads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The architecture of DESIGN.md, checked on the compiled classes with ArchUnit: which module may
 * depend on which, and what each of the three models must not do. These rules are what makes
 * "blocking", "nio" and "virtual threads" true of the code, not just of its names.
 *
 * <p>Each rule is written once, for a {@link Layout} of packages, and checked twice: on the main
 * classes of the project, where it must hold, and on the fixtures of {@code dev.sockets.archfixtures}
 * (test sources laid out like the project), where it must fail on the class written to break it and
 * hold on the classes that keep it. A rule that cannot fail is caught there.
 *
 * <p>The rules name packages and roles, not classes: the event loops of nio are its classes named
 * {@code …EventLoop…}, the poll of blocking its class named {@code …Poll}, so that renaming
 * a provider's connection or moving code into {@code dev.sockets.spi} does not silently exempt it.
 * Test classes are recognised by their folder {@code …/test-classes/}, whatever the build folder is
 * called.
 */
@Timeout(120)
class ArchitectureRulesTest {

    /** The packages the rules are about: the project's, or the fixtures' laid out the same way. */
    private record Layout(String root) {

        String api() {
            return root;
        }

        String spi() {
            return root + ".spi";
        }

        String kit() {
            return root + ".conformance..";
        }

        String implementation(String name) {
            return root + "." + name + "..";
        }
    }

    private static final Layout PROJECT = new Layout("dev.sockets");
    private static final Layout FIXTURES = new Layout("dev.sockets.archfixtures");
    private static final List<String> IMPLEMENTATIONS = List.of("blocking", "nio", "virtualthreads", "posix");

    /** The JDK: what every module may use; jdk.net is its supported API for ExtendedSocketOptions (SO_PEERCRED). */
    private static final String[] JDK = {"java..", "javax..", "jdk.net.."};

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ArchitectureRulesTest::isMainClass)
            .importPackages(PROJECT.root());

    private static final JavaClasses FIXTURE_CLASSES = new ClassFileImporter().importPackages(FIXTURES.root());

    private static boolean isMainClass(Location location) {
        return !location.contains("/test-classes/") && !location.contains("/generated-test-sources/");
    }

    // Dependencies between the modules (DESIGN.md, "Modules").

    private static ArchRule implementationDependsOnTheApiAndTheJdkOnly(Layout layout, String name) {
        String[] allowed = Stream.concat(Stream.of(layout.implementation(name), layout.api(), layout.spi()), Stream.of(JDK))
                .toArray(String[]::new);
        return classes().that().resideInAPackage(layout.implementation(name))
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("impl-* depends on the api and the JDK only");
    }

    private static ArchRule implementationImportsNoOther(Layout layout, String name) {
        String[] others = IMPLEMENTATIONS.stream().filter(n -> !n.equals(name)).map(layout::implementation).toArray(String[]::new);
        return noClasses().that().resideInAPackage(layout.implementation(name))
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("the implementations are interchangeable, so none may rely on another");
    }

    private static ArchRule apiDependsOnNothingOfOursButItself(Layout layout) {
        String[] allowed = Stream.concat(Stream.of(layout.api(), layout.spi()), Stream.of(JDK)).toArray(String[]::new);
        return classes().that().resideInAnyPackage(layout.api(), layout.spi())
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("the api has no dependency but the JDK");
    }

    private static ArchRule kitDependsOnTheApiAndItsTestLibrariesOnly(Layout layout) {
        // com.sun.management: the JDK's thread dump, the one view of virtual threads the check of §13.2 has.
        String[] allowed = Stream.concat(
                Stream.of(layout.api(), layout.spi(), layout.kit(), "org.junit..", "org.opentest4j..", "org.apiguardian..",
                        "org.quicktheories..", "org.awaitility..", "org.hamcrest..", "com.sun.management.."),
                Stream.of(JDK)).toArray(String[]::new);
        return classes().that().resideInAPackage(layout.kit())
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("the kit tests any provider through the api, and names none");
    }

    @ParameterizedTest(name = "impl-{0}")
    @ValueSource(strings = {"blocking", "nio", "virtualthreads", "posix"})
    void implementationsDependOnTheApiAndTheJdkOnly(String name) {
        implementationDependsOnTheApiAndTheJdkOnly(PROJECT, name).check(MAIN_CLASSES);
    }

    @Test
    void implementationsDependOnTheApiAndTheJdkOnly_failsOnAProviderThatUsesALibrary() {
        assertCatches(implementationDependsOnTheApiAndTheJdkOnly(FIXTURES, "nio"), "nio.UsesALibrary", "nio.PlainNio");
    }

    @ParameterizedTest(name = "impl-{0}")
    @ValueSource(strings = {"blocking", "nio", "virtualthreads", "posix"})
    void noImplementationImportsAnother(String name) {
        implementationImportsNoOther(PROJECT, name).check(MAIN_CLASSES);
    }

    @Test
    void noImplementationImportsAnother_failsOnBlockingUsingNio() {
        assertCatches(implementationImportsNoOther(FIXTURES, "blocking"), "blocking.UsesNio", "blocking.PlainBlocking");
    }

    @Test
    void theApiDependsOnNothingOfOursButItself() {
        apiDependsOnNothingOfOursButItself(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void theApiDependsOnNothingOfOursButItself_failsOnAnApiThatNamesAProvider() {
        assertCatches(apiDependsOnNothingOfOursButItself(FIXTURES), "ApiThatNamesAProvider", "PlainApi");
    }

    @Test
    void theKitDependsOnTheApiAndItsTestLibrariesOnly() {
        kitDependsOnTheApiAndItsTestLibrariesOnly(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void theKitDependsOnTheApiAndItsTestLibrariesOnly_failsOnAKitThatNamesAProvider() {
        assertCatches(kitDependsOnTheApiAndItsTestLibrariesOnly(FIXTURES), "conformance.KitThatNamesAProvider", "conformance.PlainKit");
    }

    // What each model must not do (DESIGN.md, "The three models").

    /** The role of the one class of impl-blocking that may use a Selector, as poll(2) on one descriptor. */
    private static final DescribedPredicate<JavaClass> A_POLL =
            describe("a poll (named …Poll)", (JavaClass c) -> topLevelName(c).endsWith("Poll"));

    /** The role of the classes of impl-nio that run its selector loops, on platform threads of their own. */
    private static final DescribedPredicate<JavaClass> AN_EVENT_LOOP =
            describe("an event loop (named …EventLoop…)", (JavaClass c) -> topLevelName(c).contains("EventLoop"));

    private static final DescribedPredicate<JavaClass> USES_A_SELECTOR = describe("use a Selector", (JavaClass c) ->
            c.getDirectDependenciesFromSelf().stream().map(Dependency::getTargetClass).anyMatch(ArchitectureRulesTest::isSelector));

    private static boolean isSelector(JavaClass c) {
        return c.isAssignableTo(Selector.class) || c.isAssignableTo(SelectionKey.class) || c.isAssignableTo(SelectorProvider.class);
    }

    private static ArchRule blockingUsesNoSelectorExceptItsPoll(Layout layout) {
        return noClasses().that().resideInAPackage(layout.implementation("blocking")).and(DescribedPredicate.not(A_POLL))
                .should().dependOnClassesThat(describe("are selectors or their keys", ArchitectureRulesTest::isSelector))
                .because("the blocking model waits in the kernel on the calling thread; only its poll may use a private"
                        + " one-channel Selector as poll(2), for timed waits on UNIX-domain channels");
    }

    private static ArchRule blockingHasOnePoll(Layout layout) {
        return classes().that().resideInAPackage(layout.implementation("blocking")).and(USES_A_SELECTOR)
                .should(beAllOfOneTopLevelClass())
                .allowEmptyShould(true)
                .because("a Selector in the blocking model is poll(2) on one descriptor, in one place; a second class that"
                        + " selects is the start of an event loop");
    }

    @Test
    void blockingUsesNoSelectorExceptItsOneDescriptorPoll() {
        blockingUsesNoSelectorExceptItsPoll(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void blockingUsesNoSelectorExceptItsOneDescriptorPoll_failsOnAConnectionThatSelects() {
        assertCatches(blockingUsesNoSelectorExceptItsPoll(FIXTURES), "blocking.SelectingConnection", "blocking.OnePoll",
                "blocking.PlainBlocking");
    }

    @Test
    void blockingHasItsOneDescriptorPoll() {
        blockingHasOnePoll(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void blockingHasItsOneDescriptorPoll_failsOnASecondPoll() {
        assertCatches(blockingHasOnePoll(FIXTURES), "blocking.AnotherPoll", "blocking.OnePoll", "blocking.PlainBlocking");
    }

    private static ArchRule nioDoesNoIoThroughJavaNet(Layout layout) {
        return noClasses().that().resideInAPackage(layout.implementation("nio"))
                .should().dependOnClassesThat().areAssignableTo(Socket.class)
                .orShould().dependOnClassesThat().areAssignableTo(ServerSocket.class)
                .orShould().dependOnClassesThat().areAssignableTo(DatagramSocket.class)
                .orShould().accessTargetWhere(describe("a channel's socket() adaptor", (JavaAccess<?> access) ->
                        access.getName().equals("socket") && access.getTargetOwner().isAssignableTo(NetworkChannel.class)))
                .because("the NIO model does its I/O through non-blocking channels and a Selector");
    }

    private static ArchRule nioStartsThreadsOnlyInItsEventLoops(Layout layout) {
        return noClasses().that().resideInAPackage(layout.implementation("nio")).and(DescribedPredicate.not(AN_EVENT_LOOP))
                .should().accessTargetWhere(describe("starts a thread, or makes platform threads or virtual ones of its own",
                        (JavaAccess<?> access) -> startsAThread(access) || makesPlatformThreads(access)
                                || makesVirtualThreads(access) && !is(access, ProviderThreads.class, "virtual")))
                .because("the NIO model has no thread per connection: its threads are its event loops'; a blocking-style"
                        + " handler runs on a virtual thread that the spi server loop starts from the factory it is given");
    }

    private static ArchRule nioHasNoPool(Layout layout) {
        return noClasses().that().resideInAPackage(layout.implementation("nio"))
                .should().accessTargetWhere(describe("makes a pool or an executor of threads", ArchitectureRulesTest::makesAnExecutor))
                .because("a pool that a few blocked handlers exhaust starves the others (§12.2): handlers get a virtual thread"
                        + " each from the spi server loop");
    }

    private static ArchRule nioEventLoopsRunOnPlatformThreads(Layout layout) {
        return noClasses().that().resideInAPackage(layout.implementation("nio")).and(AN_EVENT_LOOP)
                .should().accessTargetWhere(describe("makes virtual threads", ArchitectureRulesTest::makesVirtualThreads))
                .because("a Selector on a virtual thread pins its carrier: the selector loops run on platform threads");
    }

    @Test
    void nioDoesNoIoThroughJavaNetSockets() {
        nioDoesNoIoThroughJavaNet(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void nioDoesNoIoThroughJavaNetSockets_failsOnASocket() {
        assertCatches(nioDoesNoIoThroughJavaNet(FIXTURES), "nio.ConnectionOverJavaNet", "nio.PlainNio");
    }

    @Test
    void nioDoesNoIoThroughJavaNetSockets_failsOnAChannelsSocketAdaptor() {
        assertCatches(nioDoesNoIoThroughJavaNet(FIXTURES), "nio.ChannelSocketAdaptor", "nio.PlainNio");
    }

    @Test
    void nioStartsThreadsOnlyInItsEventLoops() {
        nioStartsThreadsOnlyInItsEventLoops(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void nioStartsThreadsOnlyInItsEventLoops_failsOnAThreadPerConnection() {
        assertCatches(nioStartsThreadsOnlyInItsEventLoops(FIXTURES), "nio.ConnectionThatStartsAThread", "nio.EventLoop",
                "nio.NioProvider", "nio.PlainNio");
    }

    @Test
    void nioStartsThreadsOnlyInItsEventLoops_failsOnAThreadConstructorReference() {
        assertCatches(nioStartsThreadsOnlyInItsEventLoops(FIXTURES), "nio.ThreadByReference", "nio.EventLoop", "nio.NioProvider");
    }

    @Test
    void nioHasNoWorkerPool() {
        nioHasNoPool(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void nioHasNoWorkerPool_failsOnAFixedPool() {
        assertCatches(nioHasNoPool(FIXTURES), "nio.ServerWithAWorkerPool", "nio.EventLoop", "nio.NioProvider", "nio.PlainNio");
    }

    @Test
    void nioEventLoopsRunOnPlatformThreads() {
        nioEventLoopsRunOnPlatformThreads(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void nioEventLoopsRunOnPlatformThreads_failsOnAnEventLoopOnAVirtualThread() {
        assertCatches(nioEventLoopsRunOnPlatformThreads(FIXTURES), "nio.EventLoopOnAVirtualThread", "nio.EventLoop");
    }

    private static ArchRule posixMakesItsOwnSystemCalls(Layout layout) {
        // The one class of java.nio.channels it may touch is the JDK's public hook for interruptible
        // waits (AbstractInterruptibleChannel, begin/end), which its Descriptor extends for §7.5.
        return noClasses().that().resideInAPackage(layout.implementation("posix"))
                .should().dependOnClassesThat().areAssignableTo(Socket.class)
                .orShould().dependOnClassesThat().areAssignableTo(ServerSocket.class)
                .orShould().dependOnClassesThat().areAssignableTo(DatagramSocket.class)
                .orShould().dependOnClassesThat().areAssignableTo(NetworkChannel.class)
                .orShould().dependOnClassesThat(describe("are selectors or their keys", ArchitectureRulesTest::isSelector))
                .because("the posix model calls socket(2), accept4(2), recv(2), send(2) and poll(2) itself, through FFM");
    }

    @Test
    void posixMakesItsOwnSystemCallsAndNoJdkSocket() {
        posixMakesItsOwnSystemCalls(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void posixMakesItsOwnSystemCallsAndNoJdkSocket_failsOnAJdkChannel() {
        assertCatches(posixMakesItsOwnSystemCalls(FIXTURES), "posix.ConnectionOverAJdkChannel", "posix.PlainPosix");
    }

    private static ArchRule virtualThreadsHaveNoSynchronizedMethod(Layout layout) {
        return noMethods().that().areDeclaredInClassesThat().resideInAPackage(layout.implementation("virtualthreads"))
                .should().haveModifier(JavaModifier.SYNCHRONIZED)
                .because("a virtual thread blocked in a synchronized method pins its carrier (Java 21); use a ReentrantLock");
    }

    private static ArchRule virtualThreadsHaveNoSynchronizedBlock(Layout layout) {
        return classes().that().resideInAPackage(layout.implementation("virtualthreads"))
                .should(haveNoSynchronizedBlock())
                .because("a virtual thread blocked in a synchronized block pins its carrier (Java 21); use a ReentrantLock");
    }

    private static ArchRule virtualThreadsStartNoPlatformThread(Layout layout) {
        return noClasses().that().resideInAPackage(layout.implementation("virtualthreads"))
                .should().accessTargetWhere(describe("makes platform threads", ArchitectureRulesTest::makesPlatformThreads))
                .because("the virtual-thread model runs every task of the provider on a virtual thread");
    }

    @Test
    void virtualThreadsHaveNoSynchronizedMethods() {
        virtualThreadsHaveNoSynchronizedMethod(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void virtualThreadsHaveNoSynchronizedMethods_failsOnASynchronizedMethod() {
        assertCatches(virtualThreadsHaveNoSynchronizedMethod(FIXTURES), "virtualthreads.SynchronizedMethod", "virtualthreads.PlainVirtual");
    }

    @Test
    void virtualThreadsHaveNoSynchronizedBlocks() {
        virtualThreadsHaveNoSynchronizedBlock(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void virtualThreadsHaveNoSynchronizedBlocks_failsOnASynchronizedBlock() {
        assertCatches(virtualThreadsHaveNoSynchronizedBlock(FIXTURES), "virtualthreads.SynchronizedBlock", "virtualthreads.PlainVirtual");
    }

    @Test
    void virtualThreadsStartNoPlatformThread() {
        virtualThreadsStartNoPlatformThread(PROJECT).check(MAIN_CLASSES);
    }

    @Test
    void virtualThreadsStartNoPlatformThread_failsOnAPlatformThread() {
        assertCatches(virtualThreadsStartNoPlatformThread(FIXTURES), "virtualthreads.StartsAPlatformThread", "virtualthreads.PlainVirtual");
    }

    // Checking a rule on the fixtures.

    /**
     * Checks that {@code rule} holds on the fixtures {@code keeping} (names under {@code dev.sockets.archfixtures},
     * with their nested classes), and fails once {@code breaking} is added, for {@code breaking} only.
     */
    private static void assertCatches(ArchRule rule, String breaking, String... keeping) {
        EvaluationResult kept = rule.evaluate(fixtures(keeping));
        assertFalse(kept.hasViolation(), () -> "the rule fails on the fixtures that keep it: " + kept.getFailureReport());

        String[] all = Stream.concat(Stream.of(keeping), Stream.of(breaking)).toArray(String[]::new);
        EvaluationResult broken = rule.evaluate(fixtures(all));
        assertTrue(broken.hasViolation(), () -> "the rule passes " + breaking + ": " + rule.getDescription());
        String breakingClass = FIXTURES.root() + "." + breaking;
        List<String> details = broken.getFailureReport().getDetails();
        assertEquals(List.of(), details.stream().filter(d -> !d.contains(breakingClass)).toList(),
                "violations of another class than " + breakingClass);
    }

    /** Returns the fixtures named (relative to dev.sockets.archfixtures), with their nested classes. */
    private static JavaClasses fixtures(String... names) {
        Set<String> wanted = Stream.of(names).map(n -> FIXTURES.root() + "." + n).collect(Collectors.toSet());
        JavaClasses chosen = FIXTURE_CLASSES.that(describe("are one of " + wanted, (JavaClass c) -> wanted.contains(topLevelClass(c))));
        Set<String> found = chosen.stream().map(ArchitectureRulesTest::topLevelClass).collect(Collectors.toSet());
        assertEquals(wanted, found, "fixtures imported");
        return chosen;
    }

    // Conditions that ArchUnit does not have.

    /** All the classes the rule selects are one top-level class and its nested classes. */
    private static ArchCondition<JavaClass> beAllOfOneTopLevelClass() {
        return new ArchCondition<>("all be of one top-level class") {
            private final Map<String, List<JavaClass>> byTopLevel = new TreeMap<>();

            @Override
            public void init(Collection<JavaClass> all) {
                byTopLevel.clear();
            }

            @Override
            public void check(JavaClass c, ConditionEvents events) {
                byTopLevel.computeIfAbsent(topLevelClass(c), k -> new ArrayList<>()).add(c);
            }

            @Override
            public void finish(ConditionEvents events) {
                if (byTopLevel.size() <= 1) {
                    return;
                }
                for (List<JavaClass> those : byTopLevel.values()) {
                    for (JavaClass c : those) {
                        events.add(SimpleConditionEvent.violated(c, c.getName() + " uses a Selector, and so do "
                                + byTopLevel.keySet().stream().filter(k -> !k.equals(topLevelClass(c))).toList()));
                    }
                }
            }
        };
    }

    private static final Pattern MONITORENTER = Pattern.compile("\\d+: monitorenter\\b");

    /** ArchUnit does not see monitors; the bytecode does: a synchronized block compiles to monitorenter. */
    private static ArchCondition<JavaClass> haveNoSynchronizedBlock() {
        return new ArchCondition<>("have no synchronized block") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                ToolProvider javap = ToolProvider.findFirst("javap")
                        .orElseThrow(() -> new AssertionError("this JDK has no javap tool (module jdk.jdeps)"));
                // javap reads a class file by URL (file: or jar:), wherever the build put it.
                String classFile = c.getSource().orElseThrow(() -> new AssertionError("no class file for " + c.getName()))
                        .getUri().toString();
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int status = javap.run(new PrintWriter(out), new PrintWriter(err), "-c", "-p", classFile);
                assertEquals(0, status, () -> "javap " + c.getName() + ": " + err);
                if (MONITORENTER.matcher(out.toString()).find()) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " has a synchronized block (monitorenter)"));
                }
            }
        };
    }

    // Predicates on accesses: calls, and method and constructor references (Thread::new).

    private static String topLevelClass(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private static String topLevelName(JavaClass c) {
        return topLevelClass(c).substring(c.getPackageName().length() + 1);
    }

    /** Starts a thread, or makes something that starts them when asked: a factory's newThread, a builder, start(). */
    private static boolean startsAThread(JavaAccess<?> access) {
        JavaClass owner = access.getTargetOwner();
        return owner.isAssignableTo(Thread.class) && List.of("start", "startVirtualThread").contains(access.getName())
                || owner.isAssignableTo(ThreadFactory.class) && access.getName().equals("newThread")
                || owner.isAssignableTo(Thread.Builder.class);
    }

    /** Makes a platform thread, or a pool or factory of them. */
    private static boolean makesPlatformThreads(JavaAccess<?> access) {
        return constructs(access, Thread.class)
                || is(access, Thread.class, "ofPlatform")
                || is(access, ProviderThreads.class, "platform")
                || is(access, Executors.class, "defaultThreadFactory", "privilegedThreadFactory")
                || makesAPoolOfPlatformThreads(access);
    }

    /** Makes a virtual thread, or a factory or executor of them. */
    private static boolean makesVirtualThreads(JavaAccess<?> access) {
        return is(access, Thread.class, "ofVirtual", "startVirtualThread")
                || is(access, ProviderThreads.class, "virtual")
                || is(access, Executors.class, "newVirtualThreadPerTaskExecutor");
    }

    /** Makes an executor that runs tasks on threads of its own: a pool, or a thread per task. */
    private static boolean makesAnExecutor(JavaAccess<?> access) {
        return makesAPoolOfPlatformThreads(access) || is(access, Executors.class, "newVirtualThreadPerTaskExecutor", "newThreadPerTaskExecutor");
    }

    private static boolean makesAPoolOfPlatformThreads(JavaAccess<?> access) {
        JavaClass owner = access.getTargetOwner();
        return constructs(access, ThreadPoolExecutor.class)
                || constructs(access, ForkJoinPool.class)
                || constructs(access, Timer.class)
                || is(access, ForkJoinPool.class, "commonPool")
                || is(access, Executors.class, "newFixedThreadPool", "newCachedThreadPool", "newSingleThreadExecutor",
                        "newScheduledThreadPool", "newSingleThreadScheduledExecutor", "newWorkStealingPool")
                // CompletableFuture's …Async methods without an Executor run on the common pool.
                || owner.isEquivalentTo(CompletableFuture.class) && access.getName().endsWith("Async")
                        && access.getTarget() instanceof CodeUnitAccessTarget target
                        && target.getRawParameterTypes().stream().noneMatch(p -> p.isAssignableTo(Executor.class));
    }

    private static boolean constructs(JavaAccess<?> access, Class<?> type) {
        return access.getName().equals("<init>") && access.getTargetOwner().isAssignableTo(type);
    }

    private static boolean is(JavaAccess<?> access, Class<?> owner, String... names) {
        return access.getTargetOwner().isEquivalentTo(owner) && List.of(names).contains(access.getName());
    }
}
