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
     * The longest UNIX-domain path the JDK binds or connects to on this platform, in bytes: 106 on
     * Linux and 102 on the BSDs and macOS. That is {@code sizeof(sun_path)} (108, 104) less two: the
     * terminating NUL, and one more byte the JDK keeps (measured: a 107-byte path fails to bind on
     * Linux with "Unix domain path too long").
     */
    public static final int MAX_UNIX_PATH_BYTES = maxUnixPathBytes(System.getProperty("os.name", ""));

    private Addresses() {
    }

    /**
     * Returns {@code address} the way messages show it: {@code 127.0.0.1:4321}, {@code [::1]:4321},
     * or the path of a UNIX-domain address.
     *
     * @param address an internet or UNIX-domain address
     * @return its text for a message
     */
    public static String format(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                return inet.getHostString() + ":" + inet.getPort();
            }
            String host = inet.getAddress() instanceof Inet6Address v6
                    ? "[" + rfc5952(v6.getAddress()) + "]"
                    : inet.getAddress().getHostAddress();
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
     * @param address the UNIX-domain address to bind or connect to
     * @return {@code address}
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

    /**
     * The canonical text of an IPv6 address (RFC 5952): hexadecimal groups without leading zeros, the
     * longest run of two or more zero groups (the first, on a tie) as {@code ::}. The JDK's
     * {@code getHostAddress()} writes {@code 0:0:0:0:0:0:0:1} where people write {@code ::1}.
     */
    static String rfc5952(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /**
     * Removes the socket file of a UNIX-domain address, POSIX {@code unlink}, if it has one (§4.5,
     * §13.3); logs what it cannot remove. An internet address has none. Only a socket is removed
     * (what the JDK calls an "other" file), never a regular file or a directory: a name in Linux's
     * abstract namespace ({@code "@name"}, §11.10) has no file, and a file of that name that a user
     * keeps in the working directory must survive the socket's close.
     *
     * @param address the address a socket was bound to; an internet address is left alone
     */
    public static void removeSocketFile(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix && !unix.getPath().toString().isEmpty()) {
            try {
                java.nio.file.Path path = unix.getPath();
                if (java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
                    java.nio.file.Files.deleteIfExists(path);
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // Removed already, or never made (an abstract name): nothing to do.
            } catch (java.io.IOException | RuntimeException e) {
                System.getLogger("dev.sockets.spi").log(System.Logger.Level.WARNING, () -> "could not remove the socket file " + unix.getPath(), e);
            }
        }
    }

    static int maxUnixPathBytes(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("linux") || os.contains("windows")) {
            return 106;
        }
        return 102;
    }
}
