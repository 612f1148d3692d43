package dev.sockets.spi;

import dev.sockets.Connection;
import dev.sockets.Listener;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A listener that forwards every call to another: the base of decorators that count, trace or, in
 * tests, break one call on purpose. A subclass overrides what it changes and inherits the rest.
 *
 * <p>{@link #accept()} returns the delegate's connection as it is; a decorator of the connections
 * too overrides it, or is made by a {@link ForwardingSocketProvider}, whose listeners pass every
 * accepted connection through its {@link ForwardingSocketProvider#wrap(Connection)} hook.
 */
public abstract class ForwardingListener implements Listener {

    private final Listener delegate;

    /**
     * Forwards to {@code delegate}.
     *
     * @param delegate the listener every call goes to
     * @throws NullPointerException if {@code delegate} is null
     */
    protected ForwardingListener(Listener delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Returns the listener every call goes to.
     *
     * @return the delegate
     */
    protected final Listener delegate() {
        return delegate;
    }

    @Override
    public Connection accept() throws IOException {
        return delegate.accept();
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

    @Override
    public String toString() {
        return delegate.toString();
    }
}
