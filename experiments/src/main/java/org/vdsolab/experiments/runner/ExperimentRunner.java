package org.vdsolab.experiments.runner;

import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.process.CleanupRegistry;
import org.vdsolab.api.process.CorePinning;
import org.vdsolab.api.process.ParentWatch;
import org.vdsolab.api.workload.WorkloadResult;
import org.vdsolab.experiments.runner.config.Cell;
import org.vdsolab.experiments.runner.config.ConfigWriter;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.config.LoadFraction;
import org.vdsolab.experiments.runner.config.RunControl;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.EnvironmentInfo;
import org.vdsolab.experiments.runner.results.LatencySummary;
import org.vdsolab.experiments.runner.results.ResourceUsage;
import org.vdsolab.experiments.runner.results.RunRecord;
import org.vdsolab.experiments.runner.results.RunSummary;
import org.vdsolab.experiments.runner.results.SummaryCsv;
import org.vdsolab.experiments.runner.results.SummaryJson;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Runs a validated {@link Experiment}: every cell's {@code run.warmup} discarded repetitions and
 * {@code run.repetitions} measured ones, each a call of the workload's {@code run} on a thread of
 * its own with fresh per-thread latency recorders ({@link Repetition}). Every measured repetition
 * is kept as a {@link RunRecord}, with what it cost in CPU time and context switches
 * ({@link ResourceUsage}, read before it starts and after its clean-up).
 *
 * <p>With {@code run.fork} (the default) each measured repetition runs in a fresh JVM of its own
 * ({@link ForkedRepetition}, after the cell's warm-ups in that JVM), and the (cell, repetition)
 * pairs of the whole run are taken in one shuffled order seeded by {@code run.order_seed}: so one
 * cell's repetitions share no JIT state or heap history, and a burst of outside load or a drift of
 * the machine over the run falls on every cell alike instead of on the cells that happened to run
 * then. Each record's {@code position} is its place in that order. A child that outlives
 * {@code run.timeout_s} for each of its repetitions, plus {@link #FORK_START_ALLOWANCE}, is stopped
 * (SIGTERM, so that it removes its region files, then SIGKILL) and fails its cell; since it took
 * its threads with it, the run goes on. With {@code run.fork: false} every repetition runs in
 * this JVM, cell by cell, its warm-ups first.
 *
 * <p>Writes into the run folder {@code config.yaml} (first), {@code cell-<n>.hlog} as repetitions
 * finish, and {@code summary.json} / {@code summary.csv} after every cell (with {@code run.fork},
 * after every repetition, with every cell that has one), so an interrupted run keeps what it
 * measured. Every file but the .hlog is written with {@link AtomicFiles} (whole or not at all);
 * keeping other runs out of the folder is the caller's {@link RunLock}.
 *
 * <p>A cell that throws is recorded with an {@code error} (and its stack trace in
 * {@code cell-<n>-error.txt}) and the run continues with the next cell. In this JVM, a repetition
 * that exceeds {@code run.timeout_s} fails its cell and stops the run: its threads may still be
 * spinning, which would falsify every later measurement, so the remaining cells are recorded as
 * not run. After each repetition, whatever it registered with {@link CleanupRegistry#global()} and
 * left behind (child JVMs, region files in /dev/shm, temp files) is killed or deleted, a timed-out
 * one's too. The summary files are written through {@link RunShutdown}, so a run interrupted by
 * SIGINT or SIGTERM ends up marked incomplete. Not thread-safe: one run at a time per instance.
 */
public final class ExperimentRunner {

    /** The config as run. */
    public static final String CONFIG_FILE = "config.yaml";
    /** What a forked repetition's JVM may take beyond its repetitions' {@code run.timeout_s}: start-up, loading, writing. */
    public static final Duration FORK_START_ALLOWANCE = Duration.ofSeconds(120);

    private final ProgressListener progress;

    public ExperimentRunner(ProgressListener progress) {
        this.progress = progress;
    }

    /**
     * @param experiment validated experiment
     * @param directory  the run folder (created if missing)
     * @param invocation how the run was started, recorded at the top of config.yaml
     * @throws IOException when the run folder cannot be written
     */
    public RunOutcome run(Experiment experiment, Path directory, String invocation) throws IOException {
        Files.createDirectories(directory);
        AtomicFiles.writeString(directory.resolve(CONFIG_FILE), ConfigWriter.toYaml(experiment.asRun(), List.of(
                "The config of experiment '" + experiment.name() + "' as run, after --quick and --set:",
                invocation)));
        EnvironmentInfo environment = EnvironmentInfo.capture();
        RunShutdown.global().record(directory, summary(experiment, environment, List.of()), experiment.sweptKeys(), false, null);
        progress.started(experiment);
        List<CellSummary> done;
        try {
            if (experiment.run().fork()) {
                done = runForked(experiment, environment, directory); // each forked JVM pins its own children
            } else {
                CorePinning.set(experiment.run().pin());
                done = runInThisJvm(experiment, environment, directory);
            }
        } finally {
            CorePinning.set(false);
            progress.finished();
        }
        return new RunOutcome(directory, summary(experiment, environment, done));
    }

    private List<CellSummary> runInThisJvm(Experiment experiment, EnvironmentInfo environment, Path directory)
            throws IOException {
        List<CellSummary> done = new ArrayList<>();
        String abandon = null;
        int position = 0;
        Saturations saturations = new Saturations((cell, params, m) -> ForkedRepetition.measure(experiment, cell, params, m, 0));
        for (Cell cell : experiment.cells()) {
            if (RunShutdown.global().stopping()) {
                break; // the shutdown hook marks the folder incomplete with the cells done so far
            }
            CellSummary result;
            if (abandon != null) {
                result = new CellSummary(cell.index(), CellResults.params(cell), 0, List.of(), null, Map.of(), abandon);
            } else {
                RunControl control = experiment.run();
                boolean timedOut = false;
                try (CellResults results = new CellResults(cell, directory, experiment.name(), System.currentTimeMillis())) {
                    Saturations.Saturation saturation = null;
                    Map<String, String> params = cell.params();
                    if (LoadFraction.of(cell.params()).isPresent()) {
                        saturation = saturations.of(cell);
                        if (saturation.error() != null) {
                            results.fail(saturation.error());
                        } else {
                            params = Saturations.params(cell, saturation);
                        }
                    }
                    for (int r = 0; r < control.totalRepetitions() && !results.failed(); r++) {
                        boolean warmup = r < control.warmup();
                        int repetition = r - control.warmup() + 1;
                        String which = warmup ? "warm-up " + (r + 1) : "repetition " + repetition;
                        progress.repetitionStarted(cell, r + 1, warmup);
                        Repetition.Outcome outcome = Repetition.run(experiment, cell, params, r, which);
                        if (outcome.failed()) {
                            results.fail(outcome.error());
                            timedOut = outcome.timedOut();
                            if (outcome.failure() != null) {
                                writeStackTrace(directory, cell, which, stackTrace(outcome.failure()));
                            }
                            break;
                        }
                        if (!warmup) {
                            WorkloadResult w = outcome.result();
                            RunRecord run = new RunRecord(repetition, ++position, control.seedOf(r), w.operations(),
                                    w.elapsedNanos(), w.throughputOpsPerSecond(), LatencySummary.of(outcome.latency()),
                                    outcome.usage(), w.counters());
                            results.add(which, saturation == null ? run : Saturations.withLoad(run, cell, saturation),
                                    outcome.latency(), w.notes());
                        }
                    }
                    result = results.summary();
                }
                if (timedOut) {
                    abandon = "not run: cell " + cell.index() + " timed out and its threads may still be running,"
                            + " which would disturb every later measurement";
                }
            }
            done.add(result);
            progress.cellFinished(cell, result);
            write(experiment, environment, done, directory, done.size() == experiment.cells().size());
        }
        return done;
    }

    /** One measured repetition of one cell, the unit a forked run shuffles. */
    private record Unit(Cell cell, int repetition) { }

    private List<CellSummary> runForked(Experiment experiment, EnvironmentInfo environment, Path directory)
            throws IOException {
        RunControl control = experiment.run();
        List<Unit> units = new ArrayList<>();
        for (Cell cell : experiment.cells()) {
            for (int m = 1; m <= control.repetitions(); m++) {
                units.add(new Unit(cell, m));
            }
        }
        Collections.shuffle(units, new Random(control.orderSeed()));
        Map<Integer, CellResults> results = new TreeMap<>();
        Map<Integer, Integer> left = new HashMap<>();
        long start = System.currentTimeMillis();
        try {
            for (Cell cell : experiment.cells()) {
                results.put(cell.index(), new CellResults(cell, directory, experiment.name(), start));
                left.put(cell.index(), control.repetitions());
            }
            List<String> flags = childJvmFlags();
            // load.fraction cells: their saturations first, since every one of their repetitions needs it
            Saturations saturations = new Saturations((cell, params, m) ->
                    runChild(directory, new Unit(cell, m), 0, flags, control, params));
            Map<Integer, Saturations.Saturation> saturation = new HashMap<>();
            for (Cell cell : experiment.cells()) {
                if (LoadFraction.of(cell.params()).isPresent() && !RunShutdown.global().stopping()) {
                    Saturations.Saturation s = saturations.of(cell);
                    saturation.put(cell.index(), s);
                    if (s.error() != null) {
                        results.get(cell.index()).fail(s.error());
                    }
                }
            }
            for (int u = 0; u < units.size(); u++) {
                Unit unit = units.get(u);
                CellResults cell = results.get(unit.cell().index());
                if (RunShutdown.global().stopping()) {
                    break;
                }
                int remaining = left.merge(unit.cell().index(), -1, Integer::sum);
                if (cell.failed()) {
                    continue; // a failed cell's other repetitions are not run
                }
                progress.forkedRepetitionStarted(unit.cell(), unit.repetition(), u + 1, units.size());
                String which = "repetition " + unit.repetition();
                Saturations.Saturation load = saturation.get(unit.cell().index());
                ForkedResult result = runChild(directory, unit, u + 1, flags, control,
                        load == null ? null : Saturations.params(unit.cell(), load));
                if (RunShutdown.global().stopping()) {
                    break; // the child was stopped by the shutdown hook: not a result
                }
                if (result.failed()) {
                    cell.fail(result.error());
                    if (result.stackTrace() != null) {
                        writeStackTrace(directory, unit.cell(), which, result.stackTrace());
                    }
                } else {
                    cell.add(which, load == null ? result.run() : Saturations.withLoad(result.run(), unit.cell(), load),
                            result.latency(), result.notes());
                }
                if (remaining == 0 || cell.failed()) {
                    progress.cellFinished(unit.cell(), cell.summary());
                }
                write(experiment, environment, started(results), directory, false);
            }
            if (!RunShutdown.global().stopping()) {
                write(experiment, environment, started(results), directory, true);
            }
            return started(results);
        } finally {
            for (CellResults r : results.values()) {
                r.close();
            }
        }
    }

    private static List<CellSummary> started(Map<Integer, CellResults> results) {
        List<CellSummary> cells = new ArrayList<>();
        for (CellResults r : results.values()) {
            if (r.started()) {
                cells.add(r.summary());
            }
        }
        return cells;
    }

    /**
     * Runs one unit in a child JVM and returns what it reported, or a failure that says why it has
     * nothing.
     *
     * @param params the parameters the workload gets instead of the cell's, or null for the cell's
     */
    private static ForkedResult runChild(Path directory, Unit unit, int position, List<String> flags, RunControl control,
                                         Map<String, String> params) throws IOException {
        String which = "repetition " + unit.repetition();
        long mark = CleanupRegistry.global().mark();
        Path resultFile = Files.createTempFile("vdsolab-repetition-", ".json");
        CleanupRegistry.global().register(resultFile);
        try {
            List<String> args = new ArrayList<>(List.of(directory.resolve(CONFIG_FILE).toAbsolutePath().toString(),
                    Integer.toString(unit.cell().index()), Integer.toString(unit.repetition()), Integer.toString(position),
                    resultFile.toString()));
            if (params != null) {
                params.forEach((k, v) -> args.add(k + "=" + v));
            }
            ChildJvm child = ChildJvm.builder(ForkedRepetition.class.getName())
                    .name("cell " + unit.cell().index() + " " + (position == 0 ? "saturation " : "") + which)
                    .jvmFlags(flags.toArray(String[]::new))
                    .args(args)
                    .start();
            long timeout = control.timeoutNanos();
            Duration limit = timeout == 0 ? null
                    : Duration.ofNanos(timeout).multipliedBy(control.warmup() + 1L).plus(FORK_START_ALLOWANCE);
            boolean exited;
            try {
                exited = limit == null ? child.waitFor(Duration.ofDays(365)) : child.waitFor(limit);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ForkedResult.failed(which + ": the runner was interrupted", null);
            }
            if (!exited) {
                String tail = child.stderrTail(ChildJvm.TAIL_LINES);
                return ForkedResult.failed(which + " did not finish within " + limit.toSeconds() + " s (run.timeout_s for"
                        + " each of its " + (control.warmup() + 1) + " repetition(s), plus " + FORK_START_ALLOWANCE.toSeconds()
                        + " s to start its JVM); its JVM (pid " + child.pid() + ") was stopped. Last stderr lines:\n" + tail, null);
            }
            int code = child.awaitExit(Duration.ZERO);
            if (code != 0 || Files.size(resultFile) == 0) {
                return ForkedResult.failed(which + ": its JVM (pid " + child.pid() + ") " + ChildJvm.describeExit(code)
                        + (code == 0 ? " without a result" : "") + ". Last stderr lines:\n"
                        + child.stderrTail(ChildJvm.TAIL_LINES), null);
            }
            return ForkedResult.read(resultFile);
        } finally {
            // the child (SIGTERM first: its hook removes the region files it made), its output and the result file
            CleanupRegistry.global().cleanUpSince(mark, RunShutdown.SHUTDOWN_GRACE);
        }
    }

    /**
     * The flags this JVM was started with, for a forked repetition's JVM, so that it runs as the
     * runner would have; without the parent-pid property, which {@link ChildJvm} sets to this JVM,
     * and without a debugger agent, whose port would be taken.
     */
    private static List<String> childJvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String f : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!f.startsWith("-D" + ParentWatch.PARENT_PID_PROPERTY + "=") && !f.startsWith("-agentlib:jdwp")) {
                flags.add(f);
            }
        }
        return flags;
    }

    private static RunSummary summary(Experiment experiment, EnvironmentInfo environment, List<CellSummary> cells) {
        return new RunSummary(experiment.name(), environment, ConfigWriter.toJson(experiment.asRun()), cells);
    }

    /** Writes the summary files through {@link RunShutdown}, which skips them once the JVM is stopping. */
    private static void write(Experiment experiment, EnvironmentInfo environment, List<CellSummary> cells,
                              Path directory, boolean finished) throws IOException {
        RunSummary summary = summary(experiment, environment, cells);
        RunShutdown.global().record(directory, summary, experiment.sweptKeys(), finished, () -> {
            SummaryJson.write(summary, directory.resolve(SummaryJson.FILE));
            SummaryCsv.write(summary, experiment.sweptKeys(), directory.resolve(SummaryCsv.FILE));
        });
    }

    /** The exception's type and message, then its causes': what a user needs, without the stack. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            if (depth > 0) {
                sb.append("; caused by ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
        }
        return sb.toString();
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            e.printStackTrace(w);
        }
        return text.toString();
    }

    private static void writeStackTrace(Path directory, Cell cell, String which, String trace) throws IOException {
        AtomicFiles.writeString(directory.resolve("cell-" + cell.index() + "-error.txt"),
                "cell " + cell.index() + " (" + cell.label() + "), " + which + ":\n" + trace);
    }
}
