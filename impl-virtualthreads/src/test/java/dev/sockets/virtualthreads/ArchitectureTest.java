package dev.sockets.virtualthreads;

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
import dev.sockets.spi.ProviderThreads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model, checked on the provider's classes: no platform thread anywhere (so none per client), no selector, no
 * {@code synchronized} (on Java 21 a virtual thread blocked inside one pins its carrier), no per-thread caches, and
 * no dependency but the JDK and the API.
 */
class ArchitectureTest {

    private static Path classes;
    private static JavaClasses provider;

    @BeforeAll
    static void importProvider() throws URISyntaxException {
        classes = Path.of(VirtualThreadSocketProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        provider = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPath(classes);
        assertTrue(provider.contain(VirtualThreadSocketProvider.class), () -> "imported from " + classes);
    }

    @Test
    void startsNoPlatformThread() {
        noClasses().should().callConstructor(Thread.class)
                .orShould().callConstructorWhere(DescribedPredicate.describe("a constructor of a Thread",
                        (JavaConstructorCall c) -> c.getTarget().getOwner().isAssignableTo(Thread.class)))
                .orShould().callMethod(Thread.class, "ofPlatform")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.Builder.OfPlatform.class)
                .orShould().callMethod(ProviderThreads.class, "platform", String.class, String.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.ThreadPoolExecutor.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.ForkJoinPool.class)
                .orShould().dependOnClassesThat().areAssignableTo(Executors.class)
                .orShould().beAssignableTo(Thread.class)
                .because("the virtualthreads provider runs everything on virtual threads: no platform thread per client, nor any other")
                .check(provider);
    }

    @Test
    void usesNoSelector() {
        noClasses().should().dependOnClassesThat().areAssignableTo(Selector.class)
                .orShould().dependOnClassesThat().areAssignableTo(SelectionKey.class)
                .because("a select on a virtual thread blocks its carrier; blocking calls park instead")
                .check(provider);
    }

    @Test
    void hasNoSynchronizedMethodsAndNoThreadLocals() {
        noMethods().should().haveModifier(JavaModifier.SYNCHRONIZED)
                .because("on Java 21 a virtual thread that blocks while it holds a monitor pins its carrier: ReentrantLock")
                .check(provider);
        noClasses().should().dependOnClassesThat().areAssignableTo(ThreadLocal.class)
                .because("a virtual thread per client makes a per-thread cache a per-connection allocation")
                .check(provider);
    }

    /** ArchUnit does not see {@code synchronized} blocks; the bytecode does: no {@code monitorenter} anywhere. */
    @Test
    void hasNoSynchronizedBlocks() throws Exception {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        List<String> classFiles;
        try (Stream<Path> files = Files.walk(classes)) {
            classFiles = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.class"))
                    .map(Path::toString).toList();
        }
        assertTrue(classFiles.size() > 10, () -> "found " + classFiles);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = Stream.concat(Stream.of("-c", "-p"), classFiles.stream()).toArray(String[]::new);
        assertEquals(0, javap.run(new PrintWriter(out), new PrintWriter(err), args), err::toString);
        List<String> monitors = out.toString().lines().filter(l -> l.contains("monitorenter")).toList();
        assertTrue(out.toString().contains("invokevirtual"), "javap printed the bytecode");
        assertEquals(List.of(), monitors, "synchronized blocks in the provider");
    }

    @Test
    void dependsOnTheJdkAndTheApiOnly() {
        noClasses().should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.sockets", "dev.sockets.spi", "dev.sockets.virtualthreads")
                .because("no implementation depends on another, nor on anything but the JDK")
                .check(provider);
    }
}
