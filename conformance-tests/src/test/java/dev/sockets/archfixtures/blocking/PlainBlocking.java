package dev.sockets.archfixtures.blocking;

import dev.sockets.archfixtures.PlainApi;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;

/** Keeps the rules of impl-blocking: the API and the JDK only, a blocking java.net socket, no Selector. */
public final class PlainBlocking implements PlainApi {
    private final Socket socket = new Socket();

    @Override
    public SocketAddress localAddress() {
        return socket.getLocalSocketAddress();
    }

    public int read() throws IOException {
        return socket.getInputStream().read();
    }
}
