package dev.sockets.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * One 64-byte message outstanding at a time: send, wait for the whole echo, record the round trip,
 * send again — or, for an idle connection, stop after the first.
 */
final class PingPongSession extends ClientSession {

    static final int MESSAGE_SIZE = 64;

    private final ByteBuffer request = ByteBuffer.allocateDirect(MESSAGE_SIZE);
    private final ByteBuffer response = ByteBuffer.allocateDirect(MESSAGE_SIZE);
    private final boolean continuous;
    private long sentAt;
    private boolean answered;

    /**
     * @param continuous whether to go on after the first round trip (ping-pong) or hold the
     *     connection idle (the idle test)
     */
    PingPongSession(ClientLoop loop, Meter meter, Runnable onConnected, boolean continuous) {
        super(loop, meter, onConnected);
        this.continuous = continuous;
    }

    @Override
    void connected() throws IOException {
        send();
    }

    private void send() throws IOException {
        request.clear();
        sentAt = System.nanoTime();
        channel.write(request);
        if (request.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    @Override
    void writable() throws IOException {
        channel.write(request);
        if (!request.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    @Override
    void readable() throws IOException {
        if (channel.read(response) < 0) {
            throw new EOFException("Connection closed by the server");
        }
        if (response.hasRemaining()) {
            return;
        }
        response.clear();
        meter.roundTrip(System.nanoTime() - sentAt);
        if (!answered) {
            answered = true;
            meter.answered();
        }
        if (continuous && !meter.stopped()) {
            send();
        }
    }
}
