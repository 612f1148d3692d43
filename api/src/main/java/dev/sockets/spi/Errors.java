package dev.sockets.spi;

import dev.sockets.ConnectionResetException;
import dev.sockets.SocketClosedException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * The exceptions of SPEC.md, with the messages every provider uses, and the translation of the
 * JDK's exceptions into them: {@code java.net} and {@code java.nio} report the same condition with
 * different types, and users should not have to care which one a provider used.
 */
public final class Errors {

    private Errors() {
    }

    /**
     * "Connection refused: 127.0.0.1:4321" (§3.2).
     *
     * @param remote the address connected to
     * @param cause the exception of the JDK it translates
     * @return the exception to throw
     */
    public static ConnectException refused(SocketAddress remote, Throwable cause) {
        ConnectException e = new ConnectException("Connection refused: " + Addresses.format(remote));
        e.initCause(cause);
        return e;
    }

    /**
     * "Connect timed out: 127.0.0.1:4321" (§3.3).
     *
     * @param remote the address connected to
     * @return the exception to throw
     */
    public static SocketTimeoutException connectTimedOut(SocketAddress remote) {
        return new SocketTimeoutException("Connect timed out: " + Addresses.format(remote));
    }

    /**
     * "Address already in use: 127.0.0.1:4321" (§4.2).
     *
     * @param local the address bound to
     * @param cause the exception of the JDK it translates
     * @return the exception to throw
     */
    public static BindException addressInUse(SocketAddress local, Throwable cause) {
        BindException e = new BindException("Address already in use: " + Addresses.format(local));
        e.initCause(cause);
        return e;
    }

    /**
     * "Read timed out" (§9.1).
     *
     * @return the exception to throw
     */
    public static SocketTimeoutException readTimedOut() {
        return new SocketTimeoutException("Read timed out");
    }

    /**
     * "Accept timed out" (§9.2).
     *
     * @return the exception to throw
     */
    public static SocketTimeoutException acceptTimedOut() {
        return new SocketTimeoutException("Accept timed out");
    }

    /**
     * "Receive timed out" (§9.3).
     *
     * @return the exception to throw
     */
    public static SocketTimeoutException receiveTimedOut() {
        return new SocketTimeoutException("Receive timed out");
    }

    /**
     * "Socket closed" (§7.2).
     *
     * @return the exception to throw
     */
    public static SocketClosedException closed() {
        return new SocketClosedException();
    }

    /**
     * Translates an exception of the JDK raised by an operation on a socket into the exception of
     * SPEC.md for the same condition (§2.5): a closed channel or socket into
     * {@link SocketClosedException}, a reset or broken pipe into {@link ConnectionResetException};
     * anything else is returned as it is.
     *
     * @param e the exception of the JDK
     * @return the exception of SPEC.md for the same condition, or {@code e}
     */
    public static IOException translate(IOException e) {
        if (e instanceof SocketClosedException || e instanceof ConnectionResetException) {
            return e;
        }
        if (e instanceof ClosedChannelException) {
            return new SocketClosedException("Socket closed", e);
        }
        if (e instanceof SocketTimeoutException || e instanceof ConnectException || e instanceof BindException) {
            return e;
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("broken pipe")) {
            return new ConnectionResetException("Broken pipe", e);
        }
        if (message.contains("connection reset") || message.contains("connection aborted")) {
            return new ConnectionResetException("Connection reset", e);
        }
        if (e instanceof SocketException && (message.equals("socket closed") || message.equals("socket is closed")
                || message.equals("closed by interrupt"))) {
            return new SocketClosedException("Socket closed", e);
        }
        return e;
    }
}
