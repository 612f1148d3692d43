package dev.sockets.posix;

import dev.sockets.ConnectionResetException;
import dev.sockets.spi.Errors;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;

/**
 * The one table from {@code errno} to the exception taxonomy of SPEC.md §2.5: every failed system
 * call of this provider becomes an exception here, and nowhere else.
 *
 * <p>The exception's message is the kernel's text (glibc's {@code strerror} in the C locale, fixed here
 * so that no locale changes it), and its cause names the errno and the call, as in
 * {@code "ECONNREFUSED (111) from connect: Connection refused"}; {@link Errors} then words it for the user with the address
 * ({@link Errors#connectFailed}, {@link Errors#bindFailed}) or translates it ({@link Errors#translate}),
 * so that the messages are those of every provider (§2.6).
 *
 * <table>
 *   <caption>What each errno becomes</caption>
 *   <tr><th>errno</th><th>exception</th></tr>
 *   <tr><td>ECONNREFUSED, ENOENT (a UNIX path with no socket)</td><td>{@link ConnectException}, in
 *       connect and a UNIX-domain send; {@link PortUnreachableException} on a connected UDP socket (§11.6)</td></tr>
 *   <tr><td>EADDRINUSE, EADDRNOTAVAIL, EACCES/EPERM in bind</td><td>{@link BindException}</td></tr>
 *   <tr><td>ECONNRESET, ECONNABORTED</td><td>{@link ConnectionResetException} "Connection reset"</td></tr>
 *   <tr><td>EPIPE</td><td>{@link ConnectionResetException} "Broken pipe"</td></tr>
 *   <tr><td>ETIMEDOUT</td><td>{@link ConnectException} in connect (the kernel gave up the handshake),
 *       else {@link SocketException}: a connection the kernel declared dead, not a timeout of ours</td></tr>
 *   <tr><td>EHOSTUNREACH, ENETUNREACH</td><td>{@link NoRouteToHostException}, a {@code ConnectException} in connect</td></tr>
 *   <tr><td>EACCES, EPERM, EMFILE, ENFILE, ENOBUFS, ENOMEM, and the rest</td><td>{@link SocketException}</td></tr>
 *   <tr><td>EINTR</td><td>never seen here: retried by {@link Libc}</td></tr>
 *   <tr><td>EAGAIN</td><td>never an exception but one: waited for with {@code poll(2)} by {@link Descriptor};
 *       a full UNIX-domain backlog in connect is reported to {@link dev.sockets.spi.UnixConnect}, which waits</td></tr>
 * </table>
 */
final class Errno {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int EPIPE = 32;
    static final int EMSGSIZE = 90;
    static final int EPROTOTYPE = 91;
    static final int ENOPROTOOPT = 92;
    static final int EPROTONOSUPPORT = 93;
    static final int ESOCKTNOSUPPORT = 94;
    static final int EOPNOTSUPP = 95;
    static final int EAFNOSUPPORT = 97;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETUNREACH = 101;
    static final int ECONNABORTED = 103;
    static final int ECONNRESET = 104;
    static final int ENOBUFS = 105;
    static final int EISCONN = 106;
    static final int ENOTCONN = 107;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;
    static final int EALREADY = 114;
    static final int EINPROGRESS = 115;

    /** The call a failure came from, which decides between exceptions of the same errno. */
    enum Call {
        /** {@code socket(2)}. */
        SOCKET,
        /** {@code bind(2)}, {@code listen(2)}. */
        BIND,
        /** {@code connect(2)} of a stream. */
        CONNECT,
        /** {@code read}, {@code write}, {@code accept}, {@code shutdown}, {@code getsockopt}, … on a stream. */
        STREAM,
        /** {@code sendto}, {@code recvfrom} on an internet datagram or raw socket. */
        INET_DATAGRAM,
        /** {@code sendto}, {@code recvfrom}, {@code connect} on a UNIX-domain datagram socket. */
        UNIX_DATAGRAM
    }

    private static final String[] NAMES = new String[134];
    private static final String[] TEXTS = new String[134];

