package dev.sockets.conformance;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The names of this JVM's live threads, platform and virtual, for the check of §13.2.
 *
 * <h2>Comparison with Thread.getAllStackTraces()</h2>
 * {@link Thread#getAllStackTraces()} and {@link java.lang.management.ThreadMXBean} show platform
 * threads only: a provider that leaks a parked virtual thread per connection would pass a check built
 * on them. The JDK's thread dump ({@link HotSpotDiagnosticMXBean#dumpThreads}, as
 * {@code jcmd Thread.dump_to_file}) lists the virtual threads too, by thread container. It writes to a
 * file; this class dumps to a fresh temporary file, reads the thread names from its JSON, and deletes
 * it. A virtual thread started directly ({@code Thread.ofVirtual().start(…)}), outside any executor,
 * is listed because the JDK tracks all threads unless the JVM runs with
 * {@code -Djdk.trackAllThreads=false}.
 *
 * <h2>Without a thread dump, where the JVM allows it</h2>
 * The dump takes a snapshot of every thread in the JVM, and HotSpot 25.0.3 can crash the whole JVM
 * doing so ({@code ShouldNotReachHere} in {@code java_lang_VirtualThread::map_state_to_thread_status},
 * a virtual thread caught between two states) — in this kit's own runs, about one fork in ten, while
 * the leak check polls for a provider's threads to end. The dump reads its threads from the JDK's
 * thread containers ({@code jdk.internal.vm.ThreadContainers}); when {@code java.base} exports that
 * package to the kit, this class walks the same containers and reads each thread's name, with no
 * snapshot: run the kit with {@code --add-exports java.base/jdk.internal.vm=dev.sockets.conformance}
 * on the module path, or {@code =ALL-UNNAMED} on the class path (this repository's builds do). Without
 * the export it takes the dump, as before.
 */
public final class LiveThreads {

    private static final HotSpotDiagnosticMXBean DIAGNOSTICS = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    /** The JDK's thread containers, if {@code java.base} exports them to the kit; else empty, and {@link #names()} dumps. */
    private static final Optional<Containers> CONTAINERS = Containers.find();

    private LiveThreads() {
    }

    /**
     * Returns the names of the live threads, platform and virtual, by thread container; unnamed ones as "".
     *
     * @return the names
     * @throws UncheckedIOException if the dump cannot be written or read
     */
    public static List<String> names() {
        if (CONTAINERS.isPresent()) {
            return CONTAINERS.get().names();
        }
        return dumpedNames();
    }

    /** The names, from a thread dump: what {@link #names()} returns without the export (package-private for its test). */
    static List<String> dumpedNames() {
        try {
            // dumpThreads writes a new file only: make a unique name, then free it.
            Path file = Files.createTempFile("sockets-threads-", ".json");
            try {
                Files.delete(file);
                DIAGNOSTICS.dumpThreads(file.toAbsolutePath().toString(), ThreadDumpFormat.JSON);
                return namesIn(Files.readString(file));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("§13.2: cannot dump the threads of this JVM", e);
        }
    }

    /**
     * Returns the thread names of a thread dump in JSON: the value of {@code "name"} in each object of
     * a {@code "threads"} array ({@code {"threadDump": {"threadContainers": [{"threads": [{"name": …}]}]}}}).
     * Everything else, stack frames included, is skipped whole, so that no text inside a string is
     * taken for a name.
     *
     * @param json a thread dump in the JDK's JSON format
     * @return the thread names, in order
     * @throws IllegalArgumentException if a string of the dump is cut short
     */
    public static List<String> namesIn(String json) {
        List<String> names = new ArrayList<>();
        // The key that opened each enclosing object or array; "" for an element of an array.
        Deque<String> enclosing = new ArrayDeque<>();
        String key = null;
        int i = 0;
        while (i < json.length()) {
            char c = json.charAt(i);
            switch (c) {
                case '"' -> {
                    StringBuilder s = new StringBuilder();
                    i = string(json, i, s);
                    int next = skipWhitespace(json, i);
                    if (next < json.length() && json.charAt(next) == ':') {
                        key = s.toString();
                        i = next + 1;
                        continue;
                    }
                    if ("name".equals(key) && "".equals(enclosing.peek()) && isThreadsArray(enclosing)) {
                        names.add(s.toString());
                    }
                    key = null;
                    continue;
                }
                case '{', '[' -> {
                    enclosing.push(key == null ? "" : key);
                    key = null;
                }
                case '}', ']' -> {
                    enclosing.poll();
                    key = null;
                }
                case ',' -> key = null;
                default -> {
                    // whitespace, or a number, true, false or null
                }
            }
            i++;
        }
        return names;
    }

    /** Whether the innermost object is an element of an array under the key "threads". */
    private static boolean isThreadsArray(Deque<String> enclosing) {
        var it = enclosing.iterator();
        it.next();
        return it.hasNext() && it.next().equals("threads");
    }

    /** Reads the JSON string that starts at {@code json[start]} (a quote) into {@code out}; returns the index after it. */
    private static int string(String json, int start, StringBuilder out) {
        int i = start + 1;
        while (i < json.length()) {
            char c = json.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= json.length()) {
                break;
            }
            char escaped = json.charAt(i++);
            switch (escaped) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > json.length()) {
                        throw new IllegalArgumentException("§13.2: a cut \\u escape in the thread dump at " + (i - 2));
                    }
                    out.append((char) Integer.parseInt(json, i, i + 4, 16));
                    i += 4;
                }
                default -> out.append(escaped); // \" \\ \/
            }
        }
        throw new IllegalArgumentException("§13.2: an unterminated string in the thread dump at " + start);
    }

    private static int skipWhitespace(String json, int i) {
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * The walk of the JDK's thread containers that its thread dump makes, without the dump: the root
     * container (the platform threads and every virtual thread started outside an executor), then each
     * child (an executor's threads, a structured scope's), depth first.
     */
    private record Containers(Method root, Method children, Method threads) {

        private static final String PACKAGE = "jdk.internal.vm";

        static Optional<Containers> find() {
            if (!Object.class.getModule().isExported(PACKAGE, LiveThreads.class.getModule())) {
                return Optional.empty();
            }
            try {
                Class<?> containers = Class.forName(PACKAGE + ".ThreadContainers");
                Class<?> container = Class.forName(PACKAGE + ".ThreadContainer");
                return Optional.of(new Containers(containers.getMethod("root"), container.getMethod("children"),
                        container.getMethod("threads")));
            } catch (ReflectiveOperationException e) {
                // A JDK whose containers are not these: the dump still works.
                return Optional.empty();
            }
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            try {
                collect(root.invoke(null), names);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("§13.2: cannot walk the JDK's thread containers", e);
            }
            return names;
        }

        private void collect(Object container, List<String> names) throws ReflectiveOperationException {
            try (Stream<?> threadsOf = (Stream<?>) threads.invoke(container)) {
                threadsOf.forEach(thread -> names.add(((Thread) thread).getName()));
            }
            List<?> kids;
            try (Stream<?> childrenOf = (Stream<?>) children.invoke(container)) {
                kids = childrenOf.toList();
            }
            for (Object child : kids) {
                collect(child, names);
            }
        }
    }
}
