package dev.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void negativeTimeoutsAreRefusedNamingTheParameter() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> StreamOptions.defaults().withReadTimeout(Duration.ofMillis(-1)));
        assertEquals("§2.1: readTimeout < 0: PT-0.001S", e.getMessage());
        var write = assertThrows(IllegalArgumentException.class,
                () -> StreamOptions.defaults().withWriteTimeout(Duration.ofMillis(-1)));
        assertEquals("§2.1: writeTimeout < 0: PT-0.001S", write.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamOptions.defaults().withConnectTimeout(Duration.ofSeconds(-5)));
        assertThrows(IllegalArgumentException.class, () -> ListenOptions.defaults().withAcceptTimeout(Duration.ofNanos(-1)));
        assertThrows(IllegalArgumentException.class, () -> DatagramOptions.defaults().withReceiveTimeout(Duration.ofDays(-1)));
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.defaults().withShutdownTimeout(Duration.ofSeconds(-1)));
    }

    @Test
    void nullsAreRefusedNamingTheParameter() {
        var e = assertThrows(NullPointerException.class, () -> StreamOptions.defaults().withReadTimeout(null));
        assertEquals("readTimeout", e.getMessage());
        assertEquals("writeTimeout",
                assertThrows(NullPointerException.class, () -> StreamOptions.defaults().withWriteTimeout(null)).getMessage());
        assertThrows(NullPointerException.class, () -> StreamOptions.defaults().with(null, true));
        assertThrows(NullPointerException.class, () -> StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, null));
        assertThrows(NullPointerException.class, () -> ListenOptions.defaults().withConnectionOptions(null));
        assertThrows(NullPointerException.class, () -> ServerOptions.defaults().withListenOptions(null));
    }

    @Test
    void backlogAndConnectionLimitMustBePositive() {
        assertEquals("§2.1: backlog < 1: 0",
                assertThrows(IllegalArgumentException.class, () -> ListenOptions.defaults().withBacklog(0)).getMessage());
        assertEquals("§2.1: maxConnections < 1: -3",
                assertThrows(IllegalArgumentException.class, () -> ServerOptions.defaults().withMaxConnections(-3)).getMessage());
    }

    @Test
    void bufferSizesMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class, () -> StreamOptions.defaults().with(StandardSocketOptions.SO_SNDBUF, 0));
        assertEquals("§10.3: SO_SNDBUF < 1: 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatagramOptions.defaults().with(StandardSocketOptions.SO_RCVBUF, -1));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aValueOfTheWrongTypeIsRefusedNamingTheOption() {
        SocketOption raw = StandardSocketOptions.TCP_NODELAY;
        var e = assertThrows(IllegalArgumentException.class, () -> StreamOptions.defaults().with(raw, "yes"));
        assertEquals("§10.3: TCP_NODELAY takes a Boolean, not a String: yes", e.getMessage());
        Map<SocketOption<?>, Object> map = new HashMap<>();
        map.put(StandardSocketOptions.SO_LINGER, true);
        assertThrows(IllegalArgumentException.class, () -> new StreamOptions(Duration.ZERO, Duration.ZERO, map));
    }

    @Test
    void optionsAreImmutableValues() {
        StreamOptions base = StreamOptions.defaults();
        StreamOptions nodelay = base.with(StandardSocketOptions.TCP_NODELAY, true).withReadTimeout(Duration.ofSeconds(1));
        assertNotSame(base, nodelay);
        assertEquals(Optional.empty(), base.option(StandardSocketOptions.TCP_NODELAY));
        assertEquals(Optional.of(true), nodelay.option(StandardSocketOptions.TCP_NODELAY));
        assertEquals(Duration.ZERO, base.readTimeout());
        assertThrows(UnsupportedOperationException.class, () -> nodelay.socketOptions().clear());

        Map<SocketOption<?>, Object> mutable = new HashMap<>();
        StreamOptions fromMap = new StreamOptions(Duration.ZERO, Duration.ZERO, mutable);
        mutable.put(StandardSocketOptions.SO_KEEPALIVE, true);
        assertTrue(fromMap.socketOptions().isEmpty(), "a later change to the caller's map must not show");
        assertEquals(nodelay, base.with(StandardSocketOptions.TCP_NODELAY, true).withReadTimeout(Duration.ofSeconds(1)));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals(Duration.ZERO, StreamOptions.defaults().connectTimeout());
        assertEquals(50, ListenOptions.defaults().backlog());
        assertEquals(10_000, ServerOptions.defaults().maxConnections());
        assertEquals(Duration.ofSeconds(5), ServerOptions.defaults().shutdownTimeout());
        assertEquals(Duration.ZERO, DatagramOptions.defaults().receiveTimeout());
    }
}
