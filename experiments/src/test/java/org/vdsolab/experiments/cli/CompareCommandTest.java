package org.vdsolab.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareCommandTest {

    @TempDir
    Path work;

    /** The synthetic workload's throughput is a function of its parameters: equal in both runs. */
    private static final String CONFIG = """
            experiment: compare-test
            workload: synthetic
            queue: [alpha, beta]
            ops: 200
            run: {warmup: 0, repetitions: 3, fork: false}
            """;

    private void runInto(String out, String... sets) {
        TestConfigs.write(work, "c.yaml", CONFIG);
        String[] args = new String[4 + 2 * sets.length];
        args[0] = "run";
        args[1] = "c.yaml";
        args[2] = "--out";
        args[3] = out;
        for (int i = 0; i < sets.length; i++) {
            args[4 + 2 * i] = "--set";
            args[5 + 2 * i] = sets[i];
        }
        CliRun run = CliRun.of(work, args);
        assertEquals(ExitCodes.OK, run.status(), run.err());
    }

    @Test
    void twoRunsOfTheSameCellsAreComparedCellByCell() {
        runInto("a");
        runInto("b");
        CliRun compare = CliRun.of(work, "compare", "a", "b");
        assertEquals(ExitCodes.OK, compare.status(), compare.err());
        List<String> lines = compare.out().lines().toList();
        assertTrue(lines.get(0).startsWith("A: a (compare-test, commit "), compare.out());
        assertTrue(lines.get(2).startsWith("cell"), compare.out());
        String throughput = lines.stream().filter(l -> l.startsWith("queue=alpha") && l.contains("throughput")).findFirst()
                .orElseThrow(() -> new AssertionError(compare.out()));
        assertTrue(throughput.contains("1.000 [1.000 - 1.000]") && throughput.endsWith("no detectable difference"),
                throughput);

        CliRun csv = CliRun.of(work, "compare", "a", "b", "--csv");
        assertEquals(ExitCodes.OK, csv.status(), csv.err());
        List<String> rows = csv.out().lines().toList();
        assertTrue(rows.get(0).startsWith("cell,metric,a_median,"), csv.out());
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("queue=beta,throughput_ops_per_s,") && r.endsWith(",true")),
                csv.out());
    }

    @Test
    void cellsOnlyOneRunHasAreListedAndNoCommonCellFails() {
        runInto("a");
        runInto("b", "queue=[beta, gamma]");
        CliRun compare = CliRun.of(work, "compare", "a", "b");
        assertEquals(ExitCodes.OK, compare.status(), compare.err());
        assertTrue(compare.out().contains("only in A: queue=alpha\n"), compare.out());
        assertTrue(compare.out().contains("only in B: queue=gamma\n"), compare.out());

        runInto("c", "queue=[gamma]");
        CliRun none = CliRun.of(work, "compare", "a", "c");
        assertEquals(ExitCodes.RUN_FAILURE, none.status());
        assertTrue(none.err().contains("error: A and B have no cell in common"), none.err());
    }

    @Test
    void aFolderWithoutASummaryIsAUsageErrorNamingIt() {
        runInto("a");
        CliRun missing = CliRun.of(work, "compare", "a", "nowhere");
        assertEquals(ExitCodes.USAGE, missing.status());
        assertTrue(missing.err().contains("B: " + work.resolve("nowhere") + " has no summary.json"), missing.err());
        assertEquals(ExitCodes.USAGE, CliRun.of(work, "compare", "a").status());
    }
}
