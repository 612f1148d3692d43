package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import dev.sockets.SocketProvider;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.MethodFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The kit catches faulty providers: each area that should notice a fault is run against a provider
 * with that fault (the blocking provider, wrapped), with JUnit's {@link EngineTestKit}, and must
 * fail in a test of the rule the fault breaks. A kit that passes a broken provider proves nothing.
 *
 * <p>The faulty kits are static nested classes, so that surefire (which leaves out nested classes)
 * never runs them on their own and the build stays green; only this test runs them, and expects
 * them to fail.
 */
class FaultyProvidersTest {

    static final class DropsLastByteKit extends ConformanceKit {
        @Override
        protected SocketProvider provider() {
            return new DropsLastByteOfLargeWrites();
        }
    }

    static final class ZeroAtEndOfStreamKit extends ConformanceKit {
        @Override
        protected SocketProvider provider() {
            return new ZeroAtEndOfStream();
        }
    }

    static final class IgnoresReadTimeoutKit extends ConformanceKit {
        @Override
        protected SocketProvider provider() {
            return new IgnoresReadTimeout();
        }
    }

    static final class LeaksAVirtualThreadKit extends ConformanceKit {
        @Override
        protected SocketProvider provider() {
            return new LeaksAVirtualThreadPerConnection();
        }
    }

    @Test
    void theKitFailsAProviderThatDropsTheLastByteOfLargeWrites() {
        // §8.1 fails too, but its properties shrink a failure for half a minute: §5.4 and §7.4 are enough here.
        assertFailsIn(DropsLastByteKit.class, List.of(ConformanceKit.ReadWrite.class, ConformanceKit.Close.class),
                "_s5_4_", "_s7_4_");
    }

    @Test
    void theKitFailsAProviderThatReturnsZeroAtEndOfStream() {
        assertFailsIn(ZeroAtEndOfStreamKit.class, List.of(ConformanceKit.ReadWrite.class, ConformanceKit.HalfClose.class,
                ConformanceKit.Close.class), "_s5_3_", "_s6_1_", "_s7_4_");
    }

    @Test
    void theKitFailsAProviderThatIgnoresTheReadTimeout() {
        // §9.1 fails too, but only by the 30 s @Timeout of its class, which would make the build slow; §4.3 bounds its own wait.
        assertFailsIn(IgnoresReadTimeoutKit.class, List.of(ConformanceKit.ListenAccept.class), "_s4_3_");
    }

    @Test
    void theKitFailsAProviderThatLeaksAVirtualThreadPerConnection() throws InterruptedException {
        // One test, with sixteen clients: every test the leak fails waits out the kit's grace of 10 s for the threads to end.
        // Its own checks look at the shared threads only: what fails it is the kit's check after every test.
        DiscoverySelector test = selectNestedMethod(List.of(LeaksAVirtualThreadKit.class), ConformanceKit.Resources.class,
                "required_s13_2_sharedThreadsAreDaemonsAndBoundedWhateverTheLoad");
        try {
            List<Throwable> failures = assertFails(LeaksAVirtualThreadKit.class, new DiscoverySelector[] {test}, test.toString(), "_s13_2_")
                    .stream().flatMap(result -> result.getThrowable().stream())
                    .flatMap(t -> Stream.concat(Stream.of(t), Stream.of(t.getSuppressed()))).toList();
            String leaked = "§13: left behind after the test: [§13.2: thread(s) [sockets-blocking-" + LeaksAVirtualThreadPerConnection.ROLE + "-";
            assertTrue(failures.stream().anyMatch(t -> String.valueOf(t.getMessage()).startsWith(leaked)),
                    () -> "the kit's check after each test did not name the leaked virtual threads: " + failures);
        } finally {
            LeaksAVirtualThreadPerConnection.endLeakedThreads();
        }
    }

    /**
     * Runs the tests of the rules {@code ruleTags} ("_s7_4_") in {@code areas} of {@code kit}, and checks
     * that a test of each rule failed, and that the kit failed by its tests, not by an error of its own
     * (a container that could not run). Only the tests of those rules run, to keep the build fast: a
     * faulty provider makes other tests wait for their bounds.
     */
    private static void assertFailsIn(Class<? extends ConformanceKit> kit, List<Class<?>> areas, String... ruleTags) {
        DiscoverySelector[] selectors = areas.stream().map(area -> selectNestedClass(List.of(kit), area))
                .toArray(DiscoverySelector[]::new);
        assertFails(kit, selectors, String.valueOf(areas), ruleTags);
    }

    /**
     * Runs the tests of the rules {@code ruleTags} among those {@code selectors} select, checks as
     * {@link #assertFailsIn} does, and returns the results of the tests that failed.
     */
    private static List<TestExecutionResult> assertFails(Class<? extends ConformanceKit> kit, DiscoverySelector[] selectors,
            String selected, String... ruleTags) {
        String[] patterns = Arrays.stream(ruleTags).map(tag -> ".*" + tag + ".*").toArray(String[]::new);
        long start = System.nanoTime();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectors)
                .filters(MethodFilter.includeMethodNamePatterns(patterns)).execute();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        List<String> failedContainers = results.containerEvents().failed().stream().map(FaultyProvidersTest::describe).toList();
        assertEquals(List.of(), failedContainers, "the kit's areas ran (no container failed)");

        List<String> failedTests = results.testEvents().failed().stream().map(FaultyProvidersTest::describe).toList();
        assertFalse(failedTests.isEmpty(), () -> kit.getSimpleName() + ": no test of " + selected + " failed against a faulty provider");
        for (String tag : ruleTags) {
            assertFalse(failedTests.stream().noneMatch(t -> t.contains(tag)),
                    () -> kit.getSimpleName() + ": no test of rule " + tag + " failed; failed: " + failedTests);
        }
        String perRule = Arrays.stream(ruleTags)
                .map(tag -> tag + " " + failedTests.stream().filter(t -> t.contains(tag)).count()).collect(Collectors.joining(", "));
        System.out.printf("[kit] %s: %d of %d test(s) failed as expected (%s), in %d ms%n", kit.getSimpleName(),
                failedTests.size(), results.testEvents().finished().count(), perRule, took.toMillis());
        return results.testEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class)).toList();
    }

    private static String describe(Event event) {
        return event.getTestDescriptor().getUniqueId() + ": " + event.getPayload().map(String::valueOf).orElse("");
    }
}
