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
 * {@value #PROVIDER_PROPERTY} if it is set ({@code -Ddev.sockets.provider=nio}), else the installed
 * provider whose name comes first in alphabetical order (§1.5): {@code blocking} before {@code nio}
 * before {@code posix} before {@code virtualthreads}. The order of the class path or the module path never matters, so
 * the same jars give the same provider however the program is started. Code written against
 * {@link SocketProvider} runs unchanged on any of them: swap the provider's jar, or set the property.
 */
public final class Sockets {

    /** The system property that names the provider {@link #provider()} returns. */
    public static final String PROVIDER_PROPERTY = "dev.sockets.provider";

    /** §1.5: by name, then by class name, so that two providers of one name are still in a fixed order. */
    private static final Comparator<SocketProvider> ORDER =
            Comparator.comparing(SocketProvider::name).thenComparing(p -> p.getClass().getName());
    private static final System.Logger LOG = System.getLogger("dev.sockets");
    private static final int MAX_LOAD_FAILURES = 100;

    private Sockets() {
    }

    /**
     * Returns the provider named by the system property {@value #PROVIDER_PROPERTY} (§1.1), or, when
     * the property is not set, the installed provider whose name comes first in alphabetical order,
     * the first of {@link #providers()} (§1.5).
     *
     * @return the chosen provider
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
     * @param name the provider's name, such as {@code "nio"}
     * @return the first installed provider of that name, in the order of {@link #providers()}
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
     * Returns every installed provider that can run here, found with {@link ServiceLoader} (through
     * the thread's context class loader), in alphabetical order of their names, whatever order
     * {@link ServiceLoader} finds them in (§1.5). A provider that cannot load on the running JDK (one
     * compiled for a later Java, such as {@code posix} for 22 on Java 21, or one whose class fails to
     * initialise) is skipped, with the reason logged at WARNING through {@link System.Logger}
     * ({@code dev.sockets}), so that it does not make discovery fail for every other provider (§1.6).
     *
     * @return the installed providers that load, a new instance of each; empty if none is installed
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
        found.sort(ORDER);
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
                : installed.stream().map(SocketProvider::name).collect(Collectors.joining(", "));
    }
}
