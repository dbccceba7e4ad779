package org.vdsolab.experiments.runner.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class QuickModeTest {

    @TempDir
    Path dir;

    @Test
    void quickBlockIsMergedDeeplyAndSetWinsOverIt() {
        Path f = TestConfigs.write(dir, "q.yaml", """
                experiment: d
                workload: synthetic
                queue: [beta, gamma]
                ops: 100000
                load: {type: open, rate: [100, 200, 300]}
                run: {warmup: 2, repetitions: 5, seed: 9}
                quick:
                  ops: 1000
                  load: {rate: [100]}
                  run: {repetitions: 1, warmup: 0}
                """);
        Experiment e = new ExperimentLoader().load(f, List.of("ops=2000"), true);
        assertEquals(new RunControl(0, 1, 9, 0, RunControl.DEFAULT_TIMEOUT_S), e.run(), "run keys merge; seed stays");
        assertEquals(2, e.cells().size());
        assertEquals("2000", e.cells().getFirst().params().get("ops"), "--set applies after --quick");
        assertEquals("open", e.cells().getFirst().params().get("load.type"), "quick's load map merges into load");
        assertEquals("100", e.cells().getFirst().params().get("load.rate"));
        assertFalse(e.asRun().has("quick"), "the config as run has no quick block left");
    }

    @Test
    void withoutABlockTheDefaultShrinkApplies() {
        Path f = TestConfigs.write(dir, "d.yaml", """
                experiment: d
                workload: synthetic
                queue: [alpha, beta, gamma]
                batch: [1, 8, 32, 128]
                load: {rate: [10, 20, 30]}
                run: {warmup: 3, repetitions: 9, duration_s: 30}
                """);
        Experiment e = new ExperimentLoader().load(f, List.of(), true);
        assertEquals(0, e.run().warmup());
        assertEquals(1, e.run().repetitions());
        assertFalse(e.run().fork(), "one repetition per cell: nothing to be independent of");
        assertEquals(QuickMode.DEFAULT_MAX_DURATION_S, e.run().durationSeconds());
        // names are the comparison and stay; numeric sweeps keep first and last
        assertEquals(3 * 2 * 2, e.cells().size());
        assertEquals(List.of("1", "128"), e.cells().stream().map(c -> c.params().get("batch")).distinct().toList());
        assertEquals(List.of("10", "30"), e.cells().stream().map(c -> c.params().get("load.rate")).distinct().toList());
    }

    @Test
    void withoutQuickTheBlockIsKeptAndIgnored() {
        Path f = TestConfigs.write(dir, "k.yaml", "experiment: d\nworkload: synthetic\nops: 50\nquick: {ops: 5}\n");
        Experiment e = new ExperimentLoader().load(f, List.of(), false);
        assertEquals("50", e.cells().getFirst().params().get("ops"));
        assertEquals(RunControl.defaults(), e.run());
    }
}
