package dev.sockets.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Connection churn: connect, one 64-byte round trip, close — then the next connection, on the same
 * loop, until the meter stops. The time recorded is from the connect to the echo.
 */
final class ChurnSession extends ClientSession {

    private final InetSocketAddress address;
    private final ByteBuffer request = ByteBuffer.allocate(PingPongSession.MESSAGE_SIZE);
    private final ByteBuffer response = ByteBuffer.allocate(PingPongSession.MESSAGE_SIZE);
    private final long startedAt = System.nanoTime();

    ChurnSession(ClientLoop loop, Meter meter, InetSocketAddress address) {
        super(loop, meter, () -> { });
        this.address = address;
    }

    @Override
    void connected() throws IOException {
        // 64 bytes always fit an empty socket buffer
        channel.write(request);
    }

    @Override
    void readable() throws IOException {
        if (channel.read(response) < 0) {
            throw new EOFException("Connection closed by the server");
        }
        if (response.hasRemaining()) {
            return;
        }
        meter.roundTrip(System.nanoTime() - startedAt);
        close();
        next();
    }

    @Override
    void failed() {
        // later, not now: a connect that fails at once must not recurse
        loop.execute(this::next);
    }

    private void next() {
        if (!meter.stopped()) {
            new ChurnSession(loop, meter, address).open(address);
        }
    }
}
