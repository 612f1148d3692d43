package dev.sockets.spi;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/** Formats addresses for messages, and checks UNIX-domain paths before they reach the system. */
public final class Addresses {

    /**
     * The longest UNIX-domain path the platform takes, in bytes: {@code sizeof(sun_path)} less the
     * terminating NUL, 107 on Linux and 103 on the BSDs and macOS.
     */
    public static final int MAX_UNIX_PATH_BYTES = maxUnixPathBytes(System.getProperty("os.name", ""));

    private Addresses() {
    }

    /**
     * Returns {@code address} the way messages show it: {@code 127.0.0.1:4321}, {@code [::1]:4321},
     * or the path of a UNIX-domain address.
     */
    public static String format(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof InetSocketAddress inet) {
            String host = inet.isUnresolved() || inet.getAddress() == null
                    ? inet.getHostString()
                    : inet.getAddress().getHostAddress();
            if (!inet.isUnresolved() && inet.getAddress() instanceof Inet6Address) {
                int scope = host.indexOf('%');
                host = "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
            }
            return host + ":" + inet.getPort();
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return unix.getPath().toString();
        }
        return address.toString();
    }

    /**
     * Checks that {@code address}'s path fits the platform's {@code sun_path} (§2.3).
     *
     * @throws IllegalArgumentException naming the path, its length and the limit, if it is too long
     */
    public static UnixDomainSocketAddress checkUnixPath(UnixDomainSocketAddress address) {
        Objects.requireNonNull(address, "address");
        String path = address.getPath().toString();
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_UNIX_PATH_BYTES) {
            throw new IllegalArgumentException("§2.3: UNIX-domain socket path too long: " + bytes
                    + " bytes, the platform allows " + MAX_UNIX_PATH_BYTES + ": " + path);
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("§2.3: UNIX-domain socket path is empty");
        }
        return address;
    }

    static int maxUnixPathBytes(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return 107;
        }
        if (os.contains("windows")) {
            return 107;
        }
        return 103;
    }
}
