package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import dev.sockets.spi.ForwardingSocketProvider;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * §1.7, §1.8: a decorator that keeps its delegate's name passes the kit's tests of names; one with a name
 * of its own fails them, each with a message that says what to do.
 */
class DecoratorNamesTest {

    /** Wraps the blocking provider and changes nothing: its name is the delegate's, as ForwardingSocketProvider's is. */
    static final class Transparent extends ForwardingSocketProvider {
        Transparent() {
            super(Sockets.provider("blocking"));
        }
    }

    /** Wraps the blocking provider under a name of its own, and does nothing else about it. */
    static final class Logging extends ForwardingSocketProvider {
        Logging() {
            super(Sockets.provider("blocking"));
        }

        @Override
        public String name() {
            return "logging";
        }
    }

    static final class TransparentKit extends ConformanceKit {
        @Override
        protected SocketProvider provider() {
            return new Transparent();
        }
    }

    static final class LoggingKit extends ConformanceKit {
        @Override
        protected SocketProvider provider() {
            return new Logging();
        }
    }

    private static final List<String> TESTS = List.of(
            "required_s1_7_aRefusalNamesTheProviderItWasAskedOf",
            "required_s1_8_handlersRunOnThreadsNamedAfterTheProvider",
            "required_s1_2_anUndeclaredDatagramDomainIsRefusedNamingIt");

    @Test
    void aDecoratorThatKeepsItsDelegatesNamePasses() {
        EngineExecutionResults results = run(TransparentKit.class);
        assertEquals(List.of(), results.testEvents().failed().stream().map(DecoratorNamesTest::describe).toList());
        // §1.2 runs for the three domains, two of them skipped (declared): five tests in all.
        assertEquals(5, results.testEvents().finished().count() + results.testEvents().skipped().count(),
                () -> "ran " + results.testEvents().list());
    }

    @Test
    void aDecoratorWithANameOfItsOwnFailsSayingWhatToDo() {
        EngineExecutionResults results = run(LoggingKit.class);
        Map<String, String> failures = results.testEvents().failed().stream().collect(Collectors.toMap(
                event -> event.getTestDescriptor().getLegacyReportingName().replaceFirst("\\(.*", ""),
                event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Throwable::getMessage).orElse(""),
                (a, b) -> a));
        assertEquals(TESTS.stream().sorted().toList(), failures.keySet().stream().sorted().toList(), "the tests that fail");
        failures.forEach((test, message) -> {
            assertTrue(message.contains("A decorator takes its delegate's name (§1.7"), () -> test + " does not say what to do: " + message);
            assertTrue(message.contains("logging") && message.contains("blocking"), () -> test + " names neither name: " + message);
        });
    }

    private static EngineExecutionResults run(Class<? extends ConformanceKit> kit) {
        DiscoverySelector[] selectors = TESTS.stream()
                .map(test -> selectNestedMethod(List.of(kit), ConformanceKit.Providers.class, test,
                        test.startsWith("required_s1_2_") ? "dev.sockets.Domain" : ""))
                .toArray(DiscoverySelector[]::new);
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectors).execute();
        assertEquals(List.of(), results.containerEvents().failed().stream().map(DecoratorNamesTest::describe).toList(),
                "the area ran");
        return results;
    }

    private static String describe(Event event) {
        return event.getTestDescriptor().getUniqueId() + ": " + event.getPayload().map(String::valueOf).orElse("");
    }
}
