package dev.sockets.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server in a JVM of its own answers the control protocol. */
class ServerProcessTest {

    @Test
    void aServerProcessListensAndReportsItsUsage(@TempDir Path logs) throws Exception {
        try (ServerProcess server = ServerProcess.start(Contender.JDK_SELECTOR, logs.resolve("server.log"))) {
            assertTrue(server.address().getPort() > 0);
            ProcessUsage usage = server.usage();
            assertTrue(usage.residentBytes() > 0, usage::toString);
            assertTrue(usage.threads() > 1, usage::toString);
            assertTrue(usage.heapBytes() > 0, usage::toString);
        }
    }
}
