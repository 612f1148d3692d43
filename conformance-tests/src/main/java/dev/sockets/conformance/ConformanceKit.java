package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The whole conformance kit against one provider: every area of SPEC.md, as one {@link Nested}
 * class each, plus the check that every rule of SPEC.md has a test ({@link SpecCoverage}).
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

    /** §1: discovery and capabilities. */
    @Nested
    class Providers extends ProvidersVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §2: arguments. */
    @Nested
    class Arguments extends ArgumentsVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §3: connect. */
    @Nested
    class Connect extends ConnectVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §4: listen and accept. */
    @Nested
    class ListenAccept extends ListenAcceptVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §5: read and write. */
    @Nested
    class ReadWrite extends ReadWriteVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §6: half-close. */
    @Nested
    class HalfClose extends HalfCloseVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §7: close. */
    @Nested
    class Close extends CloseVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §8: data integrity, and the model of a connected pair. */
    @Nested
    class Integrity extends IntegrityVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §9: timeouts. */
    @Nested
    class Timeouts extends TimeoutsVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §10: socket options. */
    @Nested
    class Options extends OptionsVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §11: datagrams. */
    @Nested
    class Datagrams extends DatagramVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §12: the server loop ({@code serve}); not named Server, which would hide {@code dev.sockets.Server} in subclasses. */
    @Nested
    class ServerLoop extends ServerVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §13: resources. */
    @Nested
    class Resources extends ResourcesVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** §16: event-driven connections. */
    @Nested
    class Events extends EventsVerification {
        @Override
        protected SocketProvider provider() {
            return ConformanceKit.this.provider();
        }
    }

    /** Every rule of SPEC.md has a test in this kit, named after it. */
    @Nested
    class Coverage extends SpecCoverage {
        @Override
        protected Class<?> kit() {
            return ConformanceKit.this.getClass();
        }
    }
}
