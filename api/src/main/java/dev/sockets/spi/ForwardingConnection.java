package dev.sockets.spi;

import dev.sockets.Connection;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;

/**
 * A connection that forwards every call to another: the base of decorators that count, trace or,
 * in tests, break one call on purpose. A subclass overrides what it changes and inherits the rest.
 * {@link #option(SocketOption, Object)} returns this decorator, not the delegate, so that chained
 * calls stay decorated.
 */
public abstract class ForwardingConnection implements Connection {

    private final Connection delegate;

    /**
     * Forwards to {@code delegate}.
     *
     * @param delegate the connection every call goes to
     */
    protected ForwardingConnection(Connection delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Returns the connection every call goes to.
     *
     * @return the delegate
     */
    protected final Connection delegate() {
        return delegate;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        delegate.write(src);
    }

    @Override
    public void shutdownOutput() throws IOException {
        delegate.shutdownOutput();
    }

    @Override
    public void shutdownInput() throws IOException {
        delegate.shutdownInput();
    }

    @Override
    public SocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public <T> T option(SocketOption<T> option) throws IOException {
        return delegate.option(option);
    }

    @Override
    public <T> Connection option(SocketOption<T> option, T value) throws IOException {
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
