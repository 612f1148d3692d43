package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The kit's two-ended areas with the client side from one provider and the server side from
 * another: a provider must not only agree with itself, it must speak plain TCP and UDP to any
 * other. Run it for every ordered pair of two different providers (twelve for four), and
 * {@link JavaNetPeerVerification} for each provider against the JDK's own sockets. A provider paired
 * with itself needs no run of its own: {@link ConformanceKit} has the same areas, whose two ends are
 * then both that provider, so its run is that pair's.
 *
 * <p>In every nested area, the end that connects (or sends a datagram) is made by
 * {@link #clientProvider()}, and the end that listens, accepts, serves (or receives) by
 * {@link #serverProvider()}; {@link ProviderVerification#connectedPair} builds its pairs that way.
 * A test that uses one end only runs it with the client's provider.
 *
 * <p>A pair's whole test is one subclass:
 * {@snippet :
 * class MineToNioTest extends InteropKit {
 *     @Override
 *     protected SocketProvider clientProvider() {
 *         return new MyProvider();
 *     }
 *
 *     @Override
 *     protected SocketProvider serverProvider() {
 *         return Sockets.provider("nio");
 *     }
 * }
 * }
 *
 * <p>Every test is bounded as in {@link ConformanceKit}; properties print their seed and replay with
 * {@code -DQT_SEED=…} (see {@link Theories}). Areas carry the tags of {@link ConformanceKit}'s
 * ({@code -Dgroups=Connect}), and a pair opts out of optional rules as a kit does ({@link #optOuts()}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
public abstract class InteropKit {

    /** For a subclass that supplies the two providers. */
    protected InteropKit() {
    }

    /**
     * Returns the provider of the connecting (and sending) end. Called once per test.
     *
     * @return the client's provider
     */
    protected abstract SocketProvider clientProvider();

    /**
     * Returns the provider of the listening, accepting and serving (and receiving) end. Called once per test.
     *
     * @return the server's provider
     */
    protected abstract SocketProvider serverProvider();

    /**
     * Returns the optional rules (SHOULD, MAY) the pair does not follow, each with why, as
     * {@link ConformanceKit#optOuts()}. None unless overridden.
     *
     * @return the rule ("§3.4") and the reason of each opt-out
     */
    protected Map<String, String> optOuts() {
        return Map.of();
    }

    /** §3: connect, from the client's provider to the server's listener. */
    @Nested
    @Tag("Connect")
    class Connect extends ConnectVerification {
        @Override
        protected SocketProvider provider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider clientProvider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider serverProvider() {
            return InteropKit.this.serverProvider();
        }
    }

    /** §5: read and write, across the pair. */
    @Nested
    @Tag("ReadWrite")
    class ReadWrite extends ReadWriteVerification {
        @Override
        protected SocketProvider provider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider clientProvider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider serverProvider() {
            return InteropKit.this.serverProvider();
        }
    }

    /** §6: half-close, each provider's end shutting down towards the other's. */
    @Nested
    @Tag("HalfClose")
    class HalfClose extends HalfCloseVerification {
        @Override
        protected SocketProvider provider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider clientProvider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider serverProvider() {
            return InteropKit.this.serverProvider();
        }
    }

    /** §7: close, and what the other provider's end sees of it. */
    @Nested
    @Tag("Close")
    class Close extends CloseVerification {
        @Override
        protected SocketProvider provider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider clientProvider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider serverProvider() {
            return InteropKit.this.serverProvider();
        }
    }

    /** §8: data integrity, payloads and the pair model across the two providers. */
    @Nested
    @Tag("Integrity")
    class Integrity extends IntegrityVerification {
        @Override
        protected SocketProvider provider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider clientProvider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider serverProvider() {
            return InteropKit.this.serverProvider();
        }
    }

    /** §11: datagrams, sent by the client's provider and received by the server's. */
    @Nested
    @Tag("Datagrams")
    class Datagrams extends DatagramVerification {
        @Override
        protected SocketProvider provider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider clientProvider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider serverProvider() {
            return InteropKit.this.serverProvider();
        }
    }

    /** §16 on the wire: the server's provider event-driven, the client's provider blocking style or event-driven. */
    @Nested
    @Tag("Events")
    class Events extends EventsWireVerification {
        @Override
        protected SocketProvider provider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider clientProvider() {
            return InteropKit.this.clientProvider();
        }

        @Override
        protected SocketProvider serverProvider() {
            return InteropKit.this.serverProvider();
        }
    }
}
