package dev.sockets.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.Server;
import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole conformance kit against the provider "virtualthreads", found by name as a user would (§1.1). */
class VirtualThreadsConformanceTest extends ConformanceKit {

    @Override
    protected SocketProvider provider() {
        return Sockets.provider("virtualthreads");
    }

    /**
     * The model itself, beyond SPEC.md: every handler runs on a virtual thread of its own, never on a
     * platform thread (DESIGN.md, the three models).
     */
    @Test
    void everyHandlerRunsOnAVirtualThreadOfItsOwn() throws Exception {
        int clients = 8;
        Map<Thread, Boolean> handlerThreads = new ConcurrentHashMap<>();
        CountDownLatch allIn = new CountDownLatch(clients);
        try (Server server = provider().serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), connection -> {
            handlerThreads.put(Thread.currentThread(), Thread.currentThread().isVirtual());
            allIn.countDown();
            // Hold every handler until all are in, so that no thread could serve two clients.
            connection.read(ByteBuffer.allocate(1));
        })) {
            Connection[] open = new Connection[clients];
            try {
                for (int i = 0; i < clients; i++) {
                    open[i] = provider().connect(server.localAddress());
                }
                assertTrue(allIn.await(30, TimeUnit.SECONDS), "every client reached its handler");
            } finally {
                for (Connection c : open) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
        }
        assertEquals(clients, handlerThreads.size(), "a thread per client: " + handlerThreads.keySet());
        assertTrue(handlerThreads.values().stream().allMatch(Boolean::booleanValue),
                "handlers on platform threads: " + handlerThreads.keySet());
    }
}
