package dev.sockets.conformance;

import dev.sockets.SocketProvider;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The kit's two-ended areas with the client side from one provider and the server side from
 * another: a provider must not only agree with itself, it must speak plain TCP and UDP to any
 * other. Run it for every pair of providers (nine for three, including each with itself), and
 * {@link JavaNetPeerVerification} for each provider against the JDK's own sockets.
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
 * {@code -DQT_SEED=…} (see {@link Theories}).
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

    /** §3: connect, from the client's provider to the server's listener. */
    @Nested
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
