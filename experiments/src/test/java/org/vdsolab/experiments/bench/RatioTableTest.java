package org.vdsolab.experiments.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioTableTest {

    @TempDir
    Path dir;

    private static RatioTable.Row row(List<RatioTable.Row> rows, String targetStart) {
        return rows.stream().filter(r -> r.target().startsWith(targetStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no row starting '" + targetStart + "' in " + rows));
    }

    @Test
    void oneRowPerPerformanceTargetPlusTheMethodChecks() {
        List<RatioTable.Row> rows = RatioTable.rows(JmhFixture.fullRun());
        // 4 throughput targets (vsched and disruptor vs Agrona, vsched vs JCTools, disruptor vs LMAX), 4 batch targets (batch 32 vs 1 and vs 8), io_uring on 4 providers,
        // 7 scheduler hand-offs (3 designs x 2 operations vs ForkJoinPool, 1 vs a ThreadPoolExecutor's queue),
        // 2 Disruptor/ABQ checks
        assertEquals(21, rows.size());
        assertEquals(1.5, row(rows, "vsched 1P1C records/s vs Agrona").ratio(), 1e-12);
        assertEquals(2.0, row(rows, "disruptor 1P1C records/s vs Agrona").ratio(), 1e-12);
        assertEquals(0.5, row(rows, "vsched 1P1C records/s vs JCTools").ratio(), 1e-12);
        assertEquals(0.8, row(rows, "disruptor 1P1C records/s vs LMAX").ratio(), 1e-12);
        assertEquals(0.25, row(rows, "vsched batch-32").ratio(), 1e-12, "cost ratio: batch-32 ns over batch-1 ns");
        assertEquals(0.25, row(rows, "disruptor batch-32 ns per record vs batch-1").ratio(), 1e-12);
        assertEquals(25.0 / 40, row(rows, "vsched batch-32 ns per record vs batch-8").ratio(), 1e-12, "DPDK's like for like");
        assertEquals(2.0, row(rows, "io_uring null device QD32 batch IOPS on vsched ").ratio(), 1e-12);
        assertEquals(8.0, row(rows, "check: LMAX Disruptor single-producer").ratio(), 1e-12);
        assertEquals(2.0, row(rows, "check: LMAX Disruptor multi-producer").ratio(), 1e-12);
        assertEquals(3.0, row(rows, "scheduler (global) block+unblock+pickNext").ratio(), 1e-12, "cost: ours ns over ForkJoinPool's");
        assertEquals(2.0, row(rows, "scheduler (percpu) block+unblock+pickNext").ratio(), 1e-12);
        assertEquals(4.0, row(rows, "scheduler (percpu-steal) spawn+pickNext+exit").ratio(), 1e-12);
        assertEquals(5.0, row(rows, "scheduler (percpu) spawn+pickNext+exit ns vs ArrayBlockingQueue").ratio(), 1e-12);
        assertTrue(Double.isNaN(row(rows, "scheduler (global) spawn+pickNext+exit").ratio()), "not in the run: not measured");
    }

    @Test
    void figuresMissingFromTheRunAreEmptyAndSaySo() {
        List<RatioTable.Row> rows = RatioTable.rows(JmhFixture.fullRun());
        RatioTable.Row spscUring = row(rows, "io_uring null device QD32 batch IOPS on spsc ");
        assertEquals(null, spscUring.ours());
        assertEquals(null, spscUring.peer(), "no fio floor printed for a provider that was not measured");
        String csv = RatioTable.csv(List.of(spscUring));
        assertEquals("io_uring null device QD32 batch IOPS on spsc vs fio null engine,,,,,not measured,,,,"
                + ">= 1.32 in every fork (5 M IOPS; fio's null engine: 3.78 M per submitter)", csv.lines().skip(1).findFirst().orElseThrow());
        assertTrue(Double.isNaN(row(rows, "disruptor batch-32 ns per record vs batch-8").ratio()), "no batch-8 figure");
    }

    @Test
    void csvHasTheDocumentedColumnsAndQuotesCommas() throws IOException {
        Path file = RatioTable.write(JmhFixture.fullRun(), dir);
        List<String> lines = Files.readAllLines(file);
        assertEquals("target,ours,ours_error,peer,peer_error,ratio,ratio_low,ratio_high,forks,goal", lines.get(0));
        assertEquals(22, lines.size());
        // the fixture's popped counters have an error of 1 op/s: the interval is that narrow
        assertEquals("vsched 1P1C records/s vs Agrona ManyToOneRingBuffer (mapped file),30000000,1.000,20000000,1.000,1.500,"
                + "1.500,1.500,,>= 1.2", lines.get(1));
        assertEquals("vsched batch-32 ns per record vs batch-1 ns per record,25.00,,100.0,,0.250,,,,<= 0.3", lines.get(5));
        assertEquals("check: LMAX Disruptor single-producer / ArrayBlockingQueue 1P1C,80000000,1.000,10000000,1.000,8.000,"
                + "8.000,8.000,,paper 7.66 (160 / 20.9 M ops/s; EPYC 9374F; JDK 11); 4.91 in 2011 (26.0 / 5.3 M; Nehalem)",
                lines.get(20));
        assertEquals("a,\"b,c\",\"say \"\"x\"\"\"", String.join(",", RatioTable.quote("a"), RatioTable.quote("b,c"),
                RatioTable.quote("say \"x\"")));
    }

    @Test
    void theRatioIntervalComesFromBothErrorsAndBimodalForksAreFlagged() {
        JmhResult.Metric ours = new JmhResult.Metric(6e6, 1e6, "ops/s", List.of(3e6, 3.1e6, 8.9e6));
        JmhResult.Metric peer = new JmhResult.Metric(4e6, 2e6, "ops/s", List.of(3.9e6, 4.1e6));
        RatioTable.Row row = new RatioTable.Row("t", ours, peer, "g");
        assertEquals(1.5, row.ratio(), 1e-12);
        assertEquals(5e6 / 6e6, row.ratioLow(), 1e-12, "(ours - error) / (peer + error)");
        assertEquals(7e6 / 2e6, row.ratioHigh(), 1e-12, "(ours + error) / (peer - error)");
        assertEquals("bimodal: ours 3000000 | 3100000 | 8900000", row.forks());
        RatioTable.Row unbounded = new RatioTable.Row("t", ours, new JmhResult.Metric(4e6, 5e6, "ops/s"), "g");
        assertTrue(unbounded.csv().contains(",unbounded,"), unbounded.csv());
        assertFalse(new JmhResult.Metric(1, 0, "x", List.of(5.0, 7.0, 9.0)).bimodal(), "spread evenly: not two groups");
        assertFalse(new JmhResult.Metric(1, 0, "x", List.of(5.0, 5.5, 6.0)).bimodal(), "within 1.5x");
    }

    @Test
    void summaryListsEveryResultWithItsAllocation() {
        String csv = SummaryTable.csv(JmhFixture.fullRun());
        List<String> lines = csv.lines().toList();
        assertEquals(SummaryTable.HEADER, lines.get(0));
        assertEquals(1 + JmhFixture.fullRun().all().size(), lines.size());
        assertEquals("OneToOneBench.p1c1,vsched,idle=yield,30000000,1.000,ops/s,0.001", lines.get(1));
        assertEquals("BatchBench.batch001,vsched,,100.0,,ns/op,", lines.get(11));
    }
}
