package dev.sockets.conformance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherFactory;

/** The conformance matrix counts a kit's run by row and area, with skip reasons, and ignores nested runs. */
@Timeout(60)
class ConformanceSummaryListenerTest {

    @Test
    void countsARunByRowAndAreaWithTheSkipReasons() {
        ConformanceMatrix matrix = new ConformanceMatrix();
        ConformanceSummaryListener listener = new ConformanceSummaryListener(matrix, new AtomicInteger(), "", new PrintStream(OutputStream.nullOutputStream()));

        LauncherFactory.create().execute(request().selectors(selectClass(NoCapabilitiesKit.class)).build(), listener);

        // Five half-close, three integrity and three datagram tests, each for AF_INET and AF_INET6.
        assertEquals(Optional.of("0/0/10"), matrix.cell(NoCapabilitiesKit.ROW, 6), "§6 HalfClose");
        assertEquals(Optional.of("0/0/6"), matrix.cell(NoCapabilitiesKit.ROW, 8), "§8 Integrity");
        assertEquals(Optional.of("0/0/6"), matrix.cell(NoCapabilitiesKit.ROW, 11), "§11 Datagrams");
        assertEquals(Map.of(
                        "provider 'none' does not support AF_INET SOCK_STREAM", 8,
                        "provider 'none' does not support AF_INET6 SOCK_STREAM", 8,
                        "provider 'none' does not support AF_INET SOCK_DGRAM", 3,
                        "provider 'none' does not support AF_INET6 SOCK_DGRAM", 3),
                matrix.skipReasons(NoCapabilitiesKit.ROW));
        assertTrue(matrix.toMarkdown(java.time.Instant.EPOCH).contains("| " + NoCapabilitiesKit.ROW), matrix.toMarkdown(java.time.Instant.EPOCH));
    }

    @Test
    void aRunWithoutKitTestsPrintsAndWritesNothing(@TempDir Path dir) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ConformanceSummaryListener listener = new ConformanceSummaryListener(new ConformanceMatrix(), new AtomicInteger(),
                dir.resolve("conformance").toString(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        LauncherFactory.create().execute(request().selectors(selectClass("dev.sockets.conformance.AreaTagsTest")).build(), listener);

        assertEquals("", printed.toString(StandardCharsets.UTF_8), "printed");
        assertFalse(Files.exists(dir.resolve("conformance")), "wrote the summary");
    }

    @Test
    void untestedRulesAreListedApartFromTheSkips() {
        ConformanceMatrix matrix = new ConformanceMatrix();
        ConformanceMatrix.Row row = new ConformanceMatrix.Row("mine", ConformanceMatrix.Kind.PROVIDER, "MineTest");
        matrix.skipped(row, new ConformanceMatrix.Area(1, "Providers"), "untested §1.9: no test can see the heap", 1);
        matrix.skipped(row, new ConformanceMatrix.Area(3, "Connect"), "opted out of §3.4: options after connect", 2);
        matrix.passed(row, new ConformanceMatrix.Area(100, "Echo"));
        String md = matrix.toMarkdown(java.time.Instant.EPOCH);
        assertTrue(md.contains("## Untested: rules no test can check, counted as skipped\n\n- mine: §1.9: no test can see the heap\n"), md);
        assertTrue(md.contains("## Skipped, and why\n\n- mine: 2 × opted out of §3.4: options after connect\n"), md);
        assertTrue(md.contains("§100 Echo"), md);
    }

    @Test
    void aRunStartedInsideAnotherIsNotCounted() {
        // The launcher below also registers the build's own listener (ServiceLoader); it sees a plan
        // start while this run's plan is running, and must leave the build's matrix alone.
        LauncherFactory.create().execute(request().selectors(selectClass(NoCapabilitiesKit.class)).build());

        assertEquals(Optional.empty(), ConformanceSummaryListener.matrix().cell(NoCapabilitiesKit.ROW, 6),
                "a nested run (such as the kit against faulty providers) counted in the build's matrix");
    }

    @Test
    void eachForkOfARunAddsItsPartToTheSummary(@TempDir Path dir) throws IOException {
        for (String fork : List.of("1", "2")) {
            ConformanceSummaryListener listener = new ConformanceSummaryListener(new ConformanceMatrix(), new AtomicInteger(),
                    dir.toString(), fork, new PrintStream(OutputStream.nullOutputStream()));
            LauncherFactory.create().execute(request().selectors(selectClass(NoCapabilitiesKit.class)).build(), listener);
        }

        // Each fork ran the kit once: the summary, the second fork's, counts both parts.
        String json = Files.readString(dir.resolve("summary.json"));
        assertTrue(json.contains("\"§6 HalfClose\": {\"passed\": 0, \"failed\": 0, \"skipped\": 20"), json);
        assertTrue(Files.exists(dir.resolve("parts/1.part")) && Files.exists(dir.resolve("parts/2.part")), "the parts of the two forks");
    }
}
