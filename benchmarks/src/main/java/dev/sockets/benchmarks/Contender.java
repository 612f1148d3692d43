package dev.sockets.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A server in the comparison: one of the three providers, or a baseline to hold them against.
 *
 * <p>Every provider has a plain-JDK baseline of its own model, written as a user of the JDK would
 * write it without this library; the difference between the two is what the abstraction costs.
 * Netty is the baseline of the state of the art. The posix provider's own baseline is the seed's
 * server in C, a pthread per client, the thing it calls the same system calls as. {@code c-epoll}, one
 * epoll thread in C, is "the limit": the least a server can do per round trip on this machine.
 */
enum Contender {
    BLOCKING("blocking", "provider: a platform thread per client", false, "jdk-threads"),
    NIO("nio", "provider: Selector event loops", false, "jdk-selector"),
    VIRTUAL_THREADS("virtualthreads", "provider: a virtual thread per client", false, "jdk-virtual"),
    POSIX("posix", "provider: POSIX calls through FFM, a platform thread per client", false, "c-pthreads"),
    NIO_EVENTS("nio-events", "provider, event-driven: callbacks on the Selector loops", false, "jdk-selector"),
    BLOCKING_EVENTS("blocking-events", "provider, event-driven: a reader and a writer platform thread per client", false,
            "blocking"),
    VIRTUAL_THREADS_EVENTS("virtualthreads-events", "provider, event-driven: a reader and a writer virtual thread per client",
            false, "virtualthreads"),
    POSIX_EVENTS("posix-events", "provider, event-driven: a reader and a writer platform thread per client, callbacks'"
            + " writes at once by non-blocking send(2)", false, "posix"),
    NETTY("netty", "baseline: Netty NIO echo", true, null),
    JDK_THREADS("jdk-threads", "baseline: java.net, a platform thread per client", true, null),
    JDK_SELECTOR("jdk-selector", "baseline: one Selector thread", true, null),
    JDK_VIRTUAL("jdk-virtual", "baseline: java.net, a virtual thread per client", true, null),
    /** Native: built from src/main/c by the benchmark with the C compiler, where there is one (ServerProcess). */
    C_PTHREADS("c-pthreads", "baseline: C, accept(2) and a pthread per client", true, null),
    /** Native, as c-pthreads: the limit row, one thread of epoll(7) in C. */
    C_EPOLL("c-epoll", "baseline: C, one epoll thread", true, null);

    private final String id;
    private final String description;
    private final boolean baseline;
    private final String ownBaseline;

    Contender(String id, String description, boolean baseline, String ownBaseline) {
        this.id = id;
        this.description = description;
        this.baseline = baseline;
        this.ownBaseline = ownBaseline;
    }

    /**
     * The name that selects it: a provider's name for {@code Sockets.provider(name)}, that name and
     * {@code -events} for its event-driven echo, or a baseline's.
     */
    String id() {
        return id;
    }

    String description() {
        return description;
    }

    boolean isBaseline() {
        return baseline;
    }

    /** For a provider's echo, blocking style or event-driven, the provider's name. */
    String provider() {
        return id.endsWith(EVENTS) ? id.substring(0, id.length() - EVENTS.length()) : id;
    }

    private static final String EVENTS = "-events";

    /**
     * For a provider's blocking-style echo, the plain-JDK server of the same model; for an event-driven one,
     * the server it is held against (jdk-selector for nio, the provider's own blocking style for the others).
     */
    Optional<Contender> ownBaseline() {
        return Optional.ofNullable(ownBaseline).map(Contender::byId);
    }

    /** For a server in C, the program of {@code src/main/c} that is it ({@link NativeProgram}); else empty. */
    Optional<String> nativeProgram() {
        return switch (this) {
            case C_PTHREADS -> Optional.of("echo_pthreads");
            case C_EPOLL -> Optional.of("echo_epoll");
            default -> Optional.empty();
        };
    }

    static Contender byId(String id) {
        return Arrays.stream(values())
                .filter(c -> c.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no server named '" + id + "'; known: " + ids()));
    }

    /** Parses {@code "all"} or a comma-separated list of ids. */
    static List<Contender> parse(String list) {
        if (list.isBlank() || list.strip().equals("all")) {
            return List.of(values());
        }
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Contender::byId).toList();
    }

    private static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Contender::id).toList());
    }
}
