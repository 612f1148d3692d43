package dev.sockets.spi;

import dev.sockets.ConnectionResetException;
import dev.sockets.OutputShutdownException;
import dev.sockets.SocketClosedException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * The exceptions of SPEC.md with the messages of §2.6, built here and nowhere else, and the one
 * translation of what the JDK throws (and of the kernel's errno texts inside it) into them:
 * {@code java.net} and {@code java.nio} report the same condition with different types and words,
 * and users should not have to care which one a provider used (§2.5).
 */
public final class Errors {

    /** {@link SocketClosedException}'s message after {@code close()} (§7.2). */
    public static final String SOCKET_CLOSED = "Socket closed";
    /** {@link SocketClosedException}'s message when an interrupt closed the socket (§7.5). */
    public static final String CLOSED_BY_INTERRUPT = "Closed by interrupt";
    /** {@link ConnectionResetException}'s message for {@code ECONNRESET} (§5.5). */
    public static final String CONNECTION_RESET = "Connection reset";
    /** {@link ConnectionResetException}'s message for {@code EPIPE} (§5.6). */
    public static final String BROKEN_PIPE = "Broken pipe";
    /** {@link SocketTimeoutException}'s message for a write that timed out (§9.6), and every write after it (§9.7). */
    public static final String WRITE_TIMED_OUT = "Write timed out";
    /** {@link OutputShutdownException}'s message (§6.3). */
    public static final String OUTPUT_SHUTDOWN = "Socket output is shutdown";

    /** The Linux capability a raw socket needs, named in {@link #rawNotPermitted}'s message (§14.2). */
    public static final String CAP_NET_RAW = "CAP_NET_RAW";

    private Errors() {
    }

    /**
     * "Connection refused: 127.0.0.1:4321" (§3.2).
     *
     * @param remote the address nothing listens at
     * @param cause what the JDK threw, or null
     * @return a new exception with this message
     */
    public static ConnectException refused(SocketAddress remote, Throwable cause) {
        return withCause(new ConnectException("Connection refused: " + Addresses.format(remote)), cause);
    }

    /**
     * "Connect timed out: 127.0.0.1:4321" (§3.3).
     *
     * @param remote the address the connect was to
     * @return a new exception with this message
     */
    public static SocketTimeoutException connectTimedOut(SocketAddress remote) {
        return new SocketTimeoutException("Connect timed out: " + Addresses.format(remote));
    }

    /**
     * "Address already in use: 127.0.0.1:4321" (§4.2).
     *
     * @param local the address the bind was to
     * @param cause what the JDK threw, or null
     * @return a new exception with this message
     */
    public static BindException addressInUse(SocketAddress local, Throwable cause) {
        return withCause(new BindException("Address already in use: " + Addresses.format(local)), cause);
    }

    /**
     * "Read timed out" (§9.1).
     *
     * @return a new exception with this message
     */
    public static SocketTimeoutException readTimedOut() {
        return new SocketTimeoutException("Read timed out");
    }

    /**
     * "Write timed out" (§9.6): the write could not hand all its bytes to the system in time.
     *
     * @return a new exception with this message
     */
    public static SocketTimeoutException writeTimedOut() {
        return new SocketTimeoutException(WRITE_TIMED_OUT);
    }

    /**
     * "Accept timed out" (§9.2).
     *
     * @return a new exception with this message
     */
    public static SocketTimeoutException acceptTimedOut() {
        return new SocketTimeoutException("Accept timed out");
    }

    /**
     * "Receive timed out" (§9.3).
     *
     * @return a new exception with this message
     */
    public static SocketTimeoutException receiveTimedOut() {
        return new SocketTimeoutException("Receive timed out");
    }

    /**
     * "Socket closed" (§7.2).
     *
     * @return a new exception with this message
     */
    public static SocketClosedException closed() {
        return new SocketClosedException(SOCKET_CLOSED);
    }

    /**
     * "Socket closed", for a call that {@code close()} from another thread woke (§7.3).
     *
     * @param cause what the JDK threw to wake the call, or null
     * @return a new exception with this message
     */
    public static SocketClosedException closed(Throwable cause) {
        return new SocketClosedException(SOCKET_CLOSED, cause);
    }

    /**
     * "Closed by interrupt" (§7.5).
     *
     * @param cause what the JDK threw when the interrupt closed the socket, or null
     * @return a new exception with this message
     */
    public static SocketClosedException closedByInterrupt(Throwable cause) {
        return new SocketClosedException(CLOSED_BY_INTERRUPT, cause);
    }

    /**
     * "Connection reset" (§5.5).
     *
     * @param cause what the JDK threw, or null
     * @return a new exception with this message
     */
    public static ConnectionResetException reset(Throwable cause) {
        return new ConnectionResetException(CONNECTION_RESET, cause);
    }

    /**
     * "Socket output is shutdown" (§6.3).
     *
     * @param cause what the JDK threw, or null
     * @return a new exception with this message
     */
    public static OutputShutdownException outputShutdown(Throwable cause) {
        return new OutputShutdownException(OUTPUT_SHUTDOWN, cause);
    }

    /**
     * "Port unreachable: 127.0.0.1:4321": the peer's host answered a datagram with ICMP port unreachable (§11.6).
     *
     * @param peer the connected peer whose port is closed
     * @param cause what the JDK threw, or null
     * @return a new exception with this message
     */
    public static PortUnreachableException portUnreachable(SocketAddress peer, Throwable cause) {
        return withCause(new PortUnreachableException("Port unreachable: " + Addresses.format(peer)), cause);
    }

    /**
     * "§1.2: AF_INET SOCK_SEQPACKET is not supported by provider 'posix': &lt;why&gt;": a refusal of a
     * domain and type, before any system call, with its reason, worded as
     * {@link dev.sockets.SocketProvider#checkSupported} words it.
     *
     * @param domain the domain asked for
     * @param type the type asked for
     * @param provider the name of the provider that refuses
     * @param why the reason, after the refusal
     * @return the exception to throw
     */
    public static UnsupportedOperationException unsupported(dev.sockets.Domain domain, dev.sockets.SocketType type,
            String provider, String why) {
        return new UnsupportedOperationException("§1.2: " + domain.posixName() + " " + type.posixName()
                + " is not supported by provider '" + provider + "': " + why);
    }

    /**
     * "§1.2: SOCK_DGRAM is not connection-oriented: use openDatagram or openRaw": a type that
     * {@code connect} or {@code listen} was given and cannot have (§15).
     *
     * @param type the type given
     * @return the exception to throw
     */
    public static UnsupportedOperationException notConnectionOriented(dev.sockets.SocketType type) {
        return new UnsupportedOperationException("§1.2: " + type.posixName() + " is not connection-oriented:"
                + " use openDatagram or openRaw");
    }

    /**
     * "name is empty: a name in Linux's abstract namespace has at least one character (§11.10)".
     *
     * @return the exception to throw
     */
    public static IllegalArgumentException emptyAbstractName() {
        return new IllegalArgumentException("name is empty: a name in Linux's abstract namespace has at least one character"
                + " (§11.10)");
    }

    /**
     * "§14.3: protocol not in 1..255: 256": the IP protocol number of a raw socket out of range.
     *
     * @param protocol the number given
     * @return the exception to throw
     */
    public static IllegalArgumentException rawProtocolOutOfRange(int protocol) {
        return new IllegalArgumentException("§14.3: protocol not in 1..255: " + protocol);
    }

    /**
     * "SO_PEERCRED cannot be set": a read-only option, worded as the JDK's channels word it (§15.4).
     *
     * @param option the option that cannot be set
     * @return the exception to throw
     */
    public static SocketException readOnlyOption(java.net.SocketOption<?> option) {
        return new SocketException(option.name() + " cannot be set");
    }

    /**
     * "Operation not permitted: AF_INET SOCK_RAW needs CAP_NET_RAW": {@code socket(2)} of a raw socket
     * failed with {@code EPERM} or {@code EACCES}, the process lacks the privilege (§14.2).
     *
     * @param domain the domain's POSIX name, {@code "AF_INET"} or {@code "AF_INET6"}
     * @param cause what the kernel said
     * @return the exception to throw
     */
    public static SocketException rawNotPermitted(String domain, Throwable cause) {
        return withCause(new SocketException("Operation not permitted: " + domain + " SOCK_RAW needs " + CAP_NET_RAW
                + " (run as root, or grant it: setcap cap_net_raw+ep on the java binary)"), cause);
    }

    /**
     * Translates what the JDK threw from an operation on an open socket into the exception of
     * SPEC.md for the same condition (§2.5): a closed channel or socket into
     * {@link SocketClosedException} ("Closed by interrupt" when an interrupt closed it), a reset or
     * broken pipe into {@link ConnectionResetException}; anything else is returned as it is.
     *
     * @param e what the JDK threw
     * @return the exception of §2.5 for the same condition, with {@code e} as its cause, or {@code e}
     */
    public static IOException translate(IOException e) {
        if (e instanceof SocketClosedException || e instanceof ConnectionResetException
                || e instanceof OutputShutdownException || e instanceof SocketTimeoutException
                || e instanceof ConnectException || e instanceof BindException) {
            return e;
        }
        if (e instanceof ClosedByInterruptException) {
            return closedByInterrupt(e);
        }
        if (e instanceof ClosedChannelException || e instanceof AsynchronousCloseException) {
            return closed(e);
        }
        String message = lowerMessage(e);
        if (message.contains("broken pipe")) {
            return new ConnectionResetException(BROKEN_PIPE, e);
        }
        if (message.contains("connection reset") || message.contains("connection aborted")) {
            return reset(e);
        }
        if (message.equals("closed by interrupt")) {
            return closedByInterrupt(e);
        }
        if (e instanceof SocketException && (message.equals("socket closed") || message.equals("socket is closed"))) {
            return closed(e);
        }
        return e;
    }

    /**
     * The exception of a failed {@code bind(2)} on {@code local}, saying what the kernel said (§4.2):
     * "Address already in use: …", "Cannot assign requested address: …", "Permission denied: …".
     *
     * @param local the address the bind was to
     * @param e what the JDK threw
     * @return a {@link BindException} naming the reason and {@code local}, or {@code e} translated
     *     as by {@link #translate} if it is no bind failure
     */
    public static IOException bindFailed(SocketAddress local, IOException e) {
        String message = lowerMessage(e);
        String what;
        if (message.contains("in use") || message.contains("file exists")) {
            what = "Address already in use";
        } else if (message.contains("cannot assign") || message.contains("not available")) {
            what = "Cannot assign requested address";
        } else if (message.contains("permission denied") || message.contains("access")) {
            what = "Permission denied";
        } else if (e instanceof BindException) {
            what = e.getMessage() == null ? "Bind failed" : e.getMessage();
        } else {
            return translate(e);
        }
        return withCause(new BindException(what + ": " + Addresses.format(local)), e);
    }

    /**
     * The exception of a failed {@code connect(2)} to {@code remote} (§3.2): refused, and for a
     * UNIX-domain path with no socket file ({@code ENOENT}), "Connection refused: …"; any other
     * reason the kernel gave, as a {@link ConnectException} with that reason and the address.
     *
     * @param remote the address the connect was to
     * @param e what the JDK threw
     * @return a {@link ConnectException} naming the reason and {@code remote}, or {@code e}
     *     translated as by {@link #translate} if it is no connect failure
     */
    public static IOException connectFailed(SocketAddress remote, IOException e) {
        String message = lowerMessage(e);
        if (message.contains("refused") || message.contains("no such file")) {
            return refused(remote, e);
        }
        if (e instanceof ConnectException || e instanceof java.net.NoRouteToHostException) {
            return withCause(new ConnectException(e.getMessage() + ": " + Addresses.format(remote)), e);
        }
        return translate(e);
    }

    /**
     * Returns whether a non-blocking UNIX-domain {@code connect(2)} failed with {@code EAGAIN}:
     * Linux's answer when the listener's backlog is full, where a blocking connect would wait (§3.6).
     *
     * @param e what the JDK threw from the connect
     * @return true if the connect may be tried again
     */
    public static boolean isBacklogFull(IOException e) {
        String message = lowerMessage(e);
        return message.contains("temporarily unavailable") || message.contains("would block")
                || message.contains("try again");
    }

    /**
     * Returns whether {@code shutdown(2)} failed with {@code ENOTCONN}: the peer reset the connection
     * and there is nothing left to shut down, which is no error to the caller (§6.5).
     *
     * @param e what the JDK threw from the shutdown
     * @return true if the socket was no longer connected
     */
    public static boolean isNotConnected(IOException e) {
        return lowerMessage(e).contains("not connected");
    }

    private static String lowerMessage(Throwable e) {
        return e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    }

    private static <E extends Throwable> E withCause(E e, Throwable cause) {
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
