package org.vdsolab.experiments.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.report.ChartSpec;
import org.vdsolab.experiments.report.SeriesSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchChartsTest {

    @TempDir
    Path dir;

    private static ChartSpec chart(List<ChartSpec> charts, String file) {
        return charts.stream().filter(c -> c.file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no chart '" + file + "'"));
    }

    @Test
    void throughputHasABarSeriesPerShapeWithGapsForShapesAQueueDoesNotServe() {
        ChartSpec c = chart(BenchCharts.plan(JmhFixture.fullRun()), "throughput");
        assertEquals(ChartSpec.Kind.BARS, c.kind());
        assertEquals(List.of("1P1C", "2P1C", "2P2C"), c.seriesNames());
        SeriesSpec p1c1 = c.series().get(0);
        assertEquals(List.of("vsched", "agrona-m2o", "jctools-mpmc", "disruptor", "lmax-multi", "lmax-single", "abq"), p1c1.x());
        assertEquals(30e6, p1c1.y().get(0), "records moved (popped), not the primary score");
        SeriesSpec p2c2 = c.series().get(2);
        assertEquals(12e6, p2c2.y().get(0));
        assertNull(p2c2.y().get(1), "agrona-m2o was not measured at 2P2C: a gap");
    }

    @Test
    void batchCurveHasALinePerQueueOverTheMeasuredBatchSizes() {
        ChartSpec c = chart(BenchCharts.plan(JmhFixture.fullRun()), "batch");
        assertEquals(ChartSpec.Kind.LINES, c.kind());
        assertTrue(c.xLog());
        assertEquals(List.of("vsched", "disruptor"), c.seriesNames());
        assertEquals(List.of(1.0, 8.0, 32.0), c.series().get(0).x());
        assertEquals(List.of(100.0, 40.0, 25.0), c.series().get(0).y());
        assertEquals(List.of(1.0, 32.0), c.series().get(1).x(), "points not measured are left out, not zero");
    }

    @Test
    void uringChartHasBothQueueDepths() {
        ChartSpec c = chart(BenchCharts.plan(JmhFixture.fullRun()), "uring");
        assertEquals(List.of("QD 1", "QD 32 (one batch)"), c.seriesNames());
        assertEquals(Arrays.asList(1e6), c.series().get(0).y());
        assertEquals(Arrays.asList(7.56e6), c.series().get(1).y());
        assertTrue(c.caption().contains("Whiskers: JMH's 99.9% confidence interval"), c.caption());
    }

    @Test
    void chartsSayHowManyForksEachScoreHas() {
        JmhResults run = new JmhResults(List.of(new JmhResult("UringBench.qd01", "thrpt", java.util.Map.of("queue", "vsched"),
                new JmhResult.Metric(1e6, 1e4, "ops/s", List.of(1e6, 1.01e6, 0.99e6)), java.util.Map.of())));
        ChartSpec c = chart(BenchCharts.plan(run), "uring");
        assertTrue(c.caption().endsWith(" n = 3 forks per score."), c.caption());
        for (ChartSpec without : BenchCharts.plan(JmhFixture.fullRun())) {
            assertTrue(!without.caption().contains(" n = "), "no fork data, no n: " + without.caption());
        }
    }

    @Test
    void chartsWithoutDataAreLeftOut() {
        JmhResults onlyBatch = new JmhResults(List.of(JmhFixture.plain("BatchBench.batch001", "vsched", 50, "ns/op")));
        assertEquals(List.of("batch"), BenchCharts.plan(onlyBatch).stream().map(ChartSpec::file).toList());
        assertEquals(List.of(), BenchCharts.plan(new JmhResults(List.of())));
    }

    @Test
    void reportWritesTablesChartsAndMachine() throws IOException {
        Path json = Files.writeString(dir.resolve("jmh.json"), JmhFixture.JSON);
        Path out = dir.resolve("report");
        List<Path> files = BenchReport.write(json, out, "-f 1");
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("ratios.csv", "summary.csv", "throughput.png", "throughput.svg", "batch.png", "batch.svg",
                "machine.txt"), names);
        for (Path f : files) {
            assertTrue(Files.size(f) > 0, f + " is empty");
        }
        assertTrue(Files.readString(out.resolve("machine.txt")).contains("jmh arguments: -f 1"));
    }

    @Test
    void aRunWithNoResultsIsAnErrorNamingTheFile() throws IOException {
        Path json = Files.writeString(dir.resolve("empty.json"), "[]");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> BenchReport.write(json, dir.resolve("r"), ""));
        assertTrue(e.getMessage().startsWith(json.toString()), e.getMessage());
    }
}
