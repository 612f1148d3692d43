package dev.sockets.conformance;

import dev.sockets.Connection;
import dev.sockets.spi.ForwardingConnection;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A faulty provider: read returns 0 instead of −1 at end of stream (breaks §5.3, §7.4). */
final class ZeroAtEndOfStream extends ForwardingProvider {

    @Override
    protected Connection wrap(Connection connection) {
        return new ForwardingConnection(connection) {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                int n = delegate().read(dst);
                return n == -1 ? 0 : n;
            }
        };
    }
}
