package org.vdsolab.experiments.runner.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a config can be wrong: each message names the file (and line), the key and what is allowed. */
class ExperimentValidatorTest {

    @TempDir
    Path dir;

    private Path file;

    @org.junit.jupiter.api.BeforeEach
    void name() {
        file = dir.resolve("exp.yaml");
    }

    private Experiment load(String yaml) {
        TestConfigs.write(dir, "exp.yaml", yaml);
        return new ExperimentLoader().load(file, List.of(), false);
    }

    private String error(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void aValidConfigBecomesAnExperiment() {
        Experiment e = load("""
                experiment: demo-1
                description: Two queues, two producer counts.
                workload: synthetic
                queue: [beta, gamma]
                producers: [1, 2]
                ops: 500
                load:
                  type: closed
                  rate: [0, 10]
                run: {warmup: 2, repetitions: 4, seed: 7, duration_s: 0.5, timeout_s: 30}
                report: {series: queue, x: producers}
                """);
        assertEquals("demo-1", e.name());
        assertEquals("Two queues, two producer counts.", e.description());
        assertEquals("synthetic", e.workload().name());
        assertEquals(new RunControl(2, 4, 7, 0.5, 30), e.run());
        assertEquals(new ReportHints("queue", "producers", List.of()), e.report());
        assertEquals(List.of("queue", "producers", "load.rate"), e.sweptKeys());
        assertEquals(8, e.cells().size());
        assertEquals(List.of("queue", "producers", "ops", "load.type", "load.rate"),
                List.copyOf(e.cells().getFirst().params().keySet()));
        assertEquals("queue=beta, producers=1, load.rate=0", e.cells().getFirst().label());
        assertEquals("queue=gamma, producers=2, load.rate=10", e.cells().getLast().label());
    }

    @Test
    void runDefaults() {
        Experiment e = load("experiment: d\nworkload: synthetic\n");
        assertEquals(RunControl.defaults(), e.run());
        assertEquals(1, e.cells().size());
        assertEquals(ReportHints.none(), e.report());
    }

    @Test
    void missingOrBadExperimentName() {
        String m = error("workload: synthetic\n");
        assertEquals(file + ": experiment: missing; required: a name of lower-case letters, digits and '-' (it names the"
                + " output folder)", m);
        m = error("experiment: My Test\nworkload: synthetic\n");
        assertEquals(file + ":1: experiment: 'My Test' is not allowed; use lower-case letters, digits and '-' (it names"
                + " the output folder)", m);
        m = error("experiment: [a, b]\nworkload: synthetic\n");
        assertTrue(m.startsWith(file + ":1: experiment: must be a single value"), m);
    }

    @Test
    void missingOrUnknownWorkloadListsTheAvailableOnes() {
        assertEquals(file + ": workload: missing; required: the name of a workload provider", error("experiment: d\n"));
        String m = error("experiment: d\nworkload: nope\n");
        assertTrue(m.startsWith(file + ":2: workload: no workload provider named 'nope'; available: "), m);
        assertTrue(m.contains("synthetic"), m);
    }

    @Test
    void unknownParameterListsEveryAllowedKey() {
        String m = error("experiment: d\nworkload: synthetic\nproducer: 2\n");
        assertEquals(file + ":3: producer: unknown key; workload 'synthetic' accepts batch, fail, jitter, load.rate, load.type, ops,"
                + " producers, queue, threads; the runner's keys are description, experiment, quick, report, run, workload", m);
        m = error("experiment: d\nworkload: synthetic\nload:\n  kind: open\n");
        assertTrue(m.startsWith(file + ":4: load.kind: unknown key; workload 'synthetic' accepts "), m);
    }

    @Test
    void badParameterValues() {
        assertEquals(file + ":3: ops: has no value; give a value or a list of values to sweep",
                error("experiment: d\nworkload: synthetic\nops:\n"));
        assertEquals(file + ":3: queue: an empty list; a sweep needs at least one value",
                error("experiment: d\nworkload: synthetic\nqueue: []\n"));
        assertEquals(file + ":3: queue: a sweep list holds plain values (numbers, names), not a list",
                error("experiment: d\nworkload: synthetic\nqueue: [[beta]]\n"));
        assertEquals(file + ":3: queue: the sweep lists 'beta' twice",
                error("experiment: d\nworkload: synthetic\nqueue: [beta, beta]\n"));
        assertEquals(file + ":3: load: an empty map; give its keys or remove it",
                error("experiment: d\nworkload: synthetic\nload: {}\n"));
    }

    @Test
    void runBlockErrors() {
        assertEquals(file + ":3: run: must be a map with keys warmup, repetitions, seed, duration_s, timeout_s, fork, order_seed, pin, not a scalar",
                error("experiment: d\nworkload: synthetic\nrun: 3\n"));
        assertEquals(file + ":4: run.reps: unknown key; the run block accepts warmup, repetitions, seed, duration_s, timeout_s, fork,"
                + " order_seed, pin",
                error("experiment: d\nworkload: synthetic\nrun:\n  reps: 3\n"));
        assertEquals(file + ":4: run.repetitions: must be a whole number from 1 to 1000000; got 'three'",
                error("experiment: d\nworkload: synthetic\nrun:\n  repetitions: three\n"));
        assertEquals(file + ":4: run.repetitions: must be a whole number from 1 to 1000000; got 0",
                error("experiment: d\nworkload: synthetic\nrun:\n  repetitions: 0\n"));
        assertEquals(file + ":4: run.warmup: must be a single value; run settings are not swept (got a list)",
                error("experiment: d\nworkload: synthetic\nrun:\n  warmup: [0, 1]\n"));
        assertEquals(file + ":4: run.duration_s: must be a number of seconds >= 0; got -1",
                error("experiment: d\nworkload: synthetic\nrun:\n  duration_s: -1\n"));
        assertEquals(file + ":4: run.timeout_s: must be a number of seconds >= 0 (0 = no limit); got 'soon'",
                error("experiment: d\nworkload: synthetic\nrun:\n  timeout_s: soon\n"));
        assertEquals(file + ":4: run.seed: must be a whole number; got '4.5'",
                error("experiment: d\nworkload: synthetic\nrun:\n  seed: 4.5\n"));
        assertEquals(file + ":4: run.fork: must be true (each measured repetition in a fresh JVM, in a shuffled order) or false"
                        + " (every repetition in the runner's JVM, cell by cell); got 'maybe'",
                error("experiment: d\nworkload: synthetic\nrun:\n  fork: maybe\n"));
        assertEquals(file + ":4: run.order_seed: must be a whole number; got 'x'",
                error("experiment: d\nworkload: synthetic\nrun:\n  order_seed: x\n"));
        assertEquals(file + ":4: run.duration_s: workload 'scheduler-mix' is bounded by its own count and does not stop at a"
                + " duration; leave run.duration_s at 0 and size the run with the workload's count",
                error("experiment: d\nworkload: scheduler-mix\nrun:\n  duration_s: 2\n"));
    }

    @Test
    void loadFractionErrors() {
        String tooBig = error("experiment: d\nworkload: synthetic\nload: {type: open, fraction: [0.5, 1.5]}\n");
        assertTrue(tooBig.startsWith(file + ":3: load.fraction: must be a fraction of the cell's saturation throughput,"
                + " > 0 and <= 1; got 1.5"), tooBig);
        String both = error("experiment: d\nworkload: synthetic\nload: {type: open, rate: 10, fraction: 0.5}\n");
        assertTrue(both.startsWith(file + ":3: load.fraction: give either load.fraction (a fraction of the measured"
                + " saturation) or load.rate (ops/s), not both"), both);
        String closed = error("experiment: d\nworkload: synthetic\nload: {fraction: 0.5}\n");
        assertTrue(closed.startsWith(file + ":3: load.fraction: needs load.type: open (the rate is offered by Poisson or"
                + " uniform arrivals); got load.type unset"), closed);
    }

    @Test
    void aLoadFractionReachesTheWorkloadAsARate() {
        Path f = TestConfigs.write(dir, "frac.yaml", "experiment: d\nworkload: synthetic\nload: {type: open, fraction: [0.1, 0.9]}\n");
        Experiment e = new ExperimentLoader().load(f, List.of(), false);
        assertEquals(List.of("load.fraction"), e.sweptKeys());
        assertEquals("0.9", e.cells().get(1).params().get("load.fraction"));
        assertEquals(java.util.Map.of("load.type", "closed"), LoadFraction.saturationParams(e.cells().get(1).params()),
                "the closed-loop twin has no rate");
        assertEquals(java.util.Map.of("load.type", "open", "load.rate", "900"), LoadFraction.atRate(e.cells().get(1).params(), 900));
    }

    @Test
    void forkIsTheDefaultAndTheOrderSeedFollowsTheSeed() {
        Path f = TestConfigs.write(dir, "fork.yaml", "experiment: d\nworkload: synthetic\nrun: {seed: 5}\n");
        RunControl run = new ExperimentLoader().load(f, List.of(), false).run();
        assertTrue(run.fork());
        assertEquals(5, run.orderSeed());
        Path g = TestConfigs.write(dir, "nofork.yaml", "experiment: d\nworkload: synthetic\nrun: {fork: false, order_seed: 9}\n");
        RunControl other = new ExperimentLoader().load(g, List.of(), false).run();
        assertFalse(other.fork());
        assertEquals(9, other.orderSeed());
    }

    @Test
    void reportBlockErrors() {
        assertEquals(file + ":4: report.colour: unknown key; the report block accepts series, x, counters",
                error("experiment: d\nworkload: synthetic\nreport:\n  colour: red\n"));
        assertEquals(file + ":5: report.x: must name one of this config's parameters: queue, producers; got 'batch'",
                error("experiment: d\nworkload: synthetic\nqueue: [beta, gamma]\nproducers: [1, 2]\nreport: {x: batch}\n"));
        assertEquals(file + ":3: report.counters: must be a counter name or a list of them, such as [torn_per_million, lost]",
                error("experiment: d\nworkload: synthetic\nreport: {counters: [{a: 1}]}\n"));
        assertEquals(new ReportHints(null, null, List.of("lost", "torn")),
                load("experiment: d\nworkload: synthetic\nreport: {counters: [lost, torn]}\n").report());
    }

    @Test
    void quickBlockErrors() {
        assertEquals(file + ":3: quick: must be a map of the keys a --quick run overrides, not a scalar",
                error("experiment: d\nworkload: synthetic\nquick: yes\n"));
        assertEquals(file + ":4: quick.workload: a quick block cannot change 'workload'; it may override parameters,"
                + " description and run settings", error("experiment: d\nworkload: synthetic\nquick:\n  workload: other\n"));
        // A broken quick block is found on a normal run too.
        assertEquals(file + ":4: opps: unknown key; workload 'synthetic' accepts batch, fail, jitter, load.rate, load.type, ops,"
                + " producers, queue, threads; the runner's keys are description, experiment, quick, report, run, workload",
                error("experiment: d\nworkload: synthetic\nquick:\n  opps: 10\n"));
    }

    @Test
    void unknownProviderInASweepNamesItsLineKeyAndTheAvailableNames() {
        String m = error("experiment: d\nworkload: synthetic\nqueue:\n  - beta\n  - delta\n");
        assertEquals(file + ":5: queue: no queue provider named 'delta'; available: alpha, beta, gamma", m);
    }

    @Test
    void impossibleCombinationNamesTheLineTheKeyTheCellAndWhatIsAllowed() {
        String m = error("experiment: d\nworkload: synthetic\nqueue: [alpha, beta]\nproducers: [1, 2]\n");
        assertEquals(file + ":4: producers: queue 'alpha' is single-producer; allowed: 1, got 2 (cell 2 of 4:"
                + " queue=alpha, producers=2)", m);
    }

    @Test
    void theSameRejectionInManyCellsIsReportedOnce() {
        String m = error("experiment: d\nworkload: synthetic\nqueue: [beta, gamma]\nops: 0\n");
        assertEquals(file + ":4: ops: allowed a whole number from 1 to 10000000; got 0 (every cell)", m);
    }

    @Test
    void differentRejectionsAreAllListed() {
        String m = error("experiment: d\nworkload: synthetic\nqueue: [alpha, beta]\nproducers: [2, 3]\nthreads: [1, 9]\n");
        assertEquals("6 of 8 cells are not valid for workload 'synthetic':\n"
                + "  " + file + ":4: producers: queue 'alpha' is single-producer; allowed: 1, got 2 (2 of 8 cells, such as cell 1:"
                + " queue=alpha, producers=2, threads=1)\n"
                + "  " + file + ":4: producers: queue 'alpha' is single-producer; allowed: 1, got 3 (2 of 8 cells, such as cell 3:"
                + " queue=alpha, producers=3, threads=1)\n"
                + "  " + file + ":5: threads: allowed a whole number from 1 to 8; got 9 (2 of 8 cells, such as cell 6:"
                + " queue=beta, producers=2, threads=9)", m);
    }

    @Test
    void overridesAreNamedAsSuch() {
        TestConfigs.write(dir, "exp.yaml", "experiment: d\nworkload: synthetic\nqueue: beta\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ExperimentLoader().load(file, List.of("run.repetitions=x"), false));
        assertEquals("--set run.repetitions=x: run.repetitions: must be a whole number from 1 to 1000000; got 'x'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> new ExperimentLoader().load(file, List.of("opps=3"), false));
        assertTrue(e.getMessage().startsWith("--set opps=3: opps: unknown key; workload 'synthetic' accepts "), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new ExperimentLoader().load(file, List.of("queue=[beta,zeta]"), false));
        assertEquals("--set queue=[beta,zeta]: queue: no queue provider named 'zeta'; available: alpha, beta, gamma", e.getMessage());
    }
}
