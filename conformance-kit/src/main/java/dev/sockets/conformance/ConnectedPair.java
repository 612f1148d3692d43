package dev.sockets.conformance;

import dev.sockets.Connection;
import dev.sockets.Listener;
import java.io.IOException;

/**
 * Both ends of one stream connection, made through a listener of the server-side provider and a
 * connect of the client-side provider. Closing the pair closes all three, quietly.
 *
 * @param client the end that connected
 * @param server the end that was accepted
 * @param listener the listener that accepted it, still open
 */
public record ConnectedPair(Connection client, Connection server, Listener listener) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (AutoCloseable c : new AutoCloseable[] {client, server, listener}) {
            try {
                c.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
