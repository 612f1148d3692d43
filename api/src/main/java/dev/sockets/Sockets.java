package dev.sockets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the installed {@link SocketProvider}s and chooses one, the way
 * {@link java.nio.channels.spi.SelectorProvider#provider()} does.
 *
 * <p>{@link #provider()} returns the provider named by the system property
 * {@value #PROVIDER_PROPERTY} if it is set ({@code -Ddev.sockets.provider=nio}), else the first one
 * {@link ServiceLoader} finds. Code written against {@link SocketProvider} runs unchanged on any of
 * them: swap the provider's jar, or set the property.
 */
public final class Sockets {

    /** The system property that names the provider {@link #provider()} returns. */
    public static final String PROVIDER_PROPERTY = "dev.sockets.provider";

    private static final System.Logger LOG = System.getLogger("dev.sockets");
    private static final int MAX_LOAD_FAILURES = 100;

    private Sockets() {
    }

    /**
     * Returns the provider chosen by the system property {@value #PROVIDER_PROPERTY}, or the first
     * one installed when the property is not set (§1.1).
     *
     * @throws IllegalStateException if the named provider is not installed (the message lists the
     *     installed ones), or if none is installed
     */
    public static SocketProvider provider() {
        String name = System.getProperty(PROVIDER_PROPERTY, "").strip();
        List<SocketProvider> installed = providers();
        if (!name.isEmpty()) {
            return installed.stream()
                    .filter(p -> p.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("§1.1: " + PROVIDER_PROPERTY + "=" + name
                            + ": no such socket provider; installed: " + names(installed)));
        }
        if (installed.isEmpty()) {
            throw new IllegalStateException("§1.1: no socket provider installed;"
                    + " add one to the class path or module path, such as dev.sockets:sockets-blocking");
        }
        return installed.get(0);
    }

    /**
     * Returns the installed provider named {@code name} (§1.1).
     *
     * @throws IllegalArgumentException if none has that name; the message lists the installed ones
     */
    public static SocketProvider provider(String name) {
        Objects.requireNonNull(name, "name");
        List<SocketProvider> installed = providers();
        return installed.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "§1.1: no socket provider named '" + name + "'; installed: " + names(installed)));
    }

    /**
     * Returns every installed provider that can run here, in the order {@link ServiceLoader} finds
     * them. A provider that cannot load on the running JDK (one compiled for a later Java, such as
     * {@code posix} for 22 on Java 21, or one whose class fails to initialise) is skipped, with the
     * reason logged at WARNING through {@link System.Logger} ({@code dev.sockets}), so that it does not
     * make discovery fail for every other provider (§1.6).
     */
    public static List<SocketProvider> providers() {
        List<SocketProvider> found = new ArrayList<>();
        Iterator<SocketProvider> loader = ServiceLoader.load(SocketProvider.class).iterator();
        // ServiceLoader goes on to the next provider after one that failed; the bound only guards
        // against a loader that keeps failing on the same one.
        for (int failures = 0; failures < MAX_LOAD_FAILURES; ) {
            try {
                if (!loader.hasNext()) {
                    break;
                }
                found.add(loader.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                LOG.log(System.Logger.Level.WARNING, () -> "§1.6: skipping a socket provider that cannot load on Java "
                        + Runtime.version().feature() + ": " + describe(e), e);
            }
        }
        return List.copyOf(found);
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause);
        }
        return text.toString();
    }

    private static String names(List<SocketProvider> installed) {
        return installed.isEmpty()
                ? "none"
                : installed.stream().map(SocketProvider::name).sorted(Comparator.naturalOrder()).collect(Collectors.joining(", "));
    }
}
