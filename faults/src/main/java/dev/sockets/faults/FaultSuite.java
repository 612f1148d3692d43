package dev.sockets.faults;

import dev.sockets.SocketProvider;
import dev.sockets.Sockets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The fault suite: every installed provider's server, each probe in a child JVM of its own with
 * {@code ulimit -n}, probed from outside, and a table of what was found, printed and written to
 * {@code faults/target/report/faults.md} and {@code faults.json}. Exits with 1 if a probe failed.
 *
 * <p>System properties: {@code faults.mode} ({@code full}, the default, or {@code smoke}: the same probes,
 * smaller, the providers of each probe at once, within a minute, without packet loss), {@code faults.providers} (a comma-separated subset; by
 * default every provider on the class path, found by {@link Sockets#providers()}: a new one joins by being a
 * dependency of this module), {@code faults.probes} (a comma-separated subset of the probes' names) and
 * {@code faults.report} (the report's folder).
 */
public final class FaultSuite {

    private FaultSuite() {
    }

    /**
     * Runs the suite.
     *
     * @param args none
     * @throws Exception if the report cannot be written
     */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Probes.Scale scale = Probes.Scale.of(System.getProperty("faults.mode", "full"));
        List<String> providers = providers();
        List<String> only = list(System.getProperty("faults.probes", ""));
        Probes probes = new Probes(scale);
        List<Outcome> outcomes = new ArrayList<>();
        System.out.println("Fault suite, " + scale.mode() + " mode, providers " + providers
                + (scale.providersAtOnce() ? ", probed at once" : ", one at a time"));
        // One probe at a time; its providers at once in smoke mode (Scale#providersAtOnce), else one after another.
        ExecutorService pool = scale.providersAtOnce() ? Executors.newFixedThreadPool(providers.size())
                : Executors.newSingleThreadExecutor();
        for (String probe : Probes.CRITERIA.keySet()) {
            if (!only.isEmpty() && only.stream().noneMatch(probe::startsWith)) {
                continue;
            }
            List<Future<Timed>> running = new ArrayList<>();
            for (String provider : providers) {
                running.add(pool.submit(() -> timed(probes, probe, provider)));
            }
            for (Future<Timed> future : running) {
                Timed timed = future.get();
                Outcome outcome = timed.outcome();
                outcomes.add(outcome);
                System.out.printf("%-26s %-15s %-5s %s (%.1f s)%n", probe, outcome.provider(), outcome.verdict(),
                        outcome.figure(), timed.seconds());
            }
        }
        pool.shutdown();
        probes.closeShared();
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        Path folder = Path.of(System.getProperty("faults.report", "target/report"));
        Report report = new Report(scale.mode(), providers, outcomes, seconds);
        report.write(folder);
        System.out.println();
        System.out.println(report.markdown());
        System.out.println("Report: " + folder.resolve("faults.md").toAbsolutePath());
        long failed = outcomes.stream().filter(o -> o.verdict() == Outcome.Verdict.FAIL).count();
        System.exit(failed == 0 ? 0 : 1);
    }

    /** An outcome and how long its probe took. */
    private record Timed(Outcome outcome, double seconds) {
    }

    private static Timed timed(Probes probes, String probe, String provider) {
        long t = System.nanoTime();
        Outcome outcome;
        try {
            outcome = run(probes, probe, provider);
        } catch (Exception | Error e) {
            outcome = Outcome.of(probe, provider, false, "the probe failed: " + e);
        }
        return new Timed(outcome, (System.nanoTime() - t) / 1e9);
    }

    private static Outcome run(Probes probes, String probe, String provider) throws Exception {
        return switch (probe) {
            case "exhaustion (cold logger)" -> probes.exhaustion(provider, false);
            case "exhaustion (warm logger)" -> probes.exhaustion(provider, true);
            case "churn" -> probes.churn(provider);
            case "slow readers" -> probes.slowReaders(provider);
            case "slowloris" -> probes.slowloris(provider);
            case "slowloris (idle timeout)" -> probes.slowlorisIdle(provider);
            case "connection-limit burst" -> probes.burst(provider);
            case "close under load" -> probes.closeUnderLoad(provider);
            case "kill -9 of peers" -> probes.killPeers(provider);
            case "random bytes" -> probes.randomBytes(provider);
            case "packet loss 1%" -> probes.packetLoss(provider, 1);
            case "packet loss 5%" -> probes.packetLoss(provider, 5);
            default -> throw new IllegalArgumentException("no probe " + probe);
        };
    }

    /** Every installed provider by name, or the subset asked for. */
    private static List<String> providers() {
        List<String> asked = list(System.getProperty("faults.providers", ""));
        List<String> installed = Sockets.providers().stream().map(SocketProvider::name).toList();
        if (asked.isEmpty()) {
            return installed;
        }
        for (String name : asked) {
            if (!installed.contains(name)) {
                throw new IllegalArgumentException("faults.providers: no provider " + name + "; installed: " + installed);
            }
        }
        return asked;
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
