package org.vdsolab.experiments.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioTableTest {

    @TempDir
    Path dir;

    private static RatioTable.Row row(List<RatioTable.Row> rows, String targetStart) {
        return rows.stream().filter(r -> r.target().startsWith(targetStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no row starting '" + targetStart + "' in " + rows));
    }

    @Test
    void oneRowPerTargetOfIssue8PlusTheMethodChecks() {
        List<RatioTable.Row> rows = RatioTable.rows(JmhFixture.fullRun());
        // 3 throughput targets, 2 batch targets, io_uring on 4 providers, 2 Disruptor/ABQ checks
        assertEquals(11, rows.size());
        assertEquals(1.5, row(rows, "vsched 1P1C records/s vs Agrona").ratio(), 1e-12);
        assertEquals(0.5, row(rows, "vsched 1P1C records/s vs JCTools").ratio(), 1e-12);
        assertEquals(0.8, row(rows, "disruptor 1P1C").ratio(), 1e-12);
        assertEquals(0.25, row(rows, "vsched batch-32").ratio(), 1e-12, "cost ratio: batch-32 ns over batch-1 ns");
        assertEquals(0.25, row(rows, "disruptor batch-32").ratio(), 1e-12);
        assertEquals(2.0, row(rows, "io_uring null device QD32 batch IOPS on vsched ").ratio(), 1e-12);
        assertEquals(8.0, row(rows, "check: LMAX Disruptor single-producer").ratio(), 1e-12);
        assertEquals(2.0, row(rows, "check: LMAX Disruptor multi-producer").ratio(), 1e-12);
    }

    @Test
    void figuresMissingFromTheRunAreEmptyAndSaySo() {
        List<RatioTable.Row> rows = RatioTable.rows(JmhFixture.fullRun());
        RatioTable.Row spscUring = row(rows, "io_uring null device QD32 batch IOPS on spsc ");
        assertTrue(Double.isNaN(spscUring.ours()));
        assertTrue(Double.isNaN(spscUring.peer()), "no fio floor printed for a provider that was not measured");
        String csv = RatioTable.csv(List.of(spscUring));
        assertEquals("io_uring null device QD32 batch IOPS on spsc vs fio null engine,,,not measured,"
                + ">= 1.0 (3.78 M IOPS per submitter)", csv.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void csvHasTheIssuesColumnsAndQuotesCommas() throws IOException {
        Path file = RatioTable.write(JmhFixture.fullRun(), dir);
        List<String> lines = Files.readAllLines(file);
        assertEquals("target,ours,peer,ratio,goal", lines.get(0));
        assertEquals(12, lines.size());
        assertEquals("vsched 1P1C records/s vs Agrona ManyToOneRingBuffer (mapped file),30000000,20000000,1.500,>= 1.0",
                lines.get(1));
        assertEquals("vsched batch-32 ns per record vs batch-1 ns per record,25.00,100.0,0.250,"
                + "<= 0.3 (DPDK: 0.26 = batch 32 vs batch 8)", lines.get(4));
        assertEquals("check: LMAX Disruptor single-producer / ArrayBlockingQueue 1P1C,80000000,10000000,8.000,"
                + "paper 7.66 (160 / 20.9 M ops/s; EPYC 9374F; JDK 11); 4.91 in 2011 (26.0 / 5.3 M; Nehalem)", lines.get(10));
        assertEquals("a,\"b,c\",\"say \"\"x\"\"\"", String.join(",", RatioTable.quote("a"), RatioTable.quote("b,c"),
                RatioTable.quote("say \"x\"")));
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
