package dev.sockets.conformance;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How the kit waits for a condition: Awaitility, looking at once and then every
 * {@link #POLL_INTERVAL}. Awaitility's own defaults look first after 100 ms and then every 100 ms,
 * which made every wait of the kit cost at least a tenth of a second, even for a condition that held
 * already: the check after each test alone then cost a minute of a provider's run. The kit sets
 * nothing global ({@code Awaitility.setDefault...}), so a project that runs it keeps its own defaults.
 */
final class Waits {

    /** How often a condition is looked at after the first, immediate, look. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(5);

    private Waits() {
    }

    /**
     * Returns Awaitility's condition factory with the kit's polling.
     *
     * @return a factory that looks at once, then every {@link #POLL_INTERVAL}
     */
    static ConditionFactory await() {
        return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL);
    }

    /**
     * As {@link #await()}, with the condition's name for the failure's message.
     *
     * @param alias what is waited for
     * @return a factory that looks at once, then every {@link #POLL_INTERVAL}
     */
    static ConditionFactory await(String alias) {
        return Awaitility.await(alias).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL);
    }
}
