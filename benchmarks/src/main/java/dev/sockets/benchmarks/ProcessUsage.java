package dev.sockets.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a server process holds: its resident set ({@code VmRSS} of {@code /proc/self/status}), its
 * kernel threads ({@code Threads}), and its heap in use after a full collection.
 *
 * @param residentBytes the resident set size, bytes
 * @param threads the process's kernel threads (virtual threads are not among them)
 * @param heapBytes the heap in use after {@link System#gc()}, bytes
 */
record ProcessUsage(long residentBytes, int threads, long heapBytes) {

    /** Measures this process, after a full collection so that the heap holds only what is live. */
    static ProcessUsage ofThisProcessAfterGc() throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long resident = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                resident = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        return new ProcessUsage(resident, threads, heap);
    }

    /** The one-line form of the control protocol: {@code usage <rss> <threads> <heap>}. */
    String format() {
        return "usage " + residentBytes + " " + threads + " " + heapBytes;
    }

    static ProcessUsage parse(String line) {
        String[] words = line.strip().split(" ");
        if (words.length != 4 || !words[0].equals("usage")) {
            throw new IllegalArgumentException("not a usage line: " + line);
        }
        return new ProcessUsage(Long.parseLong(words[1]), Integer.parseInt(words[2]), Long.parseLong(words[3]));
    }
}
