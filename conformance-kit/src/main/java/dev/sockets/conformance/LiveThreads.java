package dev.sockets.conformance;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

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
 */
public final class LiveThreads {

    private static final HotSpotDiagnosticMXBean DIAGNOSTICS = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    private LiveThreads() {
    }

    /**
     * Returns the names of the live threads, platform and virtual, in the order of the dump; unnamed ones as "".
     *
     * @return the names
     * @throws UncheckedIOException if the dump cannot be written or read
     */
    public static List<String> names() {
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
}
