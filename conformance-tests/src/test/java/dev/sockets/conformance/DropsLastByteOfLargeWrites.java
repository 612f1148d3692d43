package dev.sockets.conformance;

import dev.sockets.Connection;
import dev.sockets.spi.ForwardingConnection;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A faulty provider: a write of 64 KiB or more sends every byte but the last, and says it sent them all (breaks §5.4, §8.1). */
final class DropsLastByteOfLargeWrites extends ForwardingProvider {

    static final int LARGE = 64 * 1024;

    @Override
    protected Connection wrap(Connection connection) {
        return new ForwardingConnection(connection) {
            @Override
            public void write(ByteBuffer src) throws IOException {
                if (src.remaining() < LARGE) {
                    delegate().write(src);
                    return;
                }
                int limit = src.limit();
                delegate().write(src.limit(limit - 1));
                src.limit(limit).position(limit);
            }
        };
    }
}
