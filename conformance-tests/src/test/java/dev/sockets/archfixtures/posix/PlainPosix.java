package dev.sockets.archfixtures.posix;

import dev.sockets.archfixtures.PlainApi;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.spi.AbstractInterruptibleChannel;

/**
 * Keeps the rules of impl-posix: a descriptor of its own, waits that an interrupt ends through the
 * JDK's one public hook for them (AbstractInterruptibleChannel), the API and the JDK only.
 */
public final class PlainPosix extends AbstractInterruptibleChannel implements PlainApi {
    private int fd = -1;

    @Override
    public SocketAddress localAddress() {
        return new InetSocketAddress(fd < 0 ? 0 : fd);
    }

    @Override
    protected void implCloseChannel() {
        fd = -1;
    }
}
