package dev.sockets.archfixtures.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Breaks "posix makes its own system calls": a JDK SocketChannel in the posix provider. */
final class ConnectionOverAJdkChannel {
    int read(SocketChannel channel, ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }
}
