package org.vdsolab.experiments.runner.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** summary.json keeps every repetition and the metrics over them, and reads them back strictly. */
class SummaryJsonRunsTest {

    @TempDir
    Path dir;

    private static RunRecord run(int repetition, double throughput, long cpuNanos) {
        return new RunRecord(repetition, repetition, 100 + repetition, 1000, 2_000_000_000L, throughput,
                new LatencySummary(500, 900, 990, 999, 1000, 0), new ResourceUsage(cpuNanos, 3, 4, 2_100_000_000L),
                Map.of("records", 1000L, "lost", 0L));
    }

    private static RunSummary summary(List<RunRecord> runs) {
        CellSummary cell = new CellSummary(1, Map.of("queue", "vsched"), runs.size(),
                runs.stream().map(RunRecord::throughputOpsPerSecond).toList(), null, Map.of("records", 1000L), null,
                List.of(), runs);
        return new RunSummary("t", new EnvironmentInfo("25", "Linux", 2, "abc", "2026-12-07T00:00:00Z"),
                new ObjectMapper().createObjectNode(), List.of(cell));
    }

    @Test
    void everyRepetitionAndItsMetricsAreWrittenAndReadBack() throws IOException {
        List<RunRecord> runs = List.of(run(1, 500.0, 2_000_000), run(2, 700.0, 1_000_000), run(3, 600.0, 3_000_000));
        Path file = dir.resolve("summary.json");
        SummaryJson.write(summary(runs), file);

        JsonNode cell = new ObjectMapper().readTree(file.toFile()).get("cells").get(0);
        JsonNode tp = cell.get("metrics").get("throughput_ops_per_s");
        assertEquals(600.0, tp.get("median").asDouble());
        assertEquals(3, tp.get("n").asInt());
        assertTrue(tp.get("ci95_low").asDouble() >= 500 && tp.get("ci95_high").asDouble() <= 700, tp.toString());
        assertEquals(2000.0, cell.get("metrics").get("cpu_ns_per_op").get("median").asDouble(), "2 ms over 1000 ops");
        assertEquals(3, cell.get("runs").size());
        assertEquals(2_000_000, cell.get("runs").get(0).get("cpu_ns").asLong());

        CellSummary back = SummaryJson.read(file).cells().get(0);
        assertEquals(3, back.runs().size());
        for (int i = 0; i < runs.size(); i++) {
            RunRecord want = runs.get(i);
            RunRecord got = back.runs().get(i);
            assertEquals(want.repetition(), got.repetition());
            assertEquals(want.seed(), got.seed());
            assertEquals(want.operations(), got.operations());
            assertEquals(want.elapsedNanos(), got.elapsedNanos());
            assertEquals(want.throughputOpsPerSecond(), got.throughputOpsPerSecond());
            assertEquals(want.usage(), got.usage());
            assertEquals(want.counters(), got.counters());
            assertEquals(want.latency().p999(), got.latency().p999());
        }
        assertEquals(summary(runs).cells().get(0).metrics(), back.metrics(), "the metrics are recomputed from the runs");
    }

    @Test
    void aSummaryWithoutRunsReadsAsNoRepetitionsKept() throws IOException {
        Path file = dir.resolve("summary.json");
        SummaryJson.write(summary(List.of()), file);
        String json = Files.readString(file);
        int runs = json.indexOf("\"runs\"");
        Files.writeString(file, json.substring(0, json.lastIndexOf(',', runs)) + json.substring(json.indexOf(']', runs) + 1));
        CellSummary back = SummaryJson.read(file).cells().get(0);
        assertEquals(List.of(), back.runs());
        assertTrue(back.metrics().isEmpty());
    }

    @Test
    void aMalformedRepetitionIsNamedByItsField() throws IOException {
        Path file = dir.resolve("summary.json");
        SummaryJson.write(summary(List.of(run(1, 500.0, 2_000_000))), file);
        String json = Files.readString(file);
        Files.writeString(file, json.replace("\"cpu_ns\" : 2000000", "\"cpu_ns\" : \"lots\""));
        IOException e = assertThrows(IOException.class, () -> SummaryJson.read(file));
        assertEquals(file + ": cells[0].runs[0].cpu_ns (cell 1): expected a whole number of nanoseconds, got \"lots\"",
                e.getMessage());
    }

    @Test
    void aRepetitionWithoutUsageOrLatencyHasNoSuchMetrics() throws IOException {
        RunRecord bare = new RunRecord(1, 1, 1, 10, 1000, 1e7, null, null, Map.of());
        Path file = dir.resolve("summary.json");
        SummaryJson.write(summary(List.of(bare)), file);
        CellSummary back = SummaryJson.read(file).cells().get(0);
        assertNull(back.runs().get(0).usage());
        assertNull(back.runs().get(0).latency());
        assertEquals(List.of(CellMetric.THROUGHPUT), List.copyOf(back.metrics().keySet()));
    }
}
