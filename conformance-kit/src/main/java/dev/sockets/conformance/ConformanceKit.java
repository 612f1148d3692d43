package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The whole conformance kit against one provider: every area of SPEC.md, as one {@link Nested}
 * class each, plus the check that every rule of SPEC.md (and of the subclass's own rule files) has a
 * test ({@link SpecCoverage}).
 *
 * <p>A provider's whole test is one subclass:
 * {@snippet :
 * class MyProviderTest extends ConformanceKit {
 *     @Override
 *     protected SocketProvider provider() {
 *         return new MyProvider();
 *     }
 * }
 * }
 * Tests of a capability the provider does not declare (say AF_UNIX datagrams) are reported as
 * skipped, with the reason.
 *
 * <h2>Tiers, and opting out</h2>
 * A test's name says its tier: {@code required_…} for a MUST rule, {@code optional_…} for a SHOULD or
 * MAY rule, {@code untested_…} for a rule no test can check (reported as skipped, with why:
 * {@link Untested}). A provider that does not follow an optional rule says so, and why, by overriding
 * {@link #optOuts()}; the rule's tests are then skipped with that reason.
 *
 * <h2>Rules of one's own</h2>
 * A subclass adds rules in a file of its own, in SPEC.md's heading form with sections from §100, names
 * it in {@link #ownRules()}, and tests them in a {@link Nested} area of its own (a subclass of
 * {@link ProviderVerification}, tagged with its name); the coverage check holds both.
 *
 * <h2>One area</h2>
 * Each area carries a {@link Tag} of its class's name ({@code Connect}, {@code Timeouts}, …), so a run
 * selects areas by tag: {@code ./mvnw verify -Dtest='MyProviderTest*' -Dgroups=Connect,Timeouts}.
 *
 * <p>Nothing hangs: every test is bounded by this class's {@link Timeout}, run on a separate thread
 * so that even a call that ignores interrupts (a provider that ignores its read timeout) fails the
 * test instead of stalling the run. Tests that wait on the provider on purpose bound the wait
 * themselves, more tightly, and close what they opened when it passes.
 *
 * <p>Properties (QuickTheories) print their seed when they fail ("Seed was 1234"); replay one with
 * {@code ./mvnw verify -DQT_SEED=1234 -Dtest='MyProviderTest*'}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class ConformanceKit {

    /** For a subclass that supplies the provider under test. */
    protected ConformanceKit() {
    }

    /**
     * Returns the provider under test. Called once per test; may return a new instance each time.
     *
     * @return the provider under test
     */
    protected abstract SocketProvider provider();

    /**
     * Returns the optional rules (SHOULD, MAY) the provider does not follow, each with why: their tests are
     * skipped with that reason, which the conformance matrix shows. None unless overridden:
     * {@snippet :
     * @Override
     * protected Map<String, String> optOuts() {
     *     return Map.of("§3.4", "options are set after connect(2): the library underneath has no hook before it");
     * }
     * }
     * Only SHOULD and MAY rules can be opted out of; the coverage check fails on any other.
     *
     * @return the rule ("§3.4") and the reason of each opt-out
     */
    protected Map<String, String> optOuts() {
        return Map.of();
    }

    /**
     * Returns rule files of one's own, which the kit's coverage check reads besides SPEC.md: the same
     * heading form ({@code ### §100.1 Title (MUST)}), sections numbered from §100. None unless
     * overridden; a resource beside the subclass is found with {@code getClass().getResource}, which a
     * named module may call on its own resources:
     * {@snippet :
     * @Override
     * protected List<URL> ownRules() {
     *     return List.of(MyProviderTest.class.getResource("RULES.md"));
     * }
     * }
     *
     * @return the rule files, in the order their rules are listed
     */
    protected List<URL> ownRules() {
        return List.of();
    }

    /** §1: discovery and capabilities. */
    @Nested
    @Tag("Providers")
    class Providers extends ProvidersVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §2: arguments. */
    @Nested
    @Tag("Arguments")
    class Arguments extends ArgumentsVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §3: connect. */
    @Nested
    @Tag("Connect")
    class Connect extends ConnectVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §4: listen and accept. */
    @Nested
    @Tag("ListenAccept")
    class ListenAccept extends ListenAcceptVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §5: read and write. */
    @Nested
    @Tag("ReadWrite")
    class ReadWrite extends ReadWriteVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §6: half-close. */
    @Nested
    @Tag("HalfClose")
    class HalfClose extends HalfCloseVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §7: close. */
    @Nested
    @Tag("Close")
    class Close extends CloseVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §8: data integrity, and the model of a connected pair. */
    @Nested
    @Tag("Integrity")
    class Integrity extends IntegrityVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §9: timeouts. */
    @Nested
    @Tag("Timeouts")
    class Timeouts extends TimeoutsVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §10: socket options. */
    @Nested
    @Tag("Options")
    class Options extends OptionsVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §11: datagrams. */
    @Nested
    @Tag("Datagrams")
    class Datagrams extends DatagramVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §11.8 to §11.10: UNIX-domain datagrams, where the provider declares them. */
    @Nested
    @Tag("UnixDatagrams")
    class UnixDatagrams extends UnixDatagramVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §14: raw sockets, where the provider declares them and the process may open them. */
    @Nested
    @Tag("Raw")
    class Raw extends RawVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §15: AF_UNIX SOCK_SEQPACKET and SO_PEERCRED, where the provider declares them. */
    @Nested
    @Tag("Seqpacket")
    class Seqpacket extends SeqpacketVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §12: the server loop ({@code serve}); not named Server, which would hide {@code dev.sockets.Server} in subclasses. */
    @Nested
    @Tag("ServerLoop")
    class ServerLoop extends ServerVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §13: resources. */
    @Nested
    @Tag("Resources")
    class Resources extends ResourcesVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §16: event-driven connections. */
    @Nested
    @Tag("Events")
    class Events extends EventsVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** Every rule of SPEC.md has a test in this kit, named after it. */
    @Nested
    @Tag("Coverage")
    class Coverage extends SpecCoverage {
        @Override
        protected Class<?> kit() {
            return ConformanceKit.this.getClass();
        }

        @Override
        protected List<URL> ownRules() {
            return ConformanceKit.this.ownRules();
        }

        @Override
        protected Map<String, String> optOuts() {
            return ConformanceKit.this.optOuts();
        }
    }
}
