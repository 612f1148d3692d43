package dev.sockets.archfixtures.nio;

import java.io.IOException;
import java.net.Socket;

/** Breaks "nio does no I/O through java.net sockets": a blocking Socket in the nio provider. */
final class ConnectionOverJavaNet {
    int read(Socket socket) throws IOException {
        return socket.getInputStream().read();
    }
}
