package org.vdsolab.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.config.ExperimentLoader;
import org.vdsolab.experiments.runner.fixtures.SyntheticWorkload;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.IntervalLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentRunnerTest {

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        SyntheticWorkload.CALLS.clear();
    }

    private Experiment experiment(String yaml, String... sets) {
        Path f = TestConfigs.write(dir, "exp.yaml", yaml);
        return new ExperimentLoader().load(f, List.of(sets), false);
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    @Test
    void runsEveryCellWithWarmupsAndWritesTheStableFiles() throws Exception {
        Experiment e = experiment("""
                experiment: runner-test
                description: runner test
                workload: synthetic
                queue: [beta, gamma]
                producers: [1, 2]
                ops: 1000
                threads: 2
                run: {warmup: 1, repetitions: 2, seed: 100, fork: false}
                """);
        Path out = dir.resolve("out");
        RunOutcome outcome = new ExperimentRunner(ProgressListener.QUIET).run(e, out, "./vdsolab run exp.yaml");
        assertTrue(outcome.succeeded());

        // 4 cells x (1 warm-up + 2 measured); seeds are seed + repetition number, the same in every cell
        assertEquals(12, SyntheticWorkload.CALLS.size());
        List<Long> seeds = SyntheticWorkload.CALLS.stream().map(SyntheticWorkload.Call::seed).toList();
        assertEquals(List.of(100L, 101L, 102L, 100L, 101L, 102L, 100L, 101L, 102L, 100L, 101L, 102L), seeds);
        assertEquals("gamma", SyntheticWorkload.CALLS.stream().toList().get(11).params().get("queue"));
        assertEquals("2", SyntheticWorkload.CALLS.stream().toList().get(11).params().get("producers"));

        for (String f : List.of("summary.json", "summary.csv", "config.yaml", "cell-1.hlog", "cell-4.hlog")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        JsonNode root = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(List.of("experiment", "complete", "environment", "config", "cells"), keys(root));
        assertTrue(root.get("complete").asBoolean(), "a run that got to its end is complete");
        assertEquals(List.of("jdk", "os", "cpus", "commit", "started", "machine"), keys(root.get("environment")));
        assertEquals(List.of("cpu_model", "physical_cores", "smt", "governor", "kernel", "jvm_flags"),
                keys(root.get("environment").get("machine")));
        assertEquals("runner-test", root.get("experiment").asText());
        assertEquals("synthetic", root.get("config").get("workload").asText());
        assertEquals(2, root.get("config").get("queue").size());
        JsonNode cell = root.get("cells").get(3);
        assertEquals(List.of("params", "repetitions", "throughput_ops_per_s", "latency_ns", "counters", "metrics", "events", "runs"),
                keys(cell));
        assertEquals(List.of("queue", "producers"), keys(cell.get("params")));
        assertEquals("gamma", cell.get("params").get("queue").asText());
        assertEquals(2, cell.get("params").get("producers").asInt(), "numbers stay numbers");
        assertTrue(cell.get("params").get("producers").isIntegralNumber());
        assertEquals(2, cell.get("repetitions").asInt());
        assertEquals(List.of("mean", "each"), keys(cell.get("throughput_ops_per_s")));
        // gamma, 2 producers: cost 100 + 50*2 + 400 + 40 = 640 ns per op
        assertEquals(1e9 / 640, cell.get("throughput_ops_per_s").get("mean").asDouble(), 0.01);
        assertEquals(2, cell.get("throughput_ops_per_s").get("each").size());
        assertEquals(List.of("p50", "p90", "p99", "p999", "max"), keys(cell.get("latency_ns")));
        assertEquals(500, cell.get("latency_ns").get("p50").asLong());
        assertEquals(1000, cell.get("latency_ns").get("max").asLong());
        // counters are means per measured repetition
        assertEquals(1000, cell.get("counters").get("records").asLong());
        assertTrue(cell.get("counters").get("records").isIntegralNumber());
        assertEquals(0, cell.get("counters").get("lost").asLong());
        assertEquals(9, cell.get("counters").get("torn_per_million").asLong());

        // every measured repetition is kept, with its seed, latency and CPU cost; metrics summarise them
        JsonNode runs = cell.get("runs");
        assertEquals(2, runs.size());
        assertEquals(List.of(1, 2), List.of(runs.get(0).get("repetition").asInt(), runs.get(1).get("repetition").asInt()));
        assertEquals(List.of(101L, 102L), List.of(runs.get(0).get("seed").asLong(), runs.get(1).get("seed").asLong()));
        assertEquals(1e9 / 640, runs.get(1).get("throughput_ops_per_s").asDouble(), 0.01);
        assertEquals(500, runs.get(1).get("latency_ns").get("p50").asLong());
        assertEquals(1000, runs.get(1).get("counters").get("records").asLong());
        assertTrue(runs.get(1).get("cpu_ns").asLong() > 0, runs.get(1).toString());
        JsonNode throughput = cell.get("metrics").get("throughput_ops_per_s");
        assertEquals(1e9 / 640, throughput.get("median").asDouble(), 0.01);
        assertEquals(throughput.get("median").asDouble(), throughput.get("ci95_low").asDouble(), 0.01, "equal repetitions");
        assertEquals(2, throughput.get("n").asInt());
        assertTrue(cell.get("metrics").has("cpu_ns_per_op"), cell.get("metrics").toString());

        // the .hlog has the two measured repetitions, not the warm-up
        Histogram h = IntervalLog.readMerged(out.resolve("cell-4.hlog"));
        assertEquals(2 * 1000, h.getTotalCount());

        String csv = Files.readString(out.resolve("summary.csv"));
        assertTrue(csv.startsWith("cell,queue,producers,repetitions,throughput_ops_per_s_mean,latency_p50_ns,latency_p90_ns,"
                + "latency_p99_ns,latency_p999_ns,latency_max_ns,lost,records,torn_per_million,error,"
                + "throughput_ops_per_s_median,throughput_ops_per_s_ci95_low,throughput_ops_per_s_ci95_high,"
                + "throughput_ops_per_s_n,cpu_ns_per_op_median,"), csv);
        assertEquals(5, csv.split("\r\n").length);
        assertTrue(csv.contains("\r\n4,gamma,2,2,1562500.0,500,"), csv);

        String yaml = Files.readString(out.resolve("config.yaml"));
        assertTrue(yaml.startsWith("# The config of experiment 'runner-test' as run, after --quick and --set:\n"
                + "# ./vdsolab run exp.yaml\n"), yaml);
        assertTrue(yaml.contains("workload: synthetic"), yaml);
    }

    @Test
    void forkedRepetitionsRunInFreshJvmsInASeededShuffledOrder() throws Exception {
        Experiment e = experiment("""
                experiment: forked
                workload: synthetic
                queue: [beta, gamma]
                ops: 1000
                run: {warmup: 1, repetitions: 2, seed: 100, order_seed: 7}
                """);
        Path out = dir.resolve("forked");
        List<String> started = new ArrayList<>();
        RunOutcome outcome = new ExperimentRunner(new ProgressListener() {
            @Override
            public void forkedRepetitionStarted(org.vdsolab.experiments.runner.config.Cell cell, int repetition, int unit, int units) {
                started.add(cell.index() + "/" + repetition + " " + unit + "/" + units);
            }
        }).run(e, out, "test");
        assertTrue(outcome.succeeded(), outcome.summary().cells().toString());
        assertTrue(SyntheticWorkload.CALLS.isEmpty(), "every warm-up and repetition ran in a JVM of its own");

        List<String> expected = new ArrayList<>(List.of("1/1", "1/2", "2/1", "2/2"));
        Collections.shuffle(expected, new Random(7));
        List<String> announced = started.stream().map(u -> u.substring(0, u.indexOf(' '))).toList();
        assertEquals(expected, announced, "the order is the seeded shuffle of (cell, repetition)");
        assertEquals(List.of(" 1/4", " 2/4", " 3/4", " 4/4"), started.stream().map(u -> u.substring(u.indexOf(' '))).toList());

        JsonNode root = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(root.get("complete").asBoolean());
        String[] byPosition = new String[4];
        for (int c = 0; c < 2; c++) {
            JsonNode cell = root.get("cells").get(c);
            JsonNode runs = cell.get("runs");
            assertEquals(2, runs.size());
            for (int j = 0; j < 2; j++) {
                JsonNode run = runs.get(j);
                assertEquals(j + 1, run.get("repetition").asInt(), "listed by repetition");
                assertEquals(101 + j, run.get("seed").asLong(), "the seed after the cell's one warm-up, as in this JVM");
                assertTrue(run.get("cpu_ns").asLong() > 0, run.toString());
                byPosition[run.get("position").asInt() - 1] = (c + 1) + "/" + (j + 1);
            }
        }
        assertEquals(expected, List.of(byPosition), "each record's position is its place in that order");
        // beta, 1 producer: cost 100 + 50 + 400 + 20 = 570 ns per op, computed by the workload
        assertEquals(1e9 / 570, root.get("cells").get(0).get("metrics").get("throughput_ops_per_s").get("median").asDouble(), 0.01);
        assertEquals(2 * 1000, IntervalLog.readMerged(out.resolve("cell-1.hlog")).getTotalCount(), "the two measured repetitions");
        assertEquals(2 * 1000, IntervalLog.readMerged(out.resolve("cell-2.hlog")).getTotalCount());
    }

    @Test
    void aForkedRepetitionThatTimesOutFailsItsCellAndTheRunGoesOn() throws Exception {
        Experiment e = experiment("""
                experiment: forked-timeout
                workload: synthetic
                queue: beta
                fail: [hang, none]
                run: {warmup: 0, repetitions: 1, timeout_s: 0.3}
                """);
        RunOutcome outcome = new ExperimentRunner(ProgressListener.QUIET).run(e, dir.resolve("ft"), "test");
        List<CellSummary> cells = outcome.summary().cells();
        assertEquals(2, cells.size());
        assertTrue(cells.get(0).error().startsWith("repetition 1 did not finish within 0.3 s (run.timeout_s)"), cells.get(0).error());
        assertNull(cells.get(1).error(), "its JVM took the hung threads with it, so the next cell is measured");
        assertEquals(1, cells.get(1).repetitions());
    }

    @Test
    void aLoadFractionIsAShareOfTheSaturationMeasuredInClosedLoopFirst() throws Exception {
        Experiment e = experiment("""
                experiment: fraction
                workload: synthetic
                queue: beta
                load: {type: open, fraction: [0.5, 0.25]}
                run: {warmup: 1, repetitions: 2, seed: 100, fork: false}
                """);
        Path out = dir.resolve("fraction");
        RunOutcome outcome = new ExperimentRunner(ProgressListener.QUIET).run(e, out, "test");
        assertTrue(outcome.succeeded(), outcome.summary().cells().toString());
        List<SyntheticWorkload.Call> calls = List.copyOf(SyntheticWorkload.CALLS);
        // the closed-loop twin, shared by both cells: 3 saturation repetitions, each after the warm-up
        assertEquals(3 * 2 + 2 * 3, calls.size());
        for (SyntheticWorkload.Call c : calls.subList(0, 6)) {
            assertEquals("closed", c.params().get("load.type"));
            assertNull(c.params().get("load.rate"));
            assertNull(c.params().get("load.fraction"), "the workload never sees load.fraction");
        }
        // beta, 1 producer, batch 1: the synthetic workload reports 1e9 / 570 ns = 1754386 ops/s
        assertEquals("877193", calls.get(6).params().get("load.rate"), "0.5 x the saturation");
        assertEquals("open", calls.get(6).params().get("load.type"));
        assertEquals("438596", calls.get(9).params().get("load.rate"), "0.25 x the saturation");
        JsonNode cell = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("cells").get(0);
        assertEquals(1754386, cell.get("counters").get("saturation_ops_per_s").asLong());
        assertEquals(877193, cell.get("counters").get("offered_ops_per_s").asLong());
        assertEquals(877193, cell.get("runs").get(1).get("counters").get("offered_ops_per_s").asLong());
    }

    @Test
    void aForkedLoadFractionCellRunsAtItsRateInItsOwnJvm() throws Exception {
        Experiment e = experiment("""
                experiment: fraction-forked
                workload: synthetic
                queue: beta
                load: {type: open, fraction: 0.5}
                run: {warmup: 0, repetitions: 1}
                """);
        Path out = dir.resolve("fraction-forked");
        RunOutcome outcome = new ExperimentRunner(ProgressListener.QUIET).run(e, out, "test");
        assertTrue(outcome.succeeded(), outcome.summary().cells().toString());
        assertTrue(SyntheticWorkload.CALLS.isEmpty(), "saturation and measured repetitions ran in JVMs of their own");
        JsonNode run = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("cells").get(0).get("runs").get(0);
        assertEquals(1754386, run.get("counters").get("saturation_ops_per_s").asLong());
        assertEquals(877193, run.get("counters").get("offered_ops_per_s").asLong());
        assertEquals(1, run.get("position").asInt(), "saturation runs have no place in the measured order");
    }

    @Test
    void aPinnedRunSaysWhetherItsChildrenWerePinned() throws Exception {
        Experiment e = experiment("""
                experiment: pinned
                workload: synthetic
                queue: beta
                run: {warmup: 0, repetitions: 1, fork: false, pin: true}
                """);
        RunOutcome outcome = new ExperimentRunner(ProgressListener.QUIET).run(e, dir.resolve("pinned"), "test");
        long expected = org.vdsolab.api.process.CorePinning.taskset().isPresent() ? 1 : 0;
        assertEquals(expected, outcome.summary().cells().getFirst().runs().getFirst().counters().get("pinned"));
        assertFalse(org.vdsolab.api.process.CorePinning.isOn(), "pinning ends with the run");
    }

    @Test
    void aFailingCellIsRecordedAndTheOthersStillRun() throws Exception {
        Experiment quickFail = experiment("""
                experiment: failing
                workload: synthetic
                queue: [beta, gamma]
                fail: [throw, none]
                run: {warmup: 1, repetitions: 2}
                """);
        Path out = dir.resolve("fail");
        RunOutcome outcome = new ExperimentRunner(ProgressListener.QUIET).run(quickFail, out, "test");
        assertFalse(outcome.succeeded());
        List<CellSummary> cells = outcome.summary().cells();
        assertEquals(4, cells.size());
        assertEquals("warm-up 1: IllegalStateException: synthetic failure; caused by ArithmeticException: root cause",
                cells.get(0).error());
        assertEquals(0, cells.get(0).repetitions());
        assertNull(cells.get(1).error());
        assertEquals(2, cells.get(1).repetitions());
        assertTrue(cells.get(2).failed());
        assertNull(cells.get(3).error());
        assertTrue(Files.readString(out.resolve("cell-1-error.txt")).contains("at org.vdsolab.experiments.runner.fixtures"));
        JsonNode root = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(cells.get(0).error(), root.get("cells").get(0).get("error").asText());
        assertTrue(root.get("cells").get(0).get("latency_ns").get("p50").isNull());
        assertTrue(root.get("cells").get(0).get("throughput_ops_per_s").get("mean").isNull());
        assertFalse(root.get("cells").get(1).has("error"));
    }

    @Test
    void aTimedOutCellStopsTheRunAndTheRestIsRecordedAsNotRun() throws Exception {
        Experiment e = experiment("""
                experiment: hanging
                workload: synthetic
                queue: [beta, gamma]
                fail: [none, hang]
                run: {warmup: 0, repetitions: 1, timeout_s: 0.3, fork: false}
                """);
        Path out = dir.resolve("hang");
        RunOutcome outcome = new ExperimentRunner(ProgressListener.QUIET).run(e, out, "test");
        List<CellSummary> cells = outcome.summary().cells();
        assertNull(cells.get(0).error());
        assertEquals("repetition 1 did not finish within 0.3 s (run.timeout_s); its threads were interrupted but may still"
                + " be running", cells.get(1).error());
        assertEquals("not run: cell 2 timed out and its threads may still be running, which would disturb every later"
                + " measurement", cells.get(2).error());
        assertEquals(cells.get(2).error(), cells.get(3).error());
        assertEquals(2, SyntheticWorkload.CALLS.size(), "cells 3 and 4 never started");
    }

    @Test
    void progressIsReportedInOrder() throws Exception {
        Experiment e = experiment("experiment: p\nworkload: synthetic\nqueue: [beta, gamma]\nrun: {warmup: 1, repetitions: 1, fork: false}\n");
        List<String> events = new ArrayList<>();
        new ExperimentRunner(new ProgressListener() {
            @Override
            public void started(Experiment experiment) {
                events.add("start " + experiment.cells().size());
            }

            @Override
            public void repetitionStarted(org.vdsolab.experiments.runner.config.Cell cell, int repetition, boolean warmup) {
                events.add(cell.index() + "." + repetition + (warmup ? "w" : ""));
            }

            @Override
            public void cellFinished(org.vdsolab.experiments.runner.config.Cell cell, CellSummary result) {
                events.add("done " + cell.index());
            }

            @Override
            public void finished() {
                events.add("end");
            }
        }).run(e, dir.resolve("p"), "test");
        assertEquals(List.of("start 2", "1.1w", "1.2", "done 1", "2.1w", "2.2", "done 2", "end"), events);
    }

    @Test
    void terminalProgressDrawsCellElapsedAndRemaining() throws Exception {
        Experiment e = experiment("experiment: p\nworkload: synthetic\nqueue: [beta, gamma]\nfail: [none, throw]\n"
                + "run: {warmup: 0, repetitions: 1, fork: false}\n");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        new ExperimentRunner(new TerminalProgress(new java.io.PrintStream(bytes, true))).run(e, dir.resolve("t"), "test");
        String shown = bytes.toString();
        assertTrue(java.util.regex.Pattern.compile("\rcell 1/4  queue=beta, fail=none  rep 1/1  elapsed \\d+:\\d\\d  remaining"
                + " estimating").matcher(shown).find(), shown);
        assertTrue(java.util.regex.Pattern.compile("cell 2/4  queue=beta, fail=throw  rep 1/1  elapsed \\d+:\\d\\d  remaining ~\\d+:\\d\\d")
                .matcher(shown).find(), shown);
        assertTrue(shown.contains("cell 2/4 (queue=beta, fail=throw) failed: repetition 1: IllegalStateException"), shown);
        assertEquals("1:01:01", TerminalProgress.clock(3_661_000_000_000L));
    }

    @Test
    void outputFoldersAreNewAndTimestamped() throws Exception {
        java.time.LocalDateTime t = java.time.LocalDateTime.of(2026, 1, 2, 3, 4, 5);
        Path a = OutputDirectory.createFresh(dir.resolve("out"), "exp", t);
        Path b = OutputDirectory.createFresh(dir.resolve("out"), "exp", t);
        assertEquals(dir.resolve("out/exp/20260102-030405"), a);
        assertEquals(dir.resolve("out/exp/20260102-030405-2"), b);
    }

    @Test
    void countersAreMeansPerRepetitionWholeWhenTheyCanBe() {
        CounterAverages t = new CounterAverages();
        t.add(java.util.Map.of("lost", 1L, "torn_per_million", 10L, "consumers_effective", 2L));
        t.add(java.util.Map.of("lost", 0L, "torn_per_million", 20L, "consumers_effective", 2L, "records", 5L));
        assertEquals(java.util.Map.of("lost", 0.5, "torn_per_million", 15L, "consumers_effective", 2L, "records", 5L),
                t.result());
        assertEquals(List.of("consumers_effective", "lost", "records", "torn_per_million"), List.copyOf(t.result().keySet()));
    }
}
