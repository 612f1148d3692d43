package dev.sockets;

import java.util.Objects;

/**
 * A combination of domain and type that a provider supports: one valid
 * {@code socket(domain, type, 0)} call. {@link SocketType#RAW} is never a capability (§1.3).
 *
 * @param domain the communication domain
 * @param type the socket type
 */
public record Capability(Domain domain, SocketType type) {

    /**
     * Checks the components.
     *
     * @param domain the communication domain
     * @param type the socket type; never {@link SocketType#RAW}
     * @throws NullPointerException if either argument is null
     * @throws IllegalArgumentException if {@code type} is {@link SocketType#RAW}
     */
    public Capability {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(type, "type");
        if (type == SocketType.RAW) {
            throw new IllegalArgumentException("§1.3: " + SocketProvider.RAW_UNSUPPORTED);
        }
    }

    /**
     * Returns a capability for {@code domain} and {@code type}.
     *
     * @param domain the communication domain
     * @param type the socket type; never {@link SocketType#RAW}
     * @return the capability
     */
    public static Capability of(Domain domain, SocketType type) {
        return new Capability(domain, type);
    }

    @Override
    public String toString() {
        return domain.posixName() + " " + type.posixName();
    }
}
