package dev.sockets;

/**
 * A socket type, the second argument of POSIX {@code socket(domain, type, protocol)}.
 *
 * <p>{@link #RAW} is listed so that it can be asked for and refused with a reason: the JDK has no
 * raw sockets, so no provider can support it (§1.3).
 */
public enum SocketType {
    /** A reliable, ordered byte stream, {@code SOCK_STREAM} (TCP, or a UNIX-domain stream). */
    STREAM("SOCK_STREAM"),
    /** Unreliable messages of bounded size whose boundaries are kept, {@code SOCK_DGRAM} (UDP). */
    DATAGRAM("SOCK_DGRAM"),
    /** Direct access to the network layer, {@code SOCK_RAW}; never supported (§1.3). */
    RAW("SOCK_RAW");

    private final String posixName;

    SocketType(String posixName) {
        this.posixName = posixName;
    }

    /**
     * Returns the POSIX constant this type stands for, such as {@code "SOCK_STREAM"}.
     *
     * @return the constant's name
     */
    public String posixName() {
        return posixName;
    }
}
