package dev.sockets.nio;

import dev.sockets.Connection;
import dev.sockets.Server;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Run by {@link EmfileTest} in a JVM of its own, started with a low descriptor limit ({@code ulimit -n}): serves,
 * takes every free descriptor, lets the test's clients (from the test's JVM) fail to be accepted ({@code EMFILE}),
 * gives the descriptors back, and prints what happened as {@code key=value} lines.
 */
public final class EmfileProbe {

    private static final int CLIENTS = 4;

    private EmfileProbe() {
    }

    public static void main(String[] args) throws Exception {
        AtomicInteger warnings = new AtomicInteger();
        AtomicInteger resumed = new AtomicInteger();
        Logger log = Logger.getLogger("dev.sockets.nio");
        log.setUseParentHandlers(false);
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING && r.getMessage().startsWith("accept failed")) {
                    warnings.incrementAndGet();
                } else if (r.getLevel() == Level.INFO && r.getMessage().startsWith("accepting again")) {
                    resumed.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        loadEveryClass(); // loading a class from a directory takes a descriptor, which there will be none of

        NioSocketProvider nio = NioSocketProvider.builder().loops(1).build();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        try (Server server = nio.serve(any, c -> c.write(ByteBuffer.wrap(new byte[] {'!'})))) {
            try (Connection warmUp = nio.connect(server.localAddress())) {
                warmUp.read(ByteBuffer.allocate(1));
            }
            loopCpu(); // loads libmanagement, which takes a descriptor too
            System.out.println("port=" + ((InetSocketAddress) server.localAddress()).getPort());
            List<InputStream> hogs = new ArrayList<>();
            try {
                try {
                    for (;;) {
                        hogs.add(new FileInputStream("/dev/null"));
                    }
                } catch (IOException tooMany) {
                    // every descriptor taken
                }
                System.out.println("hogged");
                // The test's clients connect now, from the other JVM; accepting them fails with EMFILE.
                until(() -> warnings.get() > 0);
                long cpuBefore = loopCpu();
                // The burst: the accept thread backs off 10, 20, 40 ... ms. This is the measured interval, not a wait.
                Thread.sleep(1500);
                long burstCpu = loopCpu() - cpuBefore;
                boolean openDuringBurst = server.isOpen();
                for (InputStream hog : hogs) {
                    hog.close();
                }
                hogs.clear();
                until(() -> server.stats().connectionsAccepted() >= 1 + CLIENTS);
                System.out.println("warnings=" + warnings.get());
                System.out.println("resumed=" + resumed.get());
                System.out.println("open=" + openDuringBurst);
                System.out.println("burstLoopCpuMs=" + burstCpu / 1_000_000);
                System.out.println("accepted=" + server.stats().connectionsAccepted());
                until(() -> server.stats().connectionsOpen() == 0);
            } finally {
                for (InputStream hog : hogs) {
                    hog.close();
                }
            }
        }
    }

    /** Polls {@code condition} every 10 ms for up to 30 s. */
    private static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
    }

    /** The CPU time of the loops and of the carriers of the virtual threads, where the accept thread runs. */
    private static long loopCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("sockets-nio-shared-loop-") || t.getClass().getName().equals("jdk.internal.misc.CarrierThread")) {
                total += Math.max(0, mx.getThreadCpuTime(t.threadId()));
            }
        }
        return total;
    }

    private static void loadEveryClass() throws Exception {
        Path classes = Path.of(NioSocketProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.endsWith("module-info.class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class.forName(name, true, EmfileProbe.class.getClassLoader());
            }
        }
    }
}
