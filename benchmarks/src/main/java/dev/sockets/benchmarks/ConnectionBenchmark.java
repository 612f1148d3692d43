package dev.sockets.benchmarks;

import dev.sockets.Connection;
import dev.sockets.Sockets;
import dev.sockets.StreamOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one 64-byte {@link Connection#write} and {@link Connection#read} through each
 * provider, against the raw JDK calls on a {@link SocketChannel} ({@code via = "jdk"}).
 *
 * <p>One thread does it all, so no thread switch is measured: the connection writes 64 bytes, a
 * plain blocking channel at the other end reads them and writes them back, the connection reads
 * them. The peer's half is the same in every case; the difference from {@code jdk} is what a
 * provider adds to a write and a read whose data is already there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConnectionBenchmark {

    /** The path of the client's calls: {@code jdk} for the raw channel, else a provider's name. */
    @Param({"jdk", "blocking", "nio", "virtualthreads"})
    public String via;

    private final ByteBuffer out = ByteBuffer.allocate(PingPongSession.MESSAGE_SIZE);
    private final ByteBuffer in = ByteBuffer.allocate(PingPongSession.MESSAGE_SIZE);
    private final ByteBuffer echo = ByteBuffer.allocateDirect(PingPongSession.MESSAGE_SIZE);
    private ServerSocketChannel listener;
    private SocketChannel peer;
    private SocketChannel raw;
    private Connection connection;

    @Setup
    public void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketAddress address = listener.getLocalAddress();
        if (via.equals("jdk")) {
            raw = SocketChannel.open(address);
            raw.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } else {
            connection = Sockets.provider(via).connect(address, StreamOptions.defaults().with(StandardSocketOptions.TCP_NODELAY, true));
        }
        peer = listener.accept();
        peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    @Benchmark
    public int writeThenRead() throws IOException {
        write(out.clear());
        echo.clear();
        while (echo.hasRemaining()) {
            peer.read(echo);
        }
        echo.flip();
        while (echo.hasRemaining()) {
            peer.write(echo);
        }
        in.clear();
        while (in.hasRemaining()) {
            if (read(in) < 0) {
                throw new IOException("Unexpected end of stream");
            }
        }
        return in.position();
    }

    private void write(ByteBuffer src) throws IOException {
        if (raw != null) {
            while (src.hasRemaining()) {
                raw.write(src);
            }
        } else {
            connection.write(src);
        }
    }

    private int read(ByteBuffer dst) throws IOException {
        return raw != null ? raw.read(dst) : connection.read(dst);
    }

    @TearDown
    public void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
        if (raw != null) {
            raw.close();
        }
        peer.close();
        listener.close();
    }
}
