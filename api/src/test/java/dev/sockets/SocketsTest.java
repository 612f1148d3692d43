package dev.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The api module alone has no provider installed: discovery must say so, clearly. */
class SocketsTest {

    @Test
    void anUnknownNameListsTheInstalledProviders() {
        var e = assertThrows(IllegalArgumentException.class, () -> Sockets.provider("nope"));
        assertEquals("§1.1: no socket provider named 'nope'; installed: none", e.getMessage());
    }

    @Test
    void noProviderInstalledIsAnError() {
        String previous = System.clearProperty(Sockets.PROVIDER_PROPERTY);
        try {
            assertTrue(Sockets.providers().isEmpty());
            var e = assertThrows(IllegalStateException.class, Sockets::provider);
            assertTrue(e.getMessage().startsWith("§1.1: no socket provider installed"), e.getMessage());
        } finally {
            if (previous != null) {
                System.setProperty(Sockets.PROVIDER_PROPERTY, previous);
            }
        }
    }

    @Test
    void thePropertyNamesTheProvider() {
        String previous = System.setProperty(Sockets.PROVIDER_PROPERTY, "missing");
        try {
            var e = assertThrows(IllegalStateException.class, Sockets::provider);
            assertEquals("§1.1: dev.sockets.provider=missing: no such socket provider; installed: none", e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(Sockets.PROVIDER_PROPERTY);
            } else {
                System.setProperty(Sockets.PROVIDER_PROPERTY, previous);
            }
        }
    }
}
