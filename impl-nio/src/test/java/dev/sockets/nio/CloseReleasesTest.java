package dev.sockets.nio;

import static dev.sockets.nio.NioTesting.anyLocal;
import static dev.sockets.nio.NioTesting.parkedInReadiness;
import static dev.sockets.nio.NioTesting.socketDescriptors;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.Domain;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.SocketProvider;
import dev.sockets.StreamOptions;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * §4.6, §7.4: the JDK closes a channel registered with a selector only when the selector deregisters its key, in
 * its next select. Once close() of a socket that waited in its loop returns, its descriptor is released: the
 * address is free to listen on, the peer has the end of stream, and the process has one descriptor fewer.
 */
class CloseReleasesTest {

    private static final int ROUNDS = 30;
    private static final Duration SHORT = Duration.ofMillis(1);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final SocketProvider nio = NioSocketProvider.builder().loops(1).build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Domain.class)
    void aListenerThatWaitedInAcceptFreesItsAddressAtOnce(Domain domain) throws Exception {
        SocketAddress address = anyLocal(domain, dir);
        ListenOptions timed = ListenOptions.defaults().withAcceptTimeout(SHORT);
        for (int round = 0; round < ROUNDS; round++) {
            Listener listener = nio.listen(address, timed);
            address = listener.localAddress();
            // The timed-out accept registered the channel with its loop for OP_ACCEPT.
            assertThrows(SocketTimeoutException.class, listener::accept);
            listener.close();
        }
        nio.listen(address).close();
    }

    @Test
    void aListenerClosedFromAnotherThreadDuringAcceptFreesItsAddressAtOnce() throws Exception {
        Listener listener = nio.listen(anyLocal(Domain.INET, dir));
        AtomicReference<Thread> acceptor = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            acceptor.set(Thread.currentThread());
            try {
                listener.accept();
            } catch (Exception expected) {
                // closed below
            }
        });
        await().atMost(PATIENCE).until(() -> acceptor.get() != null && parkedInReadiness(acceptor.get()));
        listener.close();
        nio.listen(listener.localAddress()).close();
        t.join();
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void aConnectionThatWaitedInReadIsReleasedWhenCloseReturns(Domain domain) throws Exception {
        // The server side reads with a timeout: the end of stream must be there already, not come later.
        ListenOptions serverReadsNow = ListenOptions.defaults()
                .withConnectionOptions(StreamOptions.defaults().withReadTimeout(Duration.ofMillis(500)));
        try (Listener listener = nio.listen(anyLocal(domain, dir), serverReadsNow)) {
            for (int round = 0; round < ROUNDS; round++) {
                long before = socketDescriptors();
                Connection client = nio.connect(listener.localAddress(), StreamOptions.defaults().withReadTimeout(SHORT));
                try (Connection server = listener.accept()) {
                    assertThrows(SocketTimeoutException.class, () -> client.read(ByteBuffer.allocate(1)));
                    client.close();
                    assertEquals(before + 1, socketDescriptors(), "round " + round + ": the client's descriptor is released");
                    // The end of stream is there, in every domain (the JDK sends an early FIN for TCP only).
                    assertEquals(-1, server.read(ByteBuffer.allocate(1)), "round " + round);
                }
            }
        }
    }

    @Test
    void aDatagramEndpointThatWaitedInReceiveFreesItsPortAtOnce() throws Exception {
        SocketAddress address = anyLocal(Domain.INET, dir);
        DatagramOptions timed = DatagramOptions.defaults().withReceiveTimeout(SHORT);
        for (int round = 0; round < ROUNDS; round++) {
            DatagramEndpoint endpoint = nio.openDatagram(address, timed);
            address = endpoint.localAddress();
            assertThrows(SocketTimeoutException.class, () -> endpoint.receive(ByteBuffer.allocate(1)));
            endpoint.close();
        }
        nio.openDatagram(address).close();
    }
}
