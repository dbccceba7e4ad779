package org.vdsolab.experiments.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartPlannerTest {

    @TempDir
    Path dir;

    private static ChartSpec chart(List<ChartSpec> charts, String file) {
        return charts.stream().filter(c -> c.file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no chart " + file + " in " + charts.stream().map(ChartSpec::file).toList()));
    }

    @Test
    void providersAgainstProducersGiveOneSeriesPerProvider() throws Exception {
        List<ChartSpec> charts = ChartPlanner.plan(ReportFixture.data(dir, """
                experiment: qs
                workload: synthetic
                queue: [beta, gamma]
                producers: [1, 2, 4]
                run: {warmup: 0, repetitions: 2, fork: false}
                """));
        assertEquals(List.of("throughput", "latency-percentiles"), charts.stream().map(ChartSpec::file).toList());
        ChartSpec tp = chart(charts, "throughput");
        assertEquals(ChartSpec.Kind.LINES, tp.kind());
        assertEquals("Throughput against producers", tp.title());
        assertEquals("producers", tp.xTitle());
        assertEquals("throughput (ops/s)", tp.yTitle());
        assertEquals(List.of("beta", "gamma"), tp.seriesNames());
        SeriesSpec beta = tp.series().getFirst();
        assertEquals(List.of(1.0, 2.0, 4.0), beta.x());
        assertEquals(1e9 / (100 + 50 + 400 + 20), beta.y().getFirst(), 1e-3);   // the synthetic cost model
        assertEquals(beta.y(), beta.low(), "identical repetitions: a zero-width interval");
        assertEquals(beta.y(), beta.high());
        assertTrue(tp.caption().startsWith("Median over the measured repetitions (n = 2 measured repetitions per cell);"
                + " whiskers: the median's 95% bootstrap interval"), tp.caption());
        ChartSpec pct = chart(charts, "latency-percentiles");
        assertTrue(pct.percentileAxis());
        assertEquals("Time in queue (closed loop) by percentile", pct.title(), "closed-loop latency is time in a full ring");
        assertEquals("time in queue, closed loop (ns, log scale)", pct.yTitle());
        assertTrue(pct.caption().contains("Little's law"), pct.caption());
        assertEquals(List.of("beta, producers=1", "beta, producers=2", "beta, producers=4", "gamma, producers=1",
                "gamma, producers=2", "gamma, producers=4"), pct.seriesNames());
        SeriesSpec first = pct.series().getFirst();
        assertEquals(0.0, (double) first.x().getFirst(), 1e-9, "starts at the 0th percentile");
        assertEquals(Math.log10(2000), (double) first.x().getLast(), 1e-9, "max at 1 in N samples (N = 2 x 1000)");
        assertEquals(1000.0, first.y().getLast(), 1.0);
        assertTrue(pct.yLog(), "1 ns .. 1000 ns spans three decades");
    }

    @Test
    void onlyProvidersSweptGivesBars() throws Exception {
        List<ChartSpec> charts = ChartPlanner.plan(ReportFixture.data(dir, """
                experiment: bars
                workload: synthetic
                queue: [beta, gamma, alpha]
                run: {warmup: 0, repetitions: 1, fork: false}
                """));
        ChartSpec tp = chart(charts, "throughput");
        assertEquals(ChartSpec.Kind.BARS, tp.kind());
        assertEquals("Throughput by queue", tp.title());
        assertEquals(List.of("median throughput"), tp.seriesNames());
        assertEquals(List.of("beta", "gamma", "alpha"), tp.series().getFirst().x());
        assertFalse(tp.series().getFirst().hasIntervals(), "one repetition: no intervals");
    }

    @Test
    void reportHintsChooseSeriesAndAxis() throws Exception {
        List<ChartSpec> charts = ChartPlanner.plan(ReportFixture.data(dir, """
                experiment: hints
                workload: synthetic
                queue: [beta, gamma]
                producers: [1, 2]
                run: {warmup: 0, repetitions: 1, fork: false}
                report: {series: producers, x: queue, counters: [torn_per_million, no_such_counter]}
                """));
        ChartSpec tp = chart(charts, "throughput");
        assertEquals(ChartSpec.Kind.BARS, tp.kind(), "names on the x axis are categories");
        assertEquals("Throughput against queue", tp.title());
        assertEquals(List.of("1", "2"), tp.seriesNames());
        assertEquals(List.of("beta", "gamma"), tp.series().getFirst().x());
        ChartSpec torn = chart(charts, "counter-torn_per_million");
        assertEquals("Torn per million against queue", torn.title(), "keys in words");
        assertEquals("torn per million (median per repetition)", torn.yTitle(),
                "no torn count beside the rate: a median with its bootstrap interval");
        assertEquals(List.of(8.0, 9.0), torn.series().getFirst().y(), "the synthetic workload's 7 + queue index");
        assertEquals(List.of("throughput", "counter-torn_per_million", "latency-percentiles"),
                charts.stream().map(ChartSpec::file).toList(), "a counter no cell reports gets no chart");
    }

    @Test
    void batchAndLoadSweepsGetTheirOwnCharts() throws Exception {
        List<ChartSpec> charts = ChartPlanner.plan(ReportFixture.data(dir, """
                experiment: curves
                workload: synthetic
                queue: [beta, gamma]
                batch: [1, 8, 32]
                load: {type: open, rate: [1000, 2000]}
                run: {warmup: 0, repetitions: 1, fork: false}
                """));
        ChartSpec batch = chart(charts, "batch-size");
        assertTrue(batch.xLog());
        assertEquals("batch size (records per call)", batch.xTitle());
        assertEquals("time per operation (ns)", batch.yTitle());
        assertEquals(List.of("beta, load.rate=1000", "beta, load.rate=2000", "gamma, load.rate=1000", "gamma, load.rate=2000"),
                batch.seriesNames());
        assertEquals(List.of(1.0, 8.0, 32.0), batch.series().getFirst().x());
        assertEquals(100 + 50 + 400 / 8 + 20, batch.series().getFirst().y().get(1), 1e-6, "ns per op = 1e9 / throughput");
        // latency against load: p99 and p50 per series, one chart per batch size (3 x 2 x 2 > 10 series)
        assertEquals(List.of("latency-vs-load-1", "latency-vs-load-2", "latency-vs-load-3"),
                charts.stream().map(ChartSpec::file).filter(f -> f.startsWith("latency-vs-load")).toList());
        ChartSpec load = chart(charts, "latency-vs-load-2");
        assertEquals("Latency against achieved throughput (batch=8)", load.title());
        assertEquals("achieved throughput (ops/s)", load.xTitle());
        assertEquals(List.of("beta p99.9", "beta p99", "beta p50", "gamma p99.9", "gamma p99", "gamma p50"), load.seriesNames());
        assertTrue(load.series().get(2).dashed());
        assertFalse(load.series().get(0).dashed());
        // the synthetic workload computes its throughput from its parameters, whatever the rate: 1e9 / 220 ns
        for (Object x : load.series().getFirst().x()) {
            assertEquals(1e9 / 220, (double) x, 0.01);
        }
        ChartSpec openPct = chart(charts, "latency-percentiles-1");
        assertTrue(openPct.title().startsWith("Latency by percentile"), "open loop: latency from the scheduled time");
    }

    @Test
    void tooManySeriesAreSplitByTheNextSweptKey() throws Exception {
        List<ChartSpec> charts = ChartPlanner.plan(ReportFixture.data(dir, """
                experiment: split
                workload: synthetic
                queue: [beta, gamma]
                producers: [1, 2, 3]
                batch: [1, 2]
                ops: [10, 20]
                run: {warmup: 0, repetitions: 1, fork: false}
                """));
        List<String> pct = charts.stream().map(ChartSpec::file).filter(f -> f.startsWith("latency-percentiles")).toList();
        assertEquals(List.of("latency-percentiles-1", "latency-percentiles-2", "latency-percentiles-3"), pct);
        ChartSpec p2 = chart(charts, "latency-percentiles-2");
        assertEquals("Time in queue (closed loop) by percentile (producers=2)", p2.title());
        assertEquals(List.of("beta, batch=1, ops=10", "beta, batch=1, ops=20", "beta, batch=2, ops=10", "beta, batch=2, ops=20",
                "gamma, batch=1, ops=10", "gamma, batch=1, ops=20", "gamma, batch=2, ops=10", "gamma, batch=2, ops=20"),
                p2.seriesNames());
        charts.forEach(c -> assertTrue(c.series().size() <= ChartPlanner.MAX_SERIES, c.file()));
    }

    @Test
    void failedCellsAreLeftOutAndSaidSo() throws Exception {
        List<ChartSpec> charts = ChartPlanner.plan(ReportFixture.data(dir, """
                experiment: failing
                workload: synthetic
                queue: [beta, gamma]
                producers: [1, 2]
                fail: [none, throw]
                run: {warmup: 0, repetitions: 1, fork: false}
                report: {x: producers}
                """));
        ChartSpec tp = chart(charts, "throughput");
        assertEquals(List.of("beta, fail=none", "gamma, fail=none"), tp.seriesNames());
        assertTrue(tp.caption().endsWith(" 4 failed cells are left out; see the table."), tp.caption());
        assertEquals(4, chart(charts, "latency-percentiles").series().size());
    }

    @Test
    void throughputWhiskersAreTheMediansBootstrapIntervalNotASymmetricBar() throws Exception {
        RunData data = ReportFixture.data(dir, """
                experiment: spread
                workload: synthetic
                queue: [beta, gamma]
                producers: [1, 2]
                jitter: 100
                run: {warmup: 0, repetitions: 9, fork: false, seed: 5}
                """);
        ChartSpec tp = chart(ChartPlanner.plan(data), "throughput");
        boolean asymmetric = false;
        for (SeriesSpec s : tp.series()) {
            assertTrue(s.hasIntervals());
            for (int i = 0; i < s.y().size(); i++) {
                double median = s.y().get(i);
                double producers = (double) s.x().get(i);
                org.vdsolab.experiments.runner.results.CellSummary cell = data.cells().stream()
                        .filter(c -> c.params().get("queue").equals(s.name())
                                && ((Number) c.params().get("producers")).doubleValue() == producers)
                        .findFirst().orElseThrow();
                var m = cell.metrics().get(org.vdsolab.experiments.runner.results.CellMetric.THROUGHPUT);
                assertEquals(m.median(), median, 1e-9);
                assertEquals(m.ci95Low(), s.low().get(i), 1e-9, "the whisker is the interval itself");
                assertEquals(m.ci95High(), s.high().get(i), 1e-9);
                assertTrue(s.low().get(i) < median && median < s.high().get(i), "the seeds spread the repetitions");
                asymmetric |= Math.abs((median - s.low().get(i)) - (s.high().get(i) - median)) > 1e-6 * median;
            }
        }
        assertTrue(asymmetric, "a median's bootstrap interval is not symmetric in general; the chart keeps both ends");
    }

    @Test
    void eventCountersGetAPoissonIntervalThatBoundsAZero() throws Exception {
        List<ChartSpec> charts = ChartPlanner.plan(ReportFixture.data(dir, """
                experiment: events
                workload: synthetic
                queue: [beta, gamma]
                ops: 1000
                run: {warmup: 0, repetitions: 3, fork: false}
                report: {counters: [lost]}
                """));
        ChartSpec lost = chart(charts, "counter-lost");
        assertEquals("Lost by queue", lost.title());
        assertEquals("lost (mean per repetition)", lost.yTitle());
        SeriesSpec s = lost.series().getFirst();
        assertEquals(List.of(0.0, 0.0), s.y());
        assertEquals(List.of(0.0, 0.0), s.low());
        // 0 events in 3 repetitions: fewer than -ln(0.05) = 3.0 in all three, so 1.0 per repetition
        assertEquals(-Math.log(0.05) / 3, s.high().getFirst(), 1e-9);
        assertTrue(lost.caption().contains("Poisson 95% interval"), lost.caption());
        assertTrue(lost.caption().contains("n = 3 measured repetitions per cell"), lost.caption());
    }
}
