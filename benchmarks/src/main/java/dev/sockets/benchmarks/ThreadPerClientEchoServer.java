package dev.sockets.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * The plain-JDK baseline of the blocking and the virtual-thread models: {@link ServerSocket}, an
 * accept loop, and a thread per client (platform or virtual) that copies its socket's input to its
 * output with {@link InputStream#read(byte[])} — what one writes without any library.
 */
final class ThreadPerClientEchoServer implements EchoServer {

    private final ServerSocket listener;
    private final ThreadFactory clientThreads;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private ThreadPerClientEchoServer(ServerSocket listener, ThreadFactory clientThreads) {
        this.listener = listener;
        this.clientThreads = clientThreads;
        this.acceptor = Thread.ofPlatform().name("echo-accept").daemon().start(this::acceptLoop);
    }

    static EchoServer platformThreads(InetSocketAddress address) throws IOException {
        return new ThreadPerClientEchoServer(bind(address), Thread.ofPlatform().name("echo-client-", 1).daemon().factory());
    }

    static EchoServer virtualThreads(InetSocketAddress address) throws IOException {
        return new ThreadPerClientEchoServer(bind(address), Thread.ofVirtual().name("echo-client-", 1).factory());
    }

    private static ServerSocket bind(InetSocketAddress address) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(address, BACKLOG);
        return listener;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                client.setTcpNoDelay(true);
                clients.add(client);
                clientThreads.newThread(() -> serve(client)).start();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void serve(Socket client) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client went away (reset); nothing to echo to
        } finally {
            clients.remove(client);
        }
    }

    @Override
    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() {
        try {
            listener.close();
            for (Socket client : clients) {
                client.close();
            }
            acceptor.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
