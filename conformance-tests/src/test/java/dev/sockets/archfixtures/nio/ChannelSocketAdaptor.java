package dev.sockets.archfixtures.nio;

import java.nio.channels.SocketChannel;

/** Breaks "nio does no I/O through java.net sockets": the blocking adaptor of a channel, without naming java.net. */
final class ChannelSocketAdaptor {
    Object adaptor(SocketChannel channel) {
        return channel.socket();
    }
}
