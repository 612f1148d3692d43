package dev.sockets.virtualthreads;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.syntax.elements.ClassesShould;
import com.tngtech.archunit.lang.syntax.elements.ClassesShouldConjunction;
import dev.sockets.spi.AbstractConnection;
import dev.sockets.spi.ProviderThreads;
import dev.sockets.spi.ServerLoop;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model, checked on the provider's classes: no platform thread anywhere (so none per client), no selector, no
 * {@code synchronized} (on Java 21 a virtual thread blocked inside one pins its carrier), no per-thread caches, and
 * no dependency but the JDK and the API. The core of {@code dev.sockets.spi} runs on this provider's threads (its
 * state machines on every caller, its server loop on the accept and handler threads), so it is held to the same
 * rules, but for {@link ProviderThreads#platform}, which this provider never calls.
 */
class ArchitectureTest {

    private static JavaClasses provider;
    private static JavaClasses core;

    @BeforeAll
    static void importClasses() throws URISyntaxException {
        provider = importFrom(VirtualThreadSocketProvider.class);
        core = importFrom(AbstractConnection.class);
        assertTrue(provider.contain(VirtualThreadSocketProvider.class), "imported the provider");
        assertTrue(core.contain(ServerLoop.class), "imported the core");
    }

    private static JavaClasses importFrom(Class<?> type) throws URISyntaxException {
        Location location = Location.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(Set.of(location)).that(resideInAPackage(type.getPackageName()));
    }

    @Test
    void startsNoPlatformThread() {
        startsNoPlatformThread(noClasses().should())
                .orShould().callMethod(ProviderThreads.class, "platform", String.class, String.class)
                .because("the virtualthreads provider runs everything on virtual threads: no platform thread per client, nor any other")
                .check(provider);
    }

    @Test
    void theCoreStartsNoPlatformThreadButWhereAProviderAsksForOne() {
        startsNoPlatformThread(noClasses().that(not(equivalentTo(ProviderThreads.class))).should())
                .because("the core runs on this provider's threads, and must not start platform threads of its own")
                .check(core);
    }

    private static ClassesShouldConjunction startsNoPlatformThread(ClassesShould classes) {
        return classes.callConstructor(Thread.class)
                .orShould().callConstructorWhere(DescribedPredicate.describe("a constructor of a Thread",
                        (JavaConstructorCall c) -> c.getTarget().getOwner().isAssignableTo(Thread.class)))
                .orShould().callMethod(Thread.class, "ofPlatform")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.Builder.OfPlatform.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.ThreadPoolExecutor.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.ForkJoinPool.class)
                .orShould().dependOnClassesThat().areAssignableTo(Executors.class)
                .orShould().beAssignableTo(Thread.class);
    }

    @Test
    void usesNoSelector() {
        for (JavaClasses classes : List.of(provider, core)) {
            noClasses().should().dependOnClassesThat().areAssignableTo(Selector.class)
                    .orShould().dependOnClassesThat().areAssignableTo(SelectionKey.class)
                    .because("a select on a virtual thread blocks its carrier; blocking calls park instead")
                    .check(classes);
        }
    }

    @Test
    void hasNoSynchronizedMethodsAndNoThreadLocals() {
        for (JavaClasses classes : List.of(provider, core)) {
            noMethods().should().haveModifier(JavaModifier.SYNCHRONIZED)
                    .because("on Java 21 a virtual thread that blocks while it holds a monitor pins its carrier: ReentrantLock")
                    .check(classes);
            noClasses().should().dependOnClassesThat().areAssignableTo(ThreadLocal.class)
                    .because("a virtual thread per client makes a per-thread cache a per-connection allocation")
                    .check(classes);
        }
    }

    /** ArchUnit does not see {@code synchronized} blocks; the bytecode does: no {@code monitorenter} anywhere. */
    @Test
    void hasNoSynchronizedBlocks() {
        assertNoMonitors(provider, 5);
        assertNoMonitors(core, 10);
    }

    private static void assertNoMonitors(JavaClasses classes, int atLeast) {
        List<String> classFiles = classes.stream()
                .map(c -> c.getSource().orElseThrow(() -> new AssertionError("no class file for " + c.getName())).getUri().toString())
                .distinct().toList();
        assertTrue(classFiles.size() >= atLeast, () -> "found " + classFiles);
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = Stream.concat(Stream.of("-c", "-p"), classFiles.stream()).toArray(String[]::new);
        assertEquals(0, javap.run(new PrintWriter(out), new PrintWriter(err), args), err::toString);
        assertTrue(out.toString().contains("invokevirtual"), "javap printed the bytecode");
        List<String> monitors = out.toString().lines().filter(l -> l.contains("monitorenter")).toList();
        assertEquals(List.of(), monitors, "synchronized blocks");
    }

    @Test
    void dependsOnTheJdkAndTheApiOnly() {
        noClasses().should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.sockets", "dev.sockets.spi", "dev.sockets.virtualthreads")
                .because("no implementation depends on another, nor on anything but the JDK")
                .check(provider);
    }
}
