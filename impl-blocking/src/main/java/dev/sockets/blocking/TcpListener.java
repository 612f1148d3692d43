package dev.sockets.blocking;

import dev.sockets.Connection;
import dev.sockets.ListenOptions;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A TCP listener over IPv4 or IPv6 on a {@link java.net.ServerSocket}: POSIX
 * {@code socket(AF_INET or AF_INET6, SOCK_STREAM, 0)}, {@code setsockopt}, then {@code bind} and
 * {@code listen(fd, backlog)}, which {@code ServerSocket.bind(address, backlog)} does in one step,
 * then {@code accept}.
 *
 * <p>The accept timeout is the server socket's {@code SO_TIMEOUT}, after which it stays usable
 * (§9.2). {@code ServerSocket.close()} from another thread wakes a thread blocked in
 * {@code accept} (§7.3).
 */
final class TcpListener extends StreamListener {

    private final ServerSocket serverSocket;
    private final StreamOptions connectionOptions;

    private TcpListener(ServerSocket serverSocket, StreamOptions connectionOptions) {
        super(serverSocket.getLocalSocketAddress());
        this.serverSocket = serverSocket;
        this.connectionOptions = connectionOptions;
    }

    /**
     * Binds and listens on {@code local} (port 0: the system chooses, §4.1). Every socket option, of
     * the listener and of the connections it will accept, is checked before anything is opened
     * (§10.2); the server socket is closed on every failure (§13.1).
     *
     * @throws BindException "Address already in use: 127.0.0.1:4321" (§4.2)
     */
    static TcpListener listen(InetSocketAddress local, ListenOptions options) throws IOException {
        SocketOptionSupport.tcpListener().checkAll(options.socketOptions());
        SocketOptionSupport.tcp().checkAll(options.connectionOptions().socketOptions());
        ServerSocket serverSocket = new ServerSocket();
        try {
            SocketOptionSupport.apply(options.socketOptions(), serverSocket::setOption);
            serverSocket.setSoTimeout(Timeouts.millis(options.acceptTimeout()));
            try {
                serverSocket.bind(local, options.backlog());
            } catch (BindException e) {
                throw Errors.addressInUse(local, e);
            }
            return new TcpListener(serverSocket, options.connectionOptions());
        } catch (IOException | RuntimeException e) {
            try {
                serverSocket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    Connection implAccept() throws IOException {
        Socket socket;
        try {
            socket = serverSocket.accept();
        } catch (SocketTimeoutException e) {
            SocketTimeoutException timedOut = Errors.acceptTimedOut();
            timedOut.initCause(e);
            throw timedOut;
        }
        return TcpConnection.accepted(socket, connectionOptions);
    }

    @Override
    void implClose() throws IOException {
        serverSocket.close();
    }
}
