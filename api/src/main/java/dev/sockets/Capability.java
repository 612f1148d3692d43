package dev.sockets;

import java.util.Objects;

/**
 * A combination of domain and type that a provider supports: one valid
 * {@code socket(domain, type, 0)} call. {@link SocketType#RAW} is one only for a provider that makes
 * its own system calls ({@code posix}); the JDK-based providers never declare it (§1.3).
 *
 * @param domain the communication domain
 * @param type the socket type
 */
public record Capability(Domain domain, SocketType type) {

    /**
     * Checks the components.
     *
     * @param domain the communication domain
     * @param type the socket type
     * @throws NullPointerException if either argument is null
     */
    public Capability {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(type, "type");
    }

    /**
     * Returns a capability for {@code domain} and {@code type}.
     *
     * @param domain the communication domain
     * @param type the socket type
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