    static {
        entry(EPERM, "EPERM", "Operation not permitted");
        entry(ENOENT, "ENOENT", "No such file or directory");
        entry(EINTR, "EINTR", "Interrupted system call");
        entry(EBADF, "EBADF", "Bad file descriptor");
        entry(EAGAIN, "EAGAIN", "Resource temporarily unavailable");
        entry(ENOMEM, "ENOMEM", "Cannot allocate memory");
        entry(EACCES, "EACCES", "Permission denied");
        entry(20, "ENOTDIR", "Not a directory");
        entry(EINVAL, "EINVAL", "Invalid argument");
        entry(ENFILE, "ENFILE", "Too many open files in system");
        entry(EMFILE, "EMFILE", "Too many open files");
        entry(30, "EROFS", "Read-only file system");
        entry(EPIPE, "EPIPE", "Broken pipe");
        entry(36, "ENAMETOOLONG", "File name too long");
        entry(40, "ELOOP", "Too many levels of symbolic links");
        entry(88, "ENOTSOCK", "Socket operation on non-socket");
        entry(89, "EDESTADDRREQ", "Destination address required");
        entry(EMSGSIZE, "EMSGSIZE", "Message too long");
        entry(EPROTOTYPE, "EPROTOTYPE", "Protocol wrong type for socket");
        entry(ENOPROTOOPT, "ENOPROTOOPT", "Protocol not available");
        entry(EPROTONOSUPPORT, "EPROTONOSUPPORT", "Protocol not supported");
        entry(ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT", "Socket type not supported");
        entry(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported");
        entry(EAFNOSUPPORT, "EAFNOSUPPORT", "Address family not supported by protocol");
        entry(EADDRINUSE, "EADDRINUSE", "Address already in use");
        entry(EADDRNOTAVAIL, "EADDRNOTAVAIL", "Cannot assign requested address");
        entry(100, "ENETDOWN", "Network is down");
        entry(ENETUNREACH, "ENETUNREACH", "Network is unreachable");
        entry(ECONNABORTED, "ECONNABORTED", "Software caused connection abort");
        entry(ECONNRESET, "ECONNRESET", "Connection reset by peer");
        entry(ENOBUFS, "ENOBUFS", "No buffer space available");
        entry(EISCONN, "EISCONN", "Transport endpoint is already connected");
        entry(ENOTCONN, "ENOTCONN", "Transport endpoint is not connected");
        entry(108, "ESHUTDOWN", "Cannot send after transport endpoint shutdown");
        entry(ETIMEDOUT, "ETIMEDOUT", "Connection timed out");
        entry(ECONNREFUSED, "ECONNREFUSED", "Connection refused");
        entry(EHOSTUNREACH, "EHOSTUNREACH", "No route to host");
        entry(EALREADY, "EALREADY", "Operation already in progress");
        entry(EINPROGRESS, "EINPROGRESS", "Operation now in progress");
    }

    private Errno() {
    }

    private static void entry(int errno, String name, String text) {
        NAMES[errno] = name;
        TEXTS[errno] = text;
    }

    /** Returns the errno's symbolic name, such as {@code "ECONNRESET"}. */
    static String name(int errno) {
        return errno > 0 && errno < NAMES.length && NAMES[errno] != null ? NAMES[errno] : "errno " + errno;
    }

    /** Returns the kernel's text for the errno, as {@code strerror} says it in the C locale. */
    static String text(int errno) {
        return errno > 0 && errno < TEXTS.length && TEXTS[errno] != null ? TEXTS[errno] : "Unknown error " + errno;
    }

    /**
     * Returns the exception for {@code errno}, which {@code what} (a system call's name) failed with
     * in a call of kind {@code call}; see the class comment for the table.
     */
    static IOException exception(int errno, Call call, String what) {
        String message = text(errno);
        // What the kernel said, to the letter, for whoever reads the stack trace.
        SocketException kernel = new SocketException(name(errno) + " (" + errno + ") from " + what + ": " + message);
        IOException e = switch (errno) {
            case ECONNREFUSED -> switch (call) {
                case CONNECT, UNIX_DATAGRAM -> new ConnectException(message);
                case INET_DATAGRAM -> new PortUnreachableException(message);
                default -> new SocketException(message);
            };
            case ENOENT -> call == Call.CONNECT || call == Call.UNIX_DATAGRAM
                    ? new ConnectException(message)
                    : new SocketException(message);
            case EADDRINUSE, EADDRNOTAVAIL -> new BindException(message);
            case EACCES, EPERM -> switch (call) {
                case BIND -> new BindException(message);
                case CONNECT, UNIX_DATAGRAM -> new ConnectException(message);
                default -> new SocketException(message);
            };
            case ECONNRESET, ECONNABORTED -> Errors.reset(kernel);
            case EPIPE -> new ConnectionResetException(Errors.BROKEN_PIPE, kernel);
            case ETIMEDOUT -> call == Call.CONNECT ? new ConnectException(message) : new SocketException(message);
            case EHOSTUNREACH, ENETUNREACH -> call == Call.CONNECT
                    ? new ConnectException(message)
                    : new NoRouteToHostException(message);
            default -> new SocketException(message);
        };
        if (e.getCause() == null) {
            e.initCause(kernel);
        }
        return e;
    }
}
