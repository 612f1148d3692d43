package dev.sockets.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The probes, each against one provider's {@link EchoServer} in a child JVM with {@code ulimit -n}, from outside.
 * Each returns an {@link Outcome}: the figure, and pass or fail against the criterion in {@link #CRITERIA}.
 * The sizes are {@link Scale}'s: the full run, or the smoke run of at most a minute.
 */
final class Probes {

    /** The descriptor limit of the child, as {@code ulimit -n}. */
    static final int FILE_LIMIT = 256;

    /**
     * How long after a close its descriptors may stay open: nio's shared loops close their selectors once idle a
     * moment, and a close that finishes on another thread releases its socket a little later. The kit's grace for
     * the same (§13.1, {@code Descriptors}); the probe reports how long it took.
     */
    static final long RELEASE_GRACE_MILLIS = 5000;

    /** Each probe's criterion, in the order of the report. */
    static final Map<String, String> CRITERIA = new LinkedHashMap<>();

    static {
        CRITERIA.put("exhaustion (cold logger)", "316 clients against ulimit -n 256, nothing logged before: serves again "
                + "within 2 s of descriptors being freed, at most 2 log records for the episode");
        CRITERIA.put("exhaustion (warm logger)", "as the cold one, with one record logged at start");
        CRITERIA.put("churn", "connect, round trip, close (FIN, RST, connect-then-close in turn), every cycle served; "
                + "then at most 4 more descriptors, 4 more threads and 16 MiB more heap (after GC) than before");
        CRITERIA.put("slow readers", "clients that write and never read hold their handlers in write: heap grows at "
                + "most 64 MiB, a new client is served within 1 s, and all are released within 2 s of leaving");
        CRITERIA.put("slowloris", "clients that send a byte every 500 ms: a new client is served within 1 s meanwhile");
        CRITERIA.put("slowloris (idle timeout)", "with ServerOptions.idleTimeout of 1 s, clients that go quiet are "
                + "closed by the server within 2 s");
        CRITERIA.put("connection-limit burst", "500 clients at once against maxConnections 50: exactly 50 handlers at "
                + "once at the peak, and all 500 served once the first leave");
        CRITERIA.put("close under load", "Server.close() (shutdownTimeout 1 s) with clients mid-transfer: every client "
                + "sees end of stream or a reset within 2 s, close() returns within 2 s, then no thread of the provider, "
                + "and no more descriptors than before the clients came within 5 s (the kit's grace, §13.1)");
        CRITERIA.put("kill -9 of peers", "peers (child processes) streaming into the echo are killed with SIGKILL: the "
                + "server has closed every connection within 1 s");
        CRITERIA.put("random bytes", "clients send random bytes (and some reset at once): every echo intact, the server "
                + "serves on, and writes no log record above DEBUG");
        CRITERIA.put("packet loss 1%", "64 MiB echoed intact through 1% loss (iptables in a network namespace), within 5 min");
        CRITERIA.put("packet loss 5%", "as above, through 5% loss");
    }

    private final Scale scale;
    /**
     * Smoke mode: one child per provider serves the probes that need no options of their own. Concurrent, since
     * smoke mode probes the providers at once (each provider's key is used by one thread).
     */
    private final Map<String, ServerProcess> shared = new ConcurrentHashMap<>();

    Probes(Scale scale) {
        this.scale = scale;
    }

    /**
     * The server of a probe that needs only the defaults: in smoke mode one child per provider, shared by such
     * probes to save the JVM starts; in full mode a child of its own.
     */
    private Lease defaultServer(String provider) throws IOException {
        if (!scale.mode().equals("smoke")) {
            return new Lease(ServerProcess.start(provider, FILE_LIMIT, null), true);
        }
        ServerProcess server = shared.get(provider);
        if (server == null || !server.isAlive()) {
            server = ServerProcess.start(provider, FILE_LIMIT, null);
            shared.put(provider, server);
        }
        return new Lease(server, false);
    }

    /** Ends the children shared in smoke mode. */
    void closeShared() {
        shared.values().forEach(ServerProcess::close);
        shared.clear();
    }

    /** A server for one probe; closed after it unless it is shared. */
    private record Lease(ServerProcess server, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                server.close();
            }
        }
    }

    /**
     * The sizes of a run, and whether the providers are probed at once: in smoke mode, which shows that every
     * probe runs and holds, not how fast (each provider's server is a child JVM of its own); in full mode one at a
     * time, so that no provider's figures are another's load.
     */
    record Scale(String mode, int churnCycles, int slowReaders, int slowloris, int closeClients, int peers,
            int randomClients, int randomBytes, long lossBytes, long holdMillis, boolean providersAtOnce) {

        static Scale of(String mode) {
            return switch (mode) {
                case "smoke" -> new Scale(mode, 2_000, 10, 50, 50, 5, 5, 64 * 1024, 0, 500, true);
                case "full" -> new Scale(mode, 100_000, 50, 200, 200, 20, 20, 1024 * 1024, 64L * 1024 * 1024, 2000, false);
                default -> throw new IllegalArgumentException("faults.mode is smoke or full: " + mode);
            };
        }
    }

    // ---- descriptor exhaustion ------------------------------------------------------------------

    Outcome exhaustion(String provider, boolean warm) throws Exception {
        String probe = warm ? "exhaustion (warm logger)" : "exhaustion (cold logger)";
        try (ServerProcess server = ServerProcess.start(provider, FILE_LIMIT, null, "warm", Boolean.toString(warm))) {
            if (!Clients.roundTrip(server.port(), 5000)) {
                return Outcome.of(probe, provider, false, "not served before the episode");
            }
            int recordsBefore = server.records().size();
            long errBefore = server.errorBytes();
            long cpuBefore = server.cpuMillis();
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 316; i++) {
                    clients.add(Clients.connectLater(server.port()));
                }
                boolean exhausted = until(5000, () -> descriptors(server) >= FILE_LIMIT - 2);
                long peak = descriptors(server);
                Thread.sleep(scale.holdMillis()); // the episode: the server is out of descriptors for this long
                if (!exhausted) {
                    return Outcome.of(probe, provider, false, "the server never ran out of descriptors (peak " + peak + ")");
                }
            } finally {
                clients.forEach(Clients::closeQuietly);
            }
            long servedMillis = Clients.firstServed(server.port(), 10_000);
            Thread.sleep(scale.holdMillis() / 2); // the record of the recovery comes with the first accept after it
            int records = server.records().size() - recordsBefore;
            long cpu = server.cpuMillis() - cpuBefore;
            long bytes = server.errorBytes() - errBefore;
            boolean pass = servedMillis >= 0 && servedMillis <= 2000 && records <= 2 && server.isAlive();
            return Outcome.of(probe, provider, pass, (servedMillis < 0 ? "never served again (10 s)"
                    : "served again " + servedMillis + " ms after descriptors were freed") + "; " + records
                    + " log record(s), " + bytes + " B of stderr; CPU " + cpu + " ms in the episode");
        }
    }

    // ---- churn --------------------------------------------------------------------------------

    Outcome churn(String provider) throws Exception {
        String probe = "churn";
        try (Lease lease = defaultServer(provider)) {
            ServerProcess server = lease.server();
            AtomicLong failed = new AtomicLong();
            cycles(server.port(), 1000, failed); // warm-up: classes loaded, pools and caches filled
            until(10_000, () -> open(server) == 0);
            long fds = server.descriptors();
            long threads = server.threads();
            long heap = server.stats().get("heap");
            long start = System.nanoTime();
            int workers = 2;
            List<Thread> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(Thread.ofPlatform().start(() -> cycles(server.port(), scale.churnCycles() / workers, failed)));
            }
            for (Thread t : running) {
                t.join();
            }
            long seconds = Math.max(1, (System.nanoTime() - start) / 1_000_000_000);
            until(10_000, () -> open(server) == 0);
            long dFds = server.descriptors() - fds;
            long dThreads = server.threads() - threads;
            long dHeap = server.stats().get("heap") - heap;
            boolean pass = failed.get() == 0 && dFds <= 4 && dThreads <= 4 && dHeap <= 16L * 1024 * 1024;
            return Outcome.of(probe, provider, pass, String.format(java.util.Locale.ROOT,
                    "%,d cycles in %d s, %d failed; descriptors %+d, threads %+d, heap %+.1f MiB",
                    scale.churnCycles(), seconds, failed.get(), dFds, dThreads, dHeap / 1048576.0));
        }
    }

    /** {@code count} cycles, each of the three kinds in turn; counts the cycles that were not served. */
    private static void cycles(int port, int count, AtomicLong failed) {
        byte[] request = new byte[16];
        Arrays.fill(request, (byte) 'c');
        for (int i = 0; i < count; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(Clients.local(port), 5000);
                socket.setSoTimeout(5000);
                if (i % 3 != 2) {
                    socket.getOutputStream().write(request);
                    if (!Arrays.equals(request, socket.getInputStream().readNBytes(request.length))) {
                        failed.incrementAndGet();
                    }
                }
                if (i % 3 == 1) {
                    socket.setSoLinger(true, 0); // an abortive close: RST
                }
            } catch (IOException e) {
                failed.incrementAndGet();
            }
        }
    }

    // ---- slow readers -------------------------------------------------------------------------

    Outcome slowReaders(String provider) throws Exception {
        String probe = "slow readers";
        try (Lease lease = defaultServer(provider)) {
            ServerProcess server = lease.server();
            long heap = server.stats().get("heap");
            List<Socket> readers = new ArrayList<>();
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < scale.slowReaders(); i++) {
                    Socket socket = new Socket();
                    socket.connect(Clients.local(server.port()), 5000);
                    readers.add(socket);
                    Thread.ofVirtual().start(() -> {
                        for (int k = 0; k < 64; k++) { // 4 MiB, far more than the buffers hold: it blocks
                            if (!Clients.writeQuietly(outputOf(socket), chunk)) {
                                return;
                            }
                        }
                    });
                }
                until(10_000, () -> open(server) == scale.slowReaders());
                Thread.sleep(scale.holdMillis()); // the handlers fill the buffers and block in write
                long grown = server.stats().get("heap") - heap;
                long served = Clients.firstServed(server.port(), 5000);
                readers.forEach(Clients::closeQuietly);
                long released = timed(10_000, () -> open(server) == 0);
                boolean pass = grown <= 64L * 1024 * 1024 && served >= 0 && served <= 1000 && released >= 0 && released <= 2000;
                return Outcome.of(probe, provider, pass, String.format(java.util.Locale.ROOT,
                        "%d readers: heap %+.1f MiB; a new client served in %d ms; all released %d ms after leaving",
                        scale.slowReaders(), grown / 1048576.0, served, released));
            } finally {
                readers.forEach(Clients::closeQuietly);
            }
        }
    }

    // ---- slowloris ----------------------------------------------------------------------------

    Outcome slowloris(String provider) throws Exception {
        String probe = "slowloris";
        try (Lease lease = defaultServer(provider)) {
            ServerProcess server = lease.server();
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < scale.slowloris(); i++) {
                    Socket socket = new Socket();
                    socket.connect(Clients.local(server.port()), 5000);
                    clients.add(socket);
                }
                long worst = 0;
                boolean served = true;
                for (int tick = 0; tick < scale.holdMillis() / 500; tick++) { // a byte every 500 ms
                    for (Socket s : clients) {
                        Clients.writeQuietly(outputOf(s), new byte[] {'.'});
                    }
                    long t = Clients.firstServed(server.port(), 5000);
                    served &= t >= 0;
                    worst = Math.max(worst, t);
                    Thread.sleep(500);
                }
                boolean pass = served && worst <= 1000;
                return Outcome.of(probe, provider, pass, scale.slowloris() + " slow clients held; a new client served in at most "
                        + worst + " ms meanwhile");
            } finally {
                clients.forEach(Clients::closeQuietly);
            }
        }
    }

    Outcome slowlorisIdle(String provider) throws Exception {
        String probe = "slowloris (idle timeout)";
        if (!EchoServer.hasIdleTimeout()) {
            return new Outcome(probe, provider, "ServerOptions.idleTimeout does not exist in this build",
                    Outcome.Verdict.NOT_AVAILABLE);
        }
        try (ServerProcess server = ServerProcess.start(provider, FILE_LIMIT, null, "idle-ms", "1000")) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < scale.slowloris(); i++) {
                    Socket socket = new Socket();
                    socket.connect(Clients.local(server.port()), 5000);
                    Clients.writeQuietly(outputOf(socket), new byte[] {'.'});
                    clients.add(socket);
                }
                long start = System.nanoTime();
                long ended = clients.stream().filter(s -> Clients.endsWithin(s, 2500)).count();
                long took = (System.nanoTime() - start) / 1_000_000;
                boolean pass = ended == clients.size() && took <= 2500;
                return Outcome.of(probe, provider, pass, ended + " of " + clients.size() + " quiet clients closed by the server, "
                        + "the last " + took + " ms after they went quiet; idleClosed " + server.stats().get("idleClosed"));
            } finally {
                clients.forEach(Clients::closeQuietly);
            }
        }
    }

    // ---- connection-limit burst ---------------------------------------------------------------

    Outcome burst(String provider) throws Exception {
        String probe = "connection-limit burst";
        int max = 50;
        int burst = 500;
        try (ServerProcess server = ServerProcess.start(provider, 1024, null, "max", Integer.toString(max))) {
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < burst; i++) {
                    clients.add(Clients.connectLater(server.port()));
                }
                until(10_000, () -> open(server) >= max);
                Thread.sleep(scale.holdMillis()); // a server that lets more in does so by now
                Map<String, Long> during = server.stats();
                clients.forEach(Clients::closeQuietly);
                boolean allServed = until(20_000, () -> {
                    try {
                        Map<String, Long> s = server.stats();
                        return s.get("accepted") >= burst && s.get("open") == 0;
                    } catch (IOException e) {
                        return false;
                    }
                });
                Map<String, Long> after = server.stats();
                boolean pass = during.get("peak") == max && during.get("open") == max && after.get("peak") == max && allServed;
                return Outcome.of(probe, provider, pass, "peak " + after.get("peak") + " handlers at once, " + during.get("open")
                        + " open during the burst; " + after.get("accepted") + " of " + burst + " served in all");
            } finally {
                clients.forEach(Clients::closeQuietly);
            }
        }
    }

    // ---- close under load ---------------------------------------------------------------------

    Outcome closeUnderLoad(String provider) throws Exception {
        String probe = "close under load";
        int n = scale.closeClients();
        try (ServerProcess server = ServerProcess.start(provider, 1024, null, "shutdown-ms", "1000")) {
            Clients.roundTrip(server.port(), 5000);
            long fdsBefore = server.descriptors();
            Map<String, Long> kindsBefore = server.descriptorKinds();
            long[] endedAt = new long[n];
            CountDownLatch connected = new CountDownLatch(n);
            CountDownLatch done = new CountDownLatch(n);
            SocketBag sockets = new SocketBag();
            for (int i = 0; i < n; i++) {
                int id = i;
                Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[16 * 1024];
                    try (Socket socket = new Socket()) {
                        sockets.add(socket);
                        socket.connect(Clients.local(server.port()), 5000);
                        connected.countDown();
                        OutputStream out = socket.getOutputStream();
                        InputStream in = socket.getInputStream();
                        while (true) {
                            out.write(chunk);
                            if (in.readNBytes(chunk.length).length < chunk.length) {
                                break; // end of stream
                            }
                        }
                    } catch (IOException reset) {
                        // a reset, or a broken pipe: the server closed
                    } finally {
                        endedAt[id] = System.nanoTime();
                        done.countDown();
                    }
                });
            }
            if (!connected.await(20, TimeUnit.SECONDS)) {
                sockets.closeAll();
                return Outcome.of(probe, provider, false, "only " + (n - connected.getCount()) + " of " + n + " clients connected");
            }
            Thread.sleep(scale.holdMillis()); // mid-transfer
            long start = System.nanoTime();
            long closeMillis = server.closeServer();
            long closedAt = System.nanoTime();
            // What close() left the moment it returned: a release that comes later is named by kind below.
            Map<String, Long> kindsAtClose = server.descriptorKinds();
            boolean allEnded = done.await(5, TimeUnit.SECONDS);
            sockets.closeAll();
            long worst = 0;
            int late = 0;
            for (long t : endedAt) {
                long ms = t == 0 ? Long.MAX_VALUE : (t - start) / 1_000_000;
                worst = Math.max(worst, ms);
                if (ms > 2000) {
                    late++;
                }
            }
            long threads = Long.parseLong(server.ask("threads").substring("threads ".length()));
            long released = timed(RELEASE_GRACE_MILLIS, () -> descriptors(server) <= fdsBefore);
            long releasedMillis = released < 0 ? -1 : (System.nanoTime() - closedAt) / 1_000_000;
            long fdsAfter = server.descriptors();
            boolean pass = allEnded && late == 0 && closeMillis <= 2000 && threads == 0 && fdsAfter <= fdsBefore;
            return Outcome.of(probe, provider, pass, n + " clients: " + (allEnded ? "the last saw the end " + worst + " ms after close() began"
                    : (n - done.getCount()) + " saw the end within 5 s") + ", " + late + " later than 2 s; close() took " + closeMillis
                    + " ms; then " + threads + " provider thread(s), descriptors " + String.format("%+d", fdsAfter - fdsBefore)
                    + (fdsAfter > fdsBefore ? " (" + difference(kindsBefore, server.descriptorKinds()) + ")"
                            : releasedMillis > 100 ? " (back to the count before " + releasedMillis + " ms after close() returned; held when it"
                                    + " returned: " + difference(kindsBefore, kindsAtClose) + ")" : ""));
        }
    }

    /** The sockets of a probe's clients, for closing them all at the end. */
    private static final class SocketBag {
        private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();

        void add(Socket s) {
            sockets.add(s);
        }

        void closeAll() {
            sockets.forEach(Clients::closeQuietly);
        }
    }

    // ---- kill -9 of peers ---------------------------------------------------------------------

    Outcome killPeers(String provider) throws Exception {
        String probe = "kill -9 of peers";
        int k = scale.peers();
        try (Lease lease = defaultServer(provider)) {
            ServerProcess server = lease.server();
            List<Process> peers = new ArrayList<>();
            try {
                for (int i = 0; i < k; i++) {
                    // bash's /dev/tcp: a peer that streams zeros into the echo and never reads
                    peers.add(new ProcessBuilder("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + server.port()
                            + "; exec cat /dev/zero >&3").redirectErrorStream(true).start());
                }
                if (!until(10_000, () -> open(server) == k)) {
                    return Outcome.of(probe, provider, false, "only " + open(server) + " of " + k + " peers connected");
                }
                Thread.sleep(scale.holdMillis() / 2); // the buffers fill both ways: the handlers block in write
                long start = System.nanoTime();
                peers.forEach(Process::destroyForcibly);
                long ms = timed(5000, () -> open(server) == 0);
                boolean pass = ms >= 0 && ms <= 1000 && Clients.roundTrip(server.port(), 5000);
                return Outcome.of(probe, provider, pass, k + " peers killed mid-transfer: every connection closed "
                        + (ms < 0 ? "not within 5 s" : ms + " ms later") + String.format(" (%.1f ms measured from outside)",
                        (System.nanoTime() - start) / 1e6));
            } finally {
                peers.forEach(Process::destroyForcibly);
            }
        }
    }

    // ---- random bytes -------------------------------------------------------------------------

    Outcome randomBytes(String provider) throws Exception {
        String probe = "random bytes";
        try (Lease lease = defaultServer(provider)) {
            ServerProcess server = lease.server();
            int before = warnings(server);
            long resetsBefore = server.stats().get("resets");
            Random random = new Random(13);
            int intact = 0;
            for (int i = 0; i < scale.randomClients(); i++) {
                byte[] data = new byte[scale.randomBytes()];
                random.nextBytes(data);
                try (Socket socket = new Socket()) {
                    socket.connect(Clients.local(server.port()), 5000);
                    socket.setSoTimeout(10_000);
                    Thread writer = Thread.ofVirtual().start(() -> {
                        if (Clients.writeQuietly(outputOf(socket), data)) {
                            try {
                                socket.shutdownOutput();
                            } catch (IOException e) {
                                // counted as not intact below
                            }
                        }
                    });
                    byte[] echo = socket.getInputStream().readAllBytes();
                    writer.join();
                    if (Arrays.equals(data, echo)) {
                        intact++;
                    }
                } catch (IOException e) {
                    // not intact
                }
                try (Socket rude = new Socket()) {
                    rude.connect(Clients.local(server.port()), 5000);
                    byte[] junk = new byte[1 + random.nextInt(4096)];
                    random.nextBytes(junk);
                    rude.getOutputStream().write(junk);
                    rude.setSoLinger(true, 0);
                } catch (IOException e) {
                    // the reset is the point
                }
            }
            boolean served = Clients.roundTrip(server.port(), 5000);
            Thread.sleep(200);
            int logged = warnings(server) - before;
            boolean pass = intact == scale.randomClients() && served && logged == 0;
            return Outcome.of(probe, provider, pass, intact + " of " + scale.randomClients() + " echoes of "
                    + scale.randomBytes() / 1024 + " KiB intact, " + scale.randomClients() + " resets; served after: " + served
                    + "; " + logged + " record(s) above DEBUG; resets counted " + (server.stats().get("resets") - resetsBefore));
        }
    }

    // ---- packet loss --------------------------------------------------------------------------

    Outcome packetLoss(String provider, int percent) throws Exception {
        String probe = "packet loss " + percent + "%";
        String why = Netns.unavailable(scale);
        if (why != null) {
            return new Outcome(probe, provider, why, Outcome.Verdict.SKIPPED);
        }
        try (Netns ns = Netns.withLoss(percent);
                ServerProcess server = ServerProcess.start(provider, FILE_LIMIT, ns.name())) {
            String result = ns.run(300, ServerProcess.javaCommand(), "-cp", System.getProperty("java.class.path"),
                    LossClient.class.getName(), Integer.toString(server.port()), Long.toString(scale.lossBytes()));
            boolean pass = result.startsWith("ok ");
            return Outcome.of(probe, provider, pass, pass ? String.format(java.util.Locale.ROOT, "%d MiB echoed intact in %.1f s",
                    scale.lossBytes() >> 20, Long.parseLong(result.split(" ")[1]) / 1000.0) : result);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static OutputStream outputOf(Socket socket) {
        try {
            return socket.getOutputStream();
        } catch (IOException e) {
            return OutputStream.nullOutputStream();
        }
    }

    private static int warnings(ServerProcess server) {
        return (int) server.records().stream().filter(r -> r.startsWith("WARNING") || r.startsWith("SEVERE")).count();
    }

    private static long open(ServerProcess server) {
        try {
            return server.open();
        } catch (IOException e) {
            return -1;
        }
    }

    /** What changed between two counts of descriptors by kind: "socket +2, anon_inode:[eventpoll] +1". */
    private static String difference(Map<String, Long> before, Map<String, Long> after) {
        Set<String> kinds = new TreeSet<>(before.keySet());
        kinds.addAll(after.keySet());
        StringJoiner changed = new StringJoiner(", ");
        for (String kind : kinds) {
            long delta = after.getOrDefault(kind, 0L) - before.getOrDefault(kind, 0L);
            if (delta != 0) {
                changed.add(kind + " " + String.format("%+d", delta));
            }
        }
        return changed.toString();
    }

    private static long descriptors(ServerProcess server) {
        try {
            return server.descriptors();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Polls {@code condition} every 2 ms until it holds or {@code millis} pass; returns whether it held. */
    static boolean until(long millis, BooleanSupplier condition) throws InterruptedException {
        return timed(millis, condition) >= 0;
    }

    /** As {@link #until}, returning how long it took in milliseconds, or -1. */
    static long timed(long millis, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        while (true) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(2);
        }
    }

    static boolean exists(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }
}
