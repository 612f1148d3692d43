package dev.sockets.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The machine a report was taken on, and its limits that bound test 4: the descriptor limit
 * ({@code ulimit -n}, which the server process inherits) and the loopback ephemeral port range.
 *
 * @param cpu the processor's model name
 * @param cores the cores this JVM may use
 * @param memoryBytes the machine's memory
 * @param os the kernel
 * @param jdk the JDK that runs the servers and the generator
 * @param descriptorLimit the soft limit on open descriptors of each process
 * @param ephemeralPorts how many ports the kernel hands out for outgoing connections
 * @param takenAt when the report was taken
 */
record Machine(String cpu, int cores, long memoryBytes, String os, String jdk, long descriptorLimit, int ephemeralPorts,
        Instant takenAt) {

    /** Descriptors kept for everything but the connections of test 4: jars, selectors, pipes, logs. */
    private static final int DESCRIPTOR_RESERVE = 500;

    static Machine describe() {
        return new Machine(
                field(Path.of("/proc/cpuinfo"), "model name", "unknown CPU"),
                Runtime.getRuntime().availableProcessors(),
                Long.parseLong(field(Path.of("/proc/meminfo"), "MemTotal", "0").replaceAll("\\D", "")) * 1024,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                readDescriptorLimit(),
                readEphemeralPorts(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** How many idle connections test 4 can hold of the {@code wanted}: each process has one descriptor each. */
    int idleConnections(int wanted) {
        long byDescriptors = descriptorLimit - DESCRIPTOR_RESERVE;
        long byPorts = ephemeralPorts - DESCRIPTOR_RESERVE;
        return (int) Math.max(0, Math.min(wanted, Math.min(byDescriptors, byPorts)));
    }

    /** One line for the report: "2 cores, Intel …, 24 GB, Linux 6.1, OpenJDK 25". */
    String summary() {
        return cores + " cores (" + cpu + "), " + (memoryBytes >> 30) + " GB, " + os + ", " + jdk;
    }

    private static String field(Path file, String name, String otherwise) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux: say unknown
        }
        return otherwise;
    }

    private static long readDescriptorLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    List<String> words = List.of(line.substring("Max open files".length()).strip().split("\\s+"));
                    return words.get(0).equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(words.get(0));
                }
            }
        } catch (IOException e) {
            // not Linux: assume the common default
        }
        return 1024;
    }

    private static int readEphemeralPorts() {
        try {
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).strip().split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (IOException e) {
            return 28_232;
        }
    }
}
