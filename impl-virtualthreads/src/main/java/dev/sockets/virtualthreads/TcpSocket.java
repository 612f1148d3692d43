package dev.sockets.virtualthreads;

import dev.sockets.Domain;
import dev.sockets.StreamOptions;
import dev.sockets.spi.Errors;
import dev.sockets.spi.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;

/**
 * A TCP connection on a {@link Socket}. Since JDK 21 the socket's {@code NioSocketImpl} parks a virtual thread
 * that blocks in connect, read or write (the JDK's poller unparks it when the descriptor is ready), and honours
 * {@code SO_TIMEOUT} and the connect timeout with a timed park: this class only has to call it.
 *
 * <p>Heap buffers are read and written through their arrays. A direct buffer goes through a scratch array of
 * the connection, one for reading (guarded by the connection's read lock) and one for writing (write lock);
 * it belongs to the connection, not to a thread, so nothing is cached per virtual thread.
 */
final class TcpSocket implements StreamSocket {

    private static final int SCRATCH = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final String kind;
    /** Guarded by the connection's read lock. */
    private byte[] readScratch;
    /** Guarded by the connection's write lock. */
    private byte[] writeScratch;

    private TcpSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.local = socket.getLocalSocketAddress();
        this.remote = socket.getRemoteSocketAddress();
        this.kind = kind(Domain.of(remote));
    }

    /**
     * Opens a socket, sets the options, then connects: POSIX {@code socket}, {@code setsockopt}, {@code connect}
     * (§3.4). Closes the socket on every failure (§13.1).
     */
    static TcpSocket connect(InetSocketAddress remote, StreamOptions options) throws IOException {
        Socket socket = new Socket();
        try {
            SocketOptions.checkSupported(options.socketOptions(), socket.supportedOptions(), kind(Domain.of(remote)));
            apply(socket, options);
            socket.connect(remote, Timeouts.millis(options.connectTimeout()));
            return new TcpSocket(socket);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw Errors.connectTimedOut(remote);
        } catch (ConnectException e) {
            closeQuietly(socket);
            throw Errors.refused(remote, e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw Errors.translate(e);
        } catch (RuntimeException | Error e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** Takes a socket returned by {@code accept}, with the listener's connection options (§4.3). */
    static TcpSocket accepted(Socket socket, StreamOptions options) throws IOException {
        try {
            apply(socket, options);
            return new TcpSocket(socket);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** Returns the options a TCP connection supports, from a socket opened and closed once. */
    static Set<SocketOption<?>> streamOptions() {
        return Supported.OPTIONS;
    }

    static String kind(Domain domain) {
        return domain.posixName() + " SOCK_STREAM connections";
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dst.hasArray()) {
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        if (readScratch == null) {
            readScratch = new byte[SCRATCH];
        }
        int n = in.read(readScratch, 0, Math.min(readScratch.length, dst.remaining()));
        if (n > 0) {
            dst.put(readScratch, 0, n);
        }
        return n;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (src.hasArray()) {
            // NioSocketImpl writes every byte before it returns, parking a virtual thread while the send buffer is full
            out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
            return;
        }
        if (writeScratch == null) {
            writeScratch = new byte[SCRATCH];
        }
        while (src.hasRemaining()) {
            int n = Math.min(writeScratch.length, src.remaining());
            src.get(src.position(), writeScratch, 0, n);
            out.write(writeScratch, 0, n);
            src.position(src.position() + n);
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        socket.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public <T> T option(SocketOption<T> option) throws IOException {
        return socket.getOption(option);
    }

    @Override
    public <T> void option(SocketOption<T> option, T value) throws IOException {
        socket.setOption(option, value);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return socket.supportedOptions();
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String kind() {
        return kind;
    }

    /**
     * {@code Socket.close()} shuts the output down before it closes the descriptor (NioSocketImpl does, unless
     * {@code SO_LINGER} is 0), so the peer would read an orderly end of stream even when unread data is discarded.
     * POSIX {@code close(2)} resets the connection then, and §7.4 says so: with unread data, linger is set to 0
     * first, which makes the close abortive. {@code available()} ({@code FIONREAD}) is asked only when no reader is
     * in the socket, so that close never waits for one.
     */
    @Override
    public void close(boolean readerIdle) throws IOException {
        if (readerIdle) {
            try {
                if (in.available() > 0) {
                    socket.setSoLinger(true, 0);
                }
            } catch (IOException alreadyBroken) {
                // the close below is all that is left to do
            }
        }
        socket.close();
    }

    private static void apply(Socket socket, StreamOptions options) throws IOException {
        for (Map.Entry<SocketOption<?>, Object> e : options.socketOptions().entrySet()) {
            set(socket, e.getKey(), e.getValue());
        }
        socket.setSoTimeout(Timeouts.millis(options.readTimeout()));
    }

    private static <T> void set(Socket socket, SocketOption<T> option, Object value) throws IOException {
        socket.setOption(option, SocketOptions.cast(option, value));
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do on this error path
        }
    }

    /** The options of a TCP socket, read once, lazily: the JDK answers per socket, not per class. */
    private static final class Supported {
        static final Set<SocketOption<?>> OPTIONS = read();

        private static Set<SocketOption<?>> read() {
            Socket probe = new Socket();
            try {
                return Set.copyOf(probe.supportedOptions());
            } finally {
                closeQuietly(probe);
            }
        }
    }
}
