package dev.sockets.conformance;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.sockets.spi.ProviderThreads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.spi.ToolProvider;
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
 * <p>Only main classes are imported (of the api, the three providers and the kit); test classes are
 * recognised by their folder {@code …/test-classes/}, whatever the build folder is called.
 */
@Timeout(120)
class ArchitectureRulesTest {

    private static final String API = "dev.sockets";
    private static final String SPI = "dev.sockets.spi";
    private static final String KIT = "dev.sockets.conformance..";
    private static final List<String> IMPLEMENTATIONS = List.of("blocking", "nio", "virtualthreads", "posix");

    /** The JDK: what every module may use; jdk.net is its supported API for ExtendedSocketOptions (SO_PEERCRED). */
    private static final String[] JDK = {"java..", "javax..", "jdk.net.."};

    /** The server of impl-nio: it owns the worker pool. */
    private static final String NIO_SERVER = "NioServer";

    /**
     * The classes of impl-nio that own threads: its event loops (a fixed number per provider), and its server,
     * whose fixed-size ThreadPoolExecutor runs the blocking-style handlers (DESIGN.md, "Handler styles").
     */
    private static final Set<String> NIO_THREAD_OWNERS = Set.of("EventLoopGroup", "EventLoop", NIO_SERVER);

    /** The one class of impl-blocking that may use a Selector, as poll(2) on one descriptor (COMMON.md). */
    private static final String BLOCKING_POLL = "ChannelPoll";

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ArchitectureRulesTest::isMainClass)
            .importPackages(API);

    private static boolean isMainClass(Location location) {
        return !location.contains("/test-classes/") && !location.contains("/generated-test-sources/");
    }

    private static String implementation(String name) {
        return API + "." + name + "..";
    }

    // Dependencies between the modules (DESIGN.md, "Modules").

    @ParameterizedTest(name = "impl-{0}")
    @ValueSource(strings = {"blocking", "nio", "virtualthreads", "posix"})
    void implementationsDependOnTheApiAndTheJdkOnly(String name) {
        String[] allowed = Stream.concat(Stream.of(implementation(name), API, SPI), Stream.of(JDK)).toArray(String[]::new);
        classes().that().resideInAPackage(implementation(name))
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("impl-* depends on the api and the JDK only")
                .check(MAIN_CLASSES);
    }

    @ParameterizedTest(name = "impl-{0}")
    @ValueSource(strings = {"blocking", "nio", "virtualthreads", "posix"})
    void noImplementationImportsAnother(String name) {
        String[] others = IMPLEMENTATIONS.stream().filter(n -> !n.equals(name)).map(ArchitectureRulesTest::implementation)
                .toArray(String[]::new);
        noClasses().that().resideInAPackage(implementation(name))
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("the implementations are interchangeable, so none may rely on another")
                .check(MAIN_CLASSES);
    }

    @Test
    void theApiDependsOnNothingOfOursButItself() {
        String[] allowed = Stream.concat(Stream.of(API, SPI), Stream.of(JDK)).toArray(String[]::new);
        classes().that().resideInAnyPackage(API, SPI)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("the api has no dependency but the JDK")
                .check(MAIN_CLASSES);
    }

    @Test
    void theKitDependsOnTheApiAndItsTestLibrariesOnly() {
        String[] allowed = Stream.concat(
                Stream.of(API, SPI, KIT, "org.junit..", "org.opentest4j..", "org.apiguardian..", "org.quicktheories..",
                        "org.awaitility..", "org.hamcrest.."),
                Stream.of(JDK)).toArray(String[]::new);
        classes().that().resideInAPackage(KIT)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("the kit tests any provider through the api, and names none")
                .check(MAIN_CLASSES);
    }

    // What each model must not do (DESIGN.md, "The three models").

    @Test
    void blockingUsesNoSelectorExceptItsOneDescriptorPoll() {
        noClasses().that().resideInAPackage(implementation("blocking"))
                .and(describe("are not " + BLOCKING_POLL, (JavaClass c) -> !topLevelName(c).equals(BLOCKING_POLL)))
                .should().dependOnClassesThat().areAssignableTo(Selector.class)
                .orShould().dependOnClassesThat().areAssignableTo(SelectionKey.class)
                .because("the blocking model waits in the kernel on the calling thread; only " + BLOCKING_POLL
                        + " may use a private one-channel Selector as poll(2), for timed waits on UNIX-domain channels")
                .check(MAIN_CLASSES);
    }

    @Test
    void blockingHasItsOneDescriptorPoll() {
        // Keeps the exception above honest: if the class is renamed, the rule must be told.
        assertTrue(MAIN_CLASSES.stream().filter(c -> c.getPackageName().equals(API + ".blocking"))
                        .noneMatch(c -> c.isAssignableTo(Selector.class))
                        || MAIN_CLASSES.contain(API + ".blocking." + BLOCKING_POLL),
                "impl-blocking uses a Selector but has no class " + BLOCKING_POLL);
    }

    @Test
    void nioDoesNoIoThroughJavaNetSockets() {
        noClasses().that().resideInAPackage(implementation("nio"))
                .should().dependOnClassesThat().areAssignableTo(Socket.class)
                .orShould().dependOnClassesThat().areAssignableTo(ServerSocket.class)
                .orShould().dependOnClassesThat().areAssignableTo(DatagramSocket.class)
                .orShould().callMethodWhere(describe("a channel's socket() adaptor", (JavaCall<?> call) ->
                        call.getName().equals("socket") && call.getTargetOwner().isAssignableTo(NetworkChannel.class)))
                .because("the NIO model does its I/O through non-blocking channels and a Selector")
                .check(MAIN_CLASSES);
    }

    @Test
    void posixMakesItsOwnSystemCallsAndNoJdkSocket() {
        // The one class of java.nio.channels it may touch is the JDK's public hook for interruptible
        // waits (AbstractInterruptibleChannel, begin/end), which its Descriptor extends for §7.5.
        noClasses().that().resideInAPackage(implementation("posix"))
                .should().dependOnClassesThat().areAssignableTo(Socket.class)
                .orShould().dependOnClassesThat().areAssignableTo(ServerSocket.class)
                .orShould().dependOnClassesThat().areAssignableTo(DatagramSocket.class)
                .orShould().dependOnClassesThat().areAssignableTo(NetworkChannel.class)
                .orShould().dependOnClassesThat().areAssignableTo(Selector.class)
                .because("the posix model calls socket(2), accept4(2), recv(2), send(2) and poll(2) itself, through FFM")
                .check(MAIN_CLASSES);
    }

    @Test
    void nioCreatesThreadsOnlyInItsEventLoopsAndWorkerPool() {
        noClasses().that().resideInAPackage(implementation("nio"))
                .and(describe("are not one of " + NIO_THREAD_OWNERS, (JavaClass c) -> !NIO_THREAD_OWNERS.contains(topLevelName(c))))
                .should().callCodeUnitWhere(createsAThread())
                .because("the NIO model has no thread per connection: its threads are its event loops' and its bounded"
                        + " worker pool's")
                .check(MAIN_CLASSES);
    }

    @Test
    void nioServerMakesItsWorkersOnlyThroughABoundedPool() {
        // The pool is a ThreadPoolExecutor (core = max = the worker count): no thread of its own, no unbounded pool.
        noClasses().that().resideInAPackage(implementation("nio"))
                .and(describe("are " + NIO_SERVER, (JavaClass c) -> topLevelName(c).equals(NIO_SERVER)))
                .should().callCodeUnitWhere(describe("starts a thread itself, or an unbounded pool", (JavaCall<?> call) ->
                        call.getName().equals("<init>") && call.getTargetOwner().isAssignableTo(Thread.class)
                                || is(call, Thread.class, "ofPlatform", "ofVirtual", "startVirtualThread")
                                || call.getTargetOwner().isAssignableTo(Thread.Builder.class)
                                || call.getTargetOwner().isEquivalentTo(Executors.class)
                                        && !call.getName().equals("callable")))
                .because("a thread per connection is what the NIO model must not have: handlers run on the bounded pool")
                .check(MAIN_CLASSES);
    }

    @Test
    void virtualThreadsHaveNoSynchronizedMethods() {
        noMethods().that().areDeclaredInClassesThat().resideInAPackage(implementation("virtualthreads"))
                .should().haveModifier(JavaModifier.SYNCHRONIZED)
                .because("a virtual thread blocked in a synchronized method pins its carrier (Java 21); use a ReentrantLock")
                .check(MAIN_CLASSES);
    }

    @Test
    void virtualThreadsHaveNoSynchronizedBlocks() {
        // ArchUnit does not see monitors; the bytecode does: a synchronized block compiles to monitorenter.
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new AssertionError("this JDK has no javap tool (module jdk.jdeps)"));
        List<JavaClass> classes = MAIN_CLASSES.stream()
                .filter(c -> c.getPackageName().startsWith(API + ".virtualthreads"))
                .toList();
        assertFalse(classes.isEmpty(), "no class of impl-virtualthreads on the class path");
        for (JavaClass c : classes) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            // javap reads a class file by URL (file: or jar:), wherever the build put it.
            String classFile = c.getSource().orElseThrow(() -> new AssertionError("no class file for " + c.getName()))
                    .getUri().toString();
            int status = javap.run(new PrintWriter(out), new PrintWriter(err), "-c", "-p", classFile);
            assertEquals(0, status, () -> "javap " + c.getName() + ": " + err);
            assertFalse(out.toString().contains("monitorenter"),
                    () -> c.getName() + " has a synchronized block: a virtual thread blocked in it pins its carrier"
                            + " (Java 21); use a ReentrantLock");
        }
    }

    @Test
    void virtualThreadsStartNoPlatformThread() {
        noClasses().that().resideInAPackage(implementation("virtualthreads"))
                .should().callCodeUnitWhere(createsAPlatformThread())
                .because("the virtual-thread model runs every task of the provider on a virtual thread")
                .check(MAIN_CLASSES);
    }

    // Predicates on calls.

    private static String topLevelName(JavaClass c) {
        String simple = c.getName().substring(c.getPackageName().length() + 1);
        int nested = simple.indexOf('$');
        return nested < 0 ? simple : simple.substring(0, nested);
    }

    /** A call that makes a thread, platform or virtual, or a pool or factory of them. */
    private static DescribedPredicate<JavaCall<?>> createsAThread() {
        return describe("creates a thread, a thread factory or a pool", (JavaCall<?> call) ->
                createsAPlatformThread(call)
                        || is(call, Thread.class, "ofVirtual", "startVirtualThread")
                        || is(call, ProviderThreads.class, "virtual")
                        || is(call, Executors.class, "newVirtualThreadPerTaskExecutor", "newThreadPerTaskExecutor")
                        || call.getTargetOwner().isAssignableTo(ThreadFactory.class) && call.getName().equals("newThread")
                        || call.getTargetOwner().isAssignableTo(Thread.Builder.class));
    }

    /** A call that makes a platform thread, or something that will make them. */
    private static DescribedPredicate<JavaCall<?>> createsAPlatformThread() {
        return describe("creates a platform thread, or a pool or factory of them", ArchitectureRulesTest::createsAPlatformThread);
    }

    private static boolean createsAPlatformThread(JavaCall<?> call) {
        JavaClass owner = call.getTargetOwner();
        boolean constructor = call.getName().equals("<init>");
        return constructor && owner.isAssignableTo(Thread.class)
                || constructor && owner.isAssignableTo(ThreadPoolExecutor.class)
                || constructor && owner.isAssignableTo(ForkJoinPool.class)
                || constructor && owner.isAssignableTo(Timer.class)
                || is(call, Thread.class, "ofPlatform")
                || is(call, ProviderThreads.class, "platform")
                || is(call, ForkJoinPool.class, "commonPool")
                || is(call, Executors.class, "newFixedThreadPool", "newCachedThreadPool", "newSingleThreadExecutor",
                        "newScheduledThreadPool", "newSingleThreadScheduledExecutor", "newWorkStealingPool",
                        "defaultThreadFactory", "privilegedThreadFactory")
                || owner.isEquivalentTo(CompletableFuture.class) && call.getName().endsWith("Async")
                        && call.getTarget().getRawParameterTypes().stream().noneMatch(p -> p.isAssignableTo(Executor.class));
    }

    private static boolean is(JavaCall<?> call, Class<?> owner, String... names) {
        return call.getTargetOwner().isEquivalentTo(owner) && List.of(names).contains(call.getName());
    }
}
