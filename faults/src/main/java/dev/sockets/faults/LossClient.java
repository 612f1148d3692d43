package dev.sockets.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;

/**
 * The client of the packet-loss probes, run inside the network namespace with the server: streams
 * {@code bytes} pseudo-random bytes (seed 64) through the echo while it reads them back, and prints
 * {@code ok <milliseconds>} if every byte came back in order, else {@code fail <what>}.
 */
public final class LossClient {

    private LossClient() {
    }

    /**
     * Runs one transfer.
     *
     * @param args the port on 127.0.0.1, and the number of bytes
     * @throws Exception if the transfer cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long total = Long.parseLong(args[1]);
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            socket.setSoTimeout(120_000);
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    Random random = new Random(64);
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < total; sent += chunk.length) {
                        random.nextBytes(chunk);
                        out.write(chunk, 0, (int) Math.min(chunk.length, total - sent));
                    }
                    socket.shutdownOutput();
                } catch (IOException e) {
                    System.out.println("fail writing: " + e);
                }
            });
            InputStream in = socket.getInputStream();
            Random random = new Random(64);
            byte[] expected = new byte[64 * 1024];
            byte[] got = new byte[64 * 1024];
            long received = 0;
            while (received < total) {
                random.nextBytes(expected);
                int want = (int) Math.min(expected.length, total - received);
                int n = in.readNBytes(got, 0, want);
                if (n < want || !Arrays.equals(expected, 0, want, got, 0, want)) {
                    System.out.println("fail: the echo differs or ended within bytes " + received + ".." + (received + want));
                    return;
                }
                received += want;
            }
            writer.join();
            System.out.println("ok " + (System.nanoTime() - start) / 1_000_000);
        }
    }
}
