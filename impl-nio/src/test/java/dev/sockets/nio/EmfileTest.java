package dev.sockets.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sockets.Connection;
import dev.sockets.StreamOptions;
import java.io.BufferedReader;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Out of descriptors on accept (EMFILE): the server stays up with its listening socket open, pauses accepting
 * for a back-off instead of spinning (neither its loop nor the carrier of its accept thread burns CPU), logs the
 * burst once, and accepts every waiting client once descriptors are free again. Run in a JVM of its own ({@link EmfileProbe}) whose descriptor limit is set low
 * with the shell's {@code ulimit -n}, so that this JVM's descriptors are not touched.
 */
class EmfileTest {

    private static final int CLIENTS = 4;

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void serverSurvivesEmfileAndLogsTheBurstOnce() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = String.join(File.pathSeparator,
                location(NioSocketProvider.class), location(EmfileProbe.class), location(dev.sockets.Connection.class));
        Process probe = new ProcessBuilder("/bin/sh", "-c", "ulimit -n 256 && exec \"$0\" \"$@\"",
                java, "-cp", classPath, EmfileProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        NioSocketProvider nio = NioSocketProvider.builder().loops(1).build();
        List<Connection> clients = new ArrayList<>();
        try (BufferedReader out = probe.inputReader(StandardCharsets.UTF_8)) {
            Map<String, String> results = new HashMap<>();
            StringBuilder all = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                all.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0) {
                    results.put(line.substring(0, eq), line.substring(eq + 1));
                }
                if (line.equals("hogged")) {
                    InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("127.0.0.1"),
                            Integer.parseInt(results.get("port")));
                    for (int i = 0; i < CLIENTS; i++) {
                        // The kernel completes the handshake into the backlog; the server cannot accept it yet.
                        clients.add(nio.connect(server, StreamOptions.defaults().withReadTimeout(Duration.ofSeconds(30))));
                    }
                }
            }
            assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "the probe ended");
            assertEquals(0, probe.exitValue(), all.toString());
            System.out.println("EMFILE probe: " + results);
            for (Connection c : clients) {
                ByteBuffer one = ByteBuffer.allocate(1);
                assertEquals(1, c.read(one), "served once descriptors were free");
                assertEquals('!', one.get(0));
            }
            assertEquals("true", results.get("open"), all.toString());
            assertEquals(String.valueOf(1 + CLIENTS), results.get("accepted"), all.toString());
            assertEquals("1", results.get("warnings"), "logged once per burst: " + all);
            assertEquals("1", results.get("resumed"), all.toString());
            assertTrue(Long.parseLong(results.get("burstLoopCpuMs")) < 200, "the accept thread backed off, it did not spin: " + all);
        } finally {
            for (Connection c : clients) {
                c.close();
            }
            probe.destroyForcibly();
            probe.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
