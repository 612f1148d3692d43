package dev.sockets;

/**
 * A socket type, the second argument of POSIX {@code socket(domain, type, protocol)}.
 *
 * <p>{@link #RAW} is a capability of a provider that makes the system calls itself ({@code posix},
 * through the Foreign Function and Memory API, for {@code AF_INET} and {@code AF_INET6}); the JDK has
 * no raw sockets, so the providers built on it refuse it with that reason (§1.3, §14).
 */
public enum SocketType {
    /** A reliable, ordered byte stream, {@code SOCK_STREAM} (TCP, or a UNIX-domain stream). */
    STREAM("SOCK_STREAM"),
    /** Unreliable messages of bounded size whose boundaries are kept, {@code SOCK_DGRAM} (UDP). */
    DATAGRAM("SOCK_DGRAM"),
    /** Direct access to the network layer, {@code SOCK_RAW}: packets of one IP protocol (§14). */
    RAW("SOCK_RAW"),
    /**
     * A reliable, ordered, connection-oriented sequence of records whose boundaries are kept,
     * {@code SOCK_SEQPACKET}: a stream of datagrams. {@code AF_UNIX} on Linux, with a provider that
     * makes its own system calls ({@code posix}); the JDK has none (§15).
     */
    SEQPACKET("SOCK_SEQPACKET");

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
