package dev.sockets.spi;

import dev.sockets.DatagramEndpoint;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A datagram endpoint that forwards every call to another: the base of decorators that count, trace
 * or, in tests, break one call on purpose. A subclass overrides what it changes and inherits the
 * rest. {@link #option(SocketOption, Object)} returns this decorator, not the delegate, so that
 * chained calls stay decorated.
 */
public abstract class ForwardingDatagramEndpoint implements DatagramEndpoint {

    private final DatagramEndpoint delegate;

    /**
     * Forwards to {@code delegate}.
     *
     * @param delegate the endpoint every call goes to
     * @throws NullPointerException if {@code delegate} is null
     */
    protected ForwardingDatagramEndpoint(DatagramEndpoint delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Returns the endpoint every call goes to.
     *
     * @return the delegate
     */
    protected final DatagramEndpoint delegate() {
        return delegate;
    }

    @Override
    public void send(ByteBuffer src, SocketAddress target) throws IOException {
        delegate.send(src, target);
    }

    @Override
    public void send(ByteBuffer src) throws IOException {
        delegate.send(src);
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        return delegate.receive(dst);
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

    @Override
    public String toString() {
        return delegate.toString();
    }
}
