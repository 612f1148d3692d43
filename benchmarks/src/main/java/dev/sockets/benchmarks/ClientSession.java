package dev.sockets.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of the load generator: a non-blocking {@link SocketChannel} registered
 * with its {@link ClientLoop}, and what to do when it connects, is readable, is writable. Every
 * method runs on the loop's thread.
 */
abstract class ClientSession {

    final ClientLoop loop;
    final Meter meter;
    private final Runnable onConnected;
    private boolean connectSignalled;
    SocketChannel channel;
    SelectionKey key;

    /** @param onConnected run once: when the connect completes, or fails */
    ClientSession(ClientLoop loop, Meter meter, Runnable onConnected) {
        this.loop = loop;
        this.meter = meter;
        this.onConnected = onConnected;
    }

    /** Starts a non-blocking connect to {@code address}. */
    final void open(InetSocketAddress address) {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            if (channel.connect(address)) {
                key.interestOps(SelectionKey.OP_READ);
                signalConnected();
                connected();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Called by the loop for each readiness the selector reports. */
    final void ready(SelectionKey selected) {
        try {
            if (selected.isConnectable()) {
                if (channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_READ);
                    signalConnected();
                    connected();
                }
                return;
            }
            if (selected.isReadable()) {
                readable();
            }
            if (selected.isValid() && selected.isWritable()) {
                writable();
            }
        } catch (IOException | CancelledKeyException e) {
            fail(e);
        }
    }

    abstract void connected() throws IOException;

    abstract void readable() throws IOException;

    void writable() throws IOException {
    }

    /** Called after a failure has been counted and the connection closed. */
    void failed() {
    }

    private void signalConnected() {
        if (!connectSignalled) {
            connectSignalled = true;
            onConnected.run();
        }
    }

    final void fail(Throwable error) {
        close();
        if (!meter.stopped()) {
            meter.error(error);
        }
        signalConnected();
        failed();
    }

    final void close() {
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing: nothing more to do
            }
        }
    }
}
