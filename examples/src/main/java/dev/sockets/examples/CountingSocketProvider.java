package dev.sockets.examples;

import dev.sockets.Capability;
import dev.sockets.Connection;
import dev.sockets.ConnectionHandler;
import dev.sockets.DatagramEndpoint;
import dev.sockets.DatagramOptions;
import dev.sockets.ListenOptions;
import dev.sockets.Listener;
import dev.sockets.Server;
import dev.sockets.ServerOptions;
import dev.sockets.ServerStats;
import dev.sockets.SocketProvider;
import dev.sockets.StreamOptions;
import dev.sockets.spi.ServerCounters;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A provider that wraps another and counts every byte read and written through it, by streams and
 * datagrams alike: the kind of decorator a user writes for metrics or tracing. It is not installed
 * with {@link java.util.ServiceLoader}, and it goes by the name of the provider it wraps. It adds no behaviour,
 * so it must pass the conformance kit exactly as the provider it wraps does; the test
 * {@code CountingProviderConformanceTest} proves it with the one subclass the README shows.
 */
public final class CountingSocketProvider implements SocketProvider {

    private final SocketProvider delegate;
    private final ServerCounters counters = new ServerCounters();

    /** Wraps {@code delegate}. */
    public CountingSocketProvider(SocketProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Returns the bytes read and written so far through every connection and endpoint of this provider. */
    public ServerStats totals() {
        return counters.snapshot();
    }

    /**
     * Returns the name of the provider it wraps: a decorator starts no thread and refuses nothing of its
     * own, so the threads (§13.2) and the messages (§1.2) a user sees are the delegate's, under its name.
     */
    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String toString() {
        return "counting(" + delegate.name() + ")";
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Connection connect(SocketAddress remote, StreamOptions options) throws IOException {
        return counters.counting(delegate.connect(remote, options));
    }

    @Override
    public Listener listen(SocketAddress local, ListenOptions options) throws IOException {
        return new CountingListener(delegate.listen(local, options), counters);
    }

    @Override
    public DatagramEndpoint openDatagram(SocketAddress local, DatagramOptions options) throws IOException {
        return new CountingDatagramEndpoint(delegate.openDatagram(local, options), counters);
    }

    @Override
    public Server serve(SocketAddress local, ConnectionHandler handler, ServerOptions options) throws IOException {
        Objects.requireNonNull(handler, "handler");
        return delegate.serve(local, connection -> handler.handle(counters.counting(connection)), options);
    }

    private record CountingListener(Listener delegate, ServerCounters counters) implements Listener {

        @Override
        public Connection accept() throws IOException {
            return counters.counting(delegate.accept());
        }

        @Override
        public SocketAddress localAddress() {
            return delegate.localAddress();
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    private record CountingDatagramEndpoint(DatagramEndpoint delegate, ServerCounters counters) implements DatagramEndpoint {

        @Override
        public void send(ByteBuffer src, SocketAddress target) throws IOException {
            int before = src.remaining();
            delegate.send(src, target);
            counters.written(before - src.remaining());
        }

        @Override
        public void send(ByteBuffer src) throws IOException {
            int before = src.remaining();
            delegate.send(src);
            counters.written(before - src.remaining());
        }

        @Override
        public SocketAddress receive(ByteBuffer dst) throws IOException {
            int before = dst.position();
            SocketAddress sender = delegate.receive(dst);
            counters.read(dst.position() - before);
            return sender;
        }

        @Override
        public void connect(SocketAddress peer) throws IOException {
            delegate.connect(peer);
        }

        @Override
        public SocketAddress localAddress() {
            return delegate.localAddress();
        }

        @Override
        public Optional<SocketAddress> remoteAddress() {
            return delegate.remoteAddress();
        }

        @Override
        public <T> T option(SocketOption<T> option) throws IOException {
            return delegate.option(option);
        }

        @Override
        public <T> DatagramEndpoint option(SocketOption<T> option, T value) throws IOException {
            delegate.option(option, value);
            return this;
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return delegate.supportedOptions();
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
