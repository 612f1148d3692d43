package dev.sockets.blocking;

import dev.sockets.StreamOptions;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A TCP connection over IPv4 or IPv6 on a {@link java.net.Socket}: POSIX
 * {@code socket(AF_INET or AF_INET6, SOCK_STREAM, 0)}, {@code connect} (or {@code accept}),
 * {@code read}, {@code write}, {@code shutdown}, {@code setsockopt}, {@code close}.
 *
 * <p>The read timeout is the socket's {@code SO_TIMEOUT}: a timed-out read leaves the socket
 * usable, as §9.1 asks. {@code Socket.close()} from another thread wakes a thread blocked in
 * {@code read} or {@code write}, which is what §7.3 needs; the state machine of
 * {@link StreamConnection} turns what it throws into {@link dev.sockets.SocketClosedException}.
 */
final class TcpConnection extends StreamConnection {

    /** The largest piece copied through a scratch array, or handed to one {@code write(2)}. */
    private static final int CHUNK = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** For buffers without an accessible array (direct or read-only); guarded by the read lock. */
    private byte[] readScratch;
    /** As {@link #readScratch}; guarded by the write lock. */
    private byte[] writeScratch;

    private TcpConnection(Socket socket) throws IOException {
        super(socket.getLocalSocketAddress(), socket.getRemoteSocketAddress(), SocketOptionSupport.tcp());
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a socket, sets the socket options, then connects it to {@code remote} within the
     * connect timeout (§3.3, §3.4). Closes the socket on every failure (§13.1).
     */
    static TcpConnection connect(InetSocketAddress remote, StreamOptions options) throws IOException {
        SocketOptionSupport.tcp().checkAll(options.socketOptions());
        Socket socket = new Socket();
        try {
            SocketOptionSupport.apply(options.socketOptions(), socket::setOption);
            socket.setSoTimeout(Timeouts.millis(options.readTimeout()));
            try {
                socket.connect(remote, Timeouts.millis(options.connectTimeout()));
            } catch (SocketTimeoutException e) {
                SocketTimeoutException timedOut = Errors.connectTimedOut(remote);
                timedOut.initCause(e);
                throw timedOut;
            } catch (ConnectException e) {
                throw Errors.refused(remote, e);
            }
            return new TcpConnection(socket);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(socket, e);
            throw e;
        }
    }

    /**
     * Wraps a socket returned by {@code ServerSocket.accept()}, with the read timeout and socket
     * options of the listener's connection options (§4.3). Closes the socket if that fails.
     */
    static TcpConnection accepted(Socket socket, StreamOptions options) throws IOException {
        try {
            SocketOptionSupport.apply(options.socketOptions(), socket::setOption);
            socket.setSoTimeout(Timeouts.millis(options.readTimeout()));
            return new TcpConnection(socket);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(socket, e);
            throw e;
        }
    }

    @Override
    int implRead(ByteBuffer dst) throws IOException {
        try {
            if (dst.hasArray()) {
                int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
                return n;
            }
            if (readScratch == null) {
                readScratch = new byte[CHUNK];
            }
            int n = in.read(readScratch, 0, Math.min(readScratch.length, dst.remaining()));
            if (n > 0) {
                dst.put(readScratch, 0, n);
            }
            return n;
        } catch (SocketTimeoutException e) {
            SocketTimeoutException timedOut = Errors.readTimedOut();
            timedOut.initCause(e);
            throw timedOut;
        }
    }

    @Override
    void implWrite(ByteBuffer src) throws IOException {
        // In chunks, so that if a write fails, src's position tells how many bytes went before it.
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), CHUNK);
            int position = src.position();
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + position, n);
            } else {
                if (writeScratch == null) {
                    writeScratch = new byte[CHUNK];
                }
                src.get(position, writeScratch, 0, n);
                out.write(writeScratch, 0, n);
            }
            src.position(position + n);
        }
    }

    @Override
    void implShutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    void implShutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    void implClose() throws IOException {
        socket.close();
    }

    @Override
    <T> T implGetOption(SocketOption<T> option) throws IOException {
        return socket.getOption(option);
    }

    @Override
    <T> void implSetOption(SocketOption<T> option, T value) throws IOException {
        socket.setOption(option, value);
    }

    private static void closeAfterFailure(Socket socket, Exception failure) {
        try {
            socket.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
