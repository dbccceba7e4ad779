package org.vdsolab.experiments.runner;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.runner.config.ExperimentLoader;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.IntervalLog;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coordinated omission: an open-loop run (platform-api's Pacer) with one injected 30 ms stall.
 * Measured from the scheduled times, every request that fell due during the stall waits for it,
 * so the stall fills the top percentiles instead of being one sample among thousands. The bounds
 * below follow from the stall's minimum length and the schedule alone, not from machine speed:
 * at 20,000 requests/s, requests 1000..1199 fall due within the first 10 ms of a stall of at
 * least 30 ms, so each waits at least 20 ms: that is 10% of the 2000 requests, above p99.
 */
class OpenLoopStallTest {

    @TempDir
    Path dir;

    @Test
    void theStallShowsInTheHighPercentiles() throws Exception {
        Path config = TestConfigs.write(dir, "stall.yaml", """
                experiment: stall
                workload: stalling-open-loop
                ops: 2000
                stall_ms: 30
                load: {rate: 20000, arrival: [constant, poisson]}
                run: {warmup: 0, repetitions: 1}
                """);
        Path out = dir.resolve("run");
        RunOutcome outcome = new ExperimentRunner(ProgressListener.QUIET)
                .run(new ExperimentLoader().load(config, List.of(), false), out, "test");
        assertTrue(outcome.succeeded());
        for (CellSummary cell : outcome.summary().cells()) {
            long twentyMs = 20_000_000L;
            assertTrue(cell.latency().p99() >= twentyMs, "p99 " + cell.latency().p99() + " ns hides the stall: " + cell.params());
            assertTrue(cell.latency().max() >= 30_000_000L, "max " + cell.latency().max() + " ns");
            Histogram h = IntervalLog.readMerged(out.resolve(IntervalLog.fileName(cell.index())));
            assertEquals(2000, h.getTotalCount());
            if (cell.params().get("load.arrival").equals("constant")) {
                assertTrue(h.getCountBetweenValues(twentyMs, Long.MAX_VALUE / 4) >= 200,
                        "every request due in the stall's first 10 ms carries >= 20 ms");
            }
        }
    }
}
