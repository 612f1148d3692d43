package dev.sockets.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the suite's own, {@code faults-<pid>-<n>}, whose loopback drops a share of the packets it
 * receives ({@code iptables -m statistic --mode random}): the only network the packet-loss probes use. Made with
 * {@code ip netns add}, removed on {@link #close()}. Needs root, {@code ip} and {@code iptables}.
 */
final class Netns implements AutoCloseable {

    private static int next;

    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Why the probes cannot run here, or null if they can. */
    static String unavailable(Probes.Scale scale) {
        if (scale.lossBytes() == 0) {
            return "not run in smoke mode (minutes of transfer); run -Dfaults.mode=full";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root (a network namespace and iptables), the suite runs as " + System.getProperty("user.name");
        }
        for (String tool : List.of("ip", "iptables")) {
            if (!Probes.exists(tool)) {
                return "no " + tool + " on this machine (apt-get install " + (tool.equals("ip") ? "iproute2" : tool) + ")";
            }
        }
        return null;
    }

    /** A new namespace whose loopback is up and drops {@code percent}% of what it receives. */
    static Netns withLoss(int percent) throws IOException {
        String name;
        synchronized (Netns.class) {
            name = "faults-" + ProcessHandle.current().pid() + "-" + next++;
        }
        exec(30, "ip", "netns", "add", name);
        Netns ns = new Netns(name);
        try {
            ns.run(30, "ip", "link", "set", "lo", "up");
            ns.run(30, "iptables", "-A", "INPUT", "-i", "lo", "-m", "statistic", "--mode", "random",
                    "--probability", Double.toString(percent / 100.0), "-j", "DROP");
            return ns;
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** Runs {@code command} inside the namespace; returns its last line of output. */
    String run(int timeoutSeconds, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return exec(timeoutSeconds, full.toArray(String[]::new));
    }

    private static String exec(int timeoutSeconds, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // Drained while it runs, so that a chatty command never blocks on a full pipe.
            java.util.concurrent.CompletableFuture<String> drained = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    return "";
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "fail: " + String.join(" ", command) + " did not end within " + timeoutSeconds + " s";
            }
            String output = drained.join();
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
            }
            String[] lines = output.split("\n");
            return lines[lines.length - 1];
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            exec(30, "ip", "netns", "del", name);
        } catch (IOException e) {
            System.err.println("could not remove the network namespace " + name + ": " + e.getMessage());
        }
    }
}
