package dev.sockets.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The plain-JDK baseline of the NIO model: one thread, one {@link Selector}, non-blocking channels.
 * It reads into one shared buffer and writes straight back; only bytes the socket would not take
 * are copied aside, and that client is not read again until they are written (backpressure).
 */
final class SelectorEchoServer implements EchoServer {

    private static final int SHARED_BUFFER_SIZE = BUFFER_SIZE; // the policy of every server, see EchoServer

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ByteBuffer shared = ByteBuffer.allocateDirect(SHARED_BUFFER_SIZE);
    private final Thread loop;
    private volatile boolean open = true;

    private SelectorEchoServer(ServerSocketChannel listener, Selector selector) {
        this.listener = listener;
        this.selector = selector;
        this.loop = Thread.ofPlatform().name("echo-selector").daemon().start(this::run);
    }

    static EchoServer start(InetSocketAddress address) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open().bind(address, BACKLOG);
        listener.configureBlocking(false);
        Selector selector = Selector.open();
        listener.register(selector, SelectionKey.OP_ACCEPT);
        return new SelectorEchoServer(listener, selector);
    }

    private void run() {
        try {
            while (open) {
                selector.select(this::ready);
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ready(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                accept();
            } else if (key.isReadable()) {
                read(key);
            } else if (key.isWritable()) {
                write(key);
            }
        } catch (IOException e) {
            closeQuietly(key);
        }
    }

    private void accept() throws IOException {
        for (SocketChannel client; (client = listener.accept()) != null; ) {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            client.register(selector, SelectionKey.OP_READ);
        }
    }

    private void read(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        int n = client.read(shared.clear());
        if (n < 0) {
            closeQuietly(key);
            return;
        }
        client.write(shared.flip());
        if (shared.hasRemaining()) {
            key.attach(ByteBuffer.allocate(shared.remaining()).put(shared).flip());
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private void write(SelectionKey key) throws IOException {
        ByteBuffer pending = (ByteBuffer) key.attachment();
        ((SocketChannel) key.channel()).write(pending);
        if (!pending.hasRemaining()) {
            key.attach(null);
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            // closing a reset connection: nothing more to do
        }
    }

    @Override
    public int port() {
        return listener.socket().getLocalPort();
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            loop.join();
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
