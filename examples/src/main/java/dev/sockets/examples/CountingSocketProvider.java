package dev.sockets.examples;

import dev.sockets.Connection;
import dev.sockets.DatagramEndpoint;
import dev.sockets.ServerStats;
import dev.sockets.SocketProvider;
import dev.sockets.spi.ForwardingDatagramEndpoint;
import dev.sockets.spi.ForwardingSocketProvider;
import dev.sockets.spi.ServerCounters;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A provider that wraps another and counts every byte read and written through it, by streams and
 * datagrams alike: the kind of decorator a user writes for metrics or tracing, on
 * {@link ForwardingSocketProvider}, which hands it every connection and endpoint the delegate makes.
 * It is not installed with {@link java.util.ServiceLoader}, and it goes by the name of the provider
 * it wraps, as SPEC.md §1.7 and §1.8 ask of a decorator: it starts no thread and refuses nothing of its
 * own, so the threads (§13.2) and the messages (§1.2) a user sees are the delegate's, under its name. It adds no behaviour, so it
 * must pass the conformance kit exactly as the provider it wraps does; the test
 * {@code CountingProviderConformanceTest} proves it with the one subclass the README shows.
 */
public final class CountingSocketProvider extends ForwardingSocketProvider {

    private final ServerCounters counters = new ServerCounters();

    /** Wraps {@code delegate}. */
    public CountingSocketProvider(SocketProvider delegate) {
        super(delegate);
    }

    /** Returns the bytes read and written so far through every connection and endpoint of this provider. */
    public ServerStats totals() {
        return counters.snapshot();
    }

    @Override
    public String toString() {
        return "counting(" + name() + ")";
    }

    /** Counts what is read and written through the connections of connect, accept and serve. */
    @Override
    protected Connection wrap(Connection connection) {
        return counters.counting(connection);
    }

    @Override
    protected DatagramEndpoint wrap(DatagramEndpoint endpoint) {
        return new CountingDatagramEndpoint(endpoint, counters);
    }

    /** Counts the payloads sent and received. */
    private static final class CountingDatagramEndpoint extends ForwardingDatagramEndpoint {

        private final ServerCounters counters;

        CountingDatagramEndpoint(DatagramEndpoint delegate, ServerCounters counters) {
            super(delegate);
            this.counters = counters;
        }

        @Override
        public void send(ByteBuffer src, SocketAddress target) throws IOException {
            int before = src.remaining();
            delegate().send(src, target);
            counters.written(before - src.remaining());
        }

        @Override
        public void send(ByteBuffer src) throws IOException {
            int before = src.remaining();
            delegate().send(src);
            counters.written(before - src.remaining());
        }

        @Override
        public SocketAddress receive(ByteBuffer dst) throws IOException {
            int before = dst.position();
            SocketAddress sender = delegate().receive(dst);
            counters.read(dst.position() - before);
            return sender;
        }
    }
}
