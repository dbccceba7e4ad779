package org.vdsolab.experiments.runner;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.experiments.runner.results.IntervalLog;
import org.vdsolab.experiments.runner.results.LatencySummary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Percentile math against HdrHistogram on known data, per-thread recorders, batched records, .hlog round trip. */
class LatencyRecordingTest {

    @TempDir
    Path dir;

    /** Within HdrHistogram's precision at 3 significant digits. */
    private static void assertNear(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= Math.max(1, expected / 1000), "expected ~" + expected + " got " + actual);
    }

    @Test
    void percentilesOfKnownDataMatchHdrHistogramAndTheExactValues() {
        RepetitionContext context = new RepetitionContext(Map.of(), 1, 0);
        LatencyRecorder recorder = context.latencyRecorder();
        Histogram reference = new Histogram(3);
        for (long v = 1; v <= 100_000; v++) {
            recorder.record(v);
            reference.recordValue(v);
        }
        LatencySummary s = LatencySummary.of(context.mergedLatency(0, 1));
        assertEquals(reference.getValueAtPercentile(50), s.p50());
        assertEquals(reference.getValueAtPercentile(90), s.p90());
        assertEquals(reference.getValueAtPercentile(99), s.p99());
        assertEquals(reference.getValueAtPercentile(99.9), s.p999());
        assertEquals(reference.getMaxValue(), s.max());
        assertEquals(100_000, s.count());
        assertNear(50_000, s.p50());
        assertNear(90_000, s.p90());
        assertNear(99_000, s.p99());
        assertNear(99_900, s.p999());
        assertNear(100_000, s.max());
    }

    @Test
    void aSkewedDistributionShowsItsTailOnlyInTheHighPercentiles() {
        RepetitionContext context = new RepetitionContext(Map.of(), 1, 0);
        context.latencyRecorder().record(100, 9_900);        // 99% at 100 ns
        context.latencyRecorder().record(1_000_000, 99);     // 0.99% at 1 ms
        context.latencyRecorder().record(50_000_000, 1);     // one 50 ms stall
        LatencySummary s = LatencySummary.of(context.mergedLatency(0, 1));
        assertNear(100, s.p50());
        assertNear(100, s.p90());
        assertNear(100, s.p99());
        assertNear(1_000_000, s.p999());
        assertNear(50_000_000, s.max());
    }

    @Test
    void eachThreadGetsItsOwnRecorderAndTheyAreMerged() throws Exception {
        RepetitionContext context = new RepetitionContext(Map.of("k", "v"), 5, 7);
        List<LatencyRecorder> seen = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long value = (t + 1) * 1000L;
            Thread th = new Thread(() -> {
                LatencyRecorder r = context.latencyRecorder();
                synchronized (seen) {
                    seen.add(r);
                }
                assertSame(r, context.latencyRecorder(), "same thread, same recorder");
                for (int i = 0; i < 1000; i++) {
                    r.record(value);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(4, seen.stream().distinct().count());
        assertNotSame(seen.getFirst(), context.latencyRecorder(), "the test thread has a recorder of its own");
        Histogram merged = context.mergedLatency(10, 20);
        assertEquals(4000, merged.getTotalCount());
        assertEquals(10, merged.getStartTimeStamp());
        assertEquals(20, merged.getEndTimeStamp());
        assertEquals(Map.of("k", "v"), context.params());
        assertEquals(5, context.seed());
        assertEquals(7, context.durationNanos());
        assertEquals(0, context.operations());
    }

    @Test
    void batchedRecordingIsOneBucketUpdateWithTheSameResult() {
        HistogramLatencyRecorder batched = new HistogramLatencyRecorder();
        HistogramLatencyRecorder single = new HistogramLatencyRecorder();
        batched.record(12_345, 1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            single.record(12_345);
        }
        assertEquals(single.histogram(), batched.histogram());
        batched.record(99, 0);
        assertEquals(1_000_000, batched.histogram().getTotalCount());
    }

    @Test
    void hugeValuesResizeAndNegativeOnesAreRejectedClearly() {
        HistogramLatencyRecorder r = new HistogramLatencyRecorder();
        r.record(3_600_000_000_000L);   // an hour
        assertNear(3_600_000_000_000L, r.histogram().getMaxValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.record(-5));
        assertEquals("a latency sample of -5 ns is negative: the workload measured an end before its start", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.record(5, -1));
    }

    @Test
    void noSamplesMeansNoSummary() {
        assertNull(LatencySummary.of(new Histogram(3)));
    }

    @Test
    void intervalLogRoundTripsEveryRepetition() throws Exception {
        Path file = dir.resolve(IntervalLog.fileName(3));
        Histogram all = new Histogram(3);
        try (IntervalLog log = IntervalLog.create(file, 1_700_000_000_000L, "test cell")) {
            for (int rep = 0; rep < 3; rep++) {
                Histogram h = HistogramLatencyRecorder.newHistogram();
                for (long v = 1; v <= 1000; v++) {
                    h.recordValue(v * (rep + 1));
                }
                h.setStartTimeStamp(1_700_000_000_000L + rep * 1000);
                h.setEndTimeStamp(1_700_000_000_900L + rep * 1000);
                log.append(h);
                all.add(h);
            }
        }
        assertEquals("cell-3.hlog", file.getFileName().toString());
        Histogram read = IntervalLog.readMerged(file);
        assertEquals(3000, read.getTotalCount());
        assertEquals(all.getValueAtPercentile(99), read.getValueAtPercentile(99));
        assertEquals(all.getMaxValue(), read.getMaxValue());
        assertNull(IntervalLog.readMerged(dir.resolve("missing.hlog")));
    }
}
