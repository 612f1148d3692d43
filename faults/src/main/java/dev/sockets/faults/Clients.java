package dev.sockets.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The suite's clients: plain {@code java.net} sockets from outside the server's process, so that what they see
 * is what any client sees.
 */
final class Clients {

    private Clients() {
    }

    static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /**
     * One connect, write, read the echo, close; returns whether the echo came whole within {@code timeoutMillis}.
     */
    static boolean roundTrip(int port, int timeoutMillis) {
        byte[] request = "ping faults".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Socket socket = new Socket()) {
            socket.connect(local(port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request);
            byte[] reply = socket.getInputStream().readNBytes(request.length);
            return Arrays.equals(request, reply);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Round trips until one succeeds or {@code withinMillis} pass; returns the milliseconds it took, or -1.
     */
    static long firstServed(int port, long withinMillis) {
        long start = System.nanoTime();
        long deadline = start + withinMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (roundTrip(port, 250)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        return -1;
    }

    /** A connect that does not wait: the connection completes in the background, or waits in the backlog. */
    static SocketChannel connectLater(int port) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.connect(local(port));
        return channel;
    }

    /** Whether {@code in} ends (−1) or is reset within {@code timeoutMillis}; reads and drops what comes. */
    static boolean endsWithin(Socket socket, int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[65536];
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (System.nanoTime() < deadline) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // best effort
        }
    }

    /** Writes {@code data} and ignores a failure: the peer may be gone. */
    static boolean writeQuietly(OutputStream out, byte[] data) {
        try {
            out.write(data);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
