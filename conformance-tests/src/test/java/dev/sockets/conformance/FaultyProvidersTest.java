package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import dev.sockets.Domain;
import dev.sockets.SocketProvider;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
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
        assertFailsIn(DropsLastByteKit.class,
                test(ConformanceKit.ReadWrite.class, "required_s5_4_writeWritesEveryByteOfAHeapBuffer"),
                test(ConformanceKit.Close.class, "required_s7_4_thePeerReadsEveryByteThenEndOfStream"));
    }

    @Test
    void theKitFailsAProviderThatReturnsZeroAtEndOfStream() {
        assertFailsIn(ZeroAtEndOfStreamKit.class,
                test(ConformanceKit.ReadWrite.class, "required_s5_3_endOfStreamAfterShutdownOutputIsMinusOneAndStays"),
                test(ConformanceKit.HalfClose.class, "required_s6_1_shutdownOutputSendsEndOfStreamAndKeepsInput"),
                test(ConformanceKit.Close.class, "required_s7_4_thePeerReadsEveryByteThenEndOfStream"));
    }

    @Test
    void theKitFailsAProviderThatIgnoresTheReadTimeout() {
        // §9.1 fails too, but only by the 30 s @Timeout of its class, which would make the build slow; §4.3 bounds its own wait.
        assertFailsIn(IgnoresReadTimeoutKit.class,
                test(ConformanceKit.ListenAccept.class, "required_s4_3_acceptedConnectionsTakeTheListenersConnectionOptions"));
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

    /** One test of a nested area of the kit, named after the rule it checks ("required_s5_4_…"). */
    private record KitTest(Class<?> area, String method) {
        private static final Pattern RULE = Pattern.compile("_s\\d+_\\d+_");

        /** Returns the rule's part of the name, "_s5_4_". */
        String ruleTag() {
            Matcher rule = RULE.matcher(method);
            if (!rule.find()) {
                throw new IllegalArgumentException("not named after a rule: " + method);
            }
            return rule.group();
        }
    }

    /** The unique id of the first invocation (the domain INET) of a test of the kit: JUnit Jupiter's, as it numbers them. */
    private static UniqueId firstDomainOf(Class<? extends ConformanceKit> kit, KitTest test) {
        return UniqueId.forEngine("junit-jupiter").append("class", kit.getName())
                .append("nested-class", test.area().getSimpleName())
                .append("test-template", test.method() + "(" + Domain.class.getName() + ")")
                .append("test-template-invocation", "#1");
    }

    private static KitTest test(Class<?> area, String method) {
        return new KitTest(area, method);
    }

    /**
     * Runs each of {@code tests} of {@code kit} for its first domain (INET) only, and checks that each
     * failed, and that the kit failed by its tests, not by an error of its own (a container that could
     * not run). One invocation per rule keeps the build fast: a faulty provider makes each test wait
     * out its bound, and the other domains would wait the same for the same fault.
     */
    private static void assertFailsIn(Class<? extends ConformanceKit> kit, KitTest... tests) {
        DiscoverySelector[] selectors = Arrays.stream(tests)
                .map(t -> selectUniqueId(firstDomainOf(kit, t)))
                .toArray(DiscoverySelector[]::new);
        String[] ruleTags = Arrays.stream(tests).map(KitTest::ruleTag).toArray(String[]::new);
        assertFails(kit, selectors, Arrays.toString(tests), ruleTags);
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
        assertFalse(failedTests.isEmpty(), () -> kit.getSimpleName() + ": no test of " + selected + " failed against a faulty provider (" + results.testEvents().finished().count() + " ran)");
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
