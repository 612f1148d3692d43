package dev.sockets.archfixtures.nio;

import dev.sockets.archfixtures.PlainApi;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Keeps the rules of impl-nio: a non-blocking channel, the API and the JDK only, no thread. */
public final class PlainNio implements PlainApi {
    private SocketChannel channel;

    @Override
    public SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }
}
