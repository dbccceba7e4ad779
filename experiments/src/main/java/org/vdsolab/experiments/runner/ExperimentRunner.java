package org.vdsolab.experiments.runner;

import org.HdrHistogram.Histogram;
import org.vdsolab.api.process.CleanupRegistry;
import org.vdsolab.api.workload.WorkloadResult;
import org.vdsolab.experiments.runner.config.Cell;
import org.vdsolab.experiments.runner.config.ConfigWriter;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.config.RunControl;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.EnvironmentInfo;
import org.vdsolab.experiments.runner.results.IntervalLog;
import org.vdsolab.experiments.runner.results.LatencySummary;
import org.vdsolab.experiments.runner.results.ResourceUsage;
import org.vdsolab.experiments.runner.results.RunRecord;
import org.vdsolab.experiments.runner.results.RunSummary;
import org.vdsolab.experiments.runner.results.SummaryCsv;
import org.vdsolab.experiments.runner.results.SummaryJson;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a validated {@link Experiment}: for each cell in order, {@code run.warmup} discarded
 * repetitions, then {@code run.repetitions} measured ones, each a call of the workload's
 * {@code run} on a thread of its own with fresh per-thread latency recorders. Every measured
 * repetition is kept as a {@link RunRecord}, with what it cost in CPU time and context switches
 * ({@link ResourceUsage}, read before it starts and after its clean-up). Writes into the run
 * folder {@code config.yaml} (first), {@code cell-<n>.hlog} as repetitions finish, and
 * {@code summary.json} / {@code summary.csv} after every cell, so an interrupted run keeps the
 * cells it finished. Every file but the .hlog is written with {@link AtomicFiles} (whole or not
 * at all); keeping other runs out of the folder is the caller's {@link RunLock}.
 *
 * <p>A cell that throws is recorded with an {@code error} (and its stack trace in
 * {@code cell-<n>-error.txt}) and the run continues with the next cell. A repetition that
 * exceeds {@code run.timeout_s} fails its cell and stops the run: its threads may still be
 * spinning, which would falsify every later measurement, so the remaining cells are recorded as
 * not run. After each repetition, whatever it registered with {@link CleanupRegistry#global()} and
 * left behind (child JVMs, region files in /dev/shm, temp files) is killed or deleted, a timed-out
 * one's too. The summary files are written through {@link RunShutdown}, so a run interrupted by
 * SIGINT or SIGTERM ends up marked incomplete. Not thread-safe: one run at a time per instance.
 */
public final class ExperimentRunner {

    /** The config as run. */
    public static final String CONFIG_FILE = "config.yaml";

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
        List<CellSummary> done = new ArrayList<>();
        RunShutdown.global().record(directory, summary(experiment, environment, done), experiment.sweptKeys(), false, null);
        progress.started(experiment);
        String abandon = null;
        try {
            for (Cell cell : experiment.cells()) {
                if (RunShutdown.global().stopping()) {
                    break; // the shutdown hook marks the folder incomplete with the cells done so far
                }
                CellSummary result;
                if (abandon != null) {
                    result = new CellSummary(cell.index(), typed(cell), 0, List.of(), null, Map.of(), abandon);
                } else {
                    CellRun run = runCell(experiment, cell, directory);
                    result = run.summary;
                    if (run.timedOut) {
                        abandon = "not run: cell " + cell.index() + " timed out and its threads may still be running,"
                                + " which would disturb every later measurement";
                    }
                }
                done.add(result);
                progress.cellFinished(cell, result);
                write(experiment, environment, done, directory, done.size() == experiment.cells().size());
            }
        } finally {
            progress.finished();
        }
        RunSummary summary = new RunSummary(experiment.name(), environment, ConfigWriter.toJson(experiment.asRun()), done);
        return new RunOutcome(directory, summary);
    }

    private record CellRun(CellSummary summary, boolean timedOut) { }

    private CellRun runCell(Experiment experiment, Cell cell, Path directory) throws IOException {
        RunControl control = experiment.run();
        CounterAverages counters = new CounterAverages();
        List<Double> throughput = new ArrayList<>();
        List<RunRecord> runs = new ArrayList<>();
        Histogram cellLatency = HistogramLatencyRecorder.newHistogram();
        List<String> notes = new ArrayList<>();
        String error = null;
        boolean timedOut = false;
        try (IntervalLog log = IntervalLog.create(directory.resolve(IntervalLog.fileName(cell.index())),
                System.currentTimeMillis(), "vdsolab " + experiment.name() + " cell " + cell.index() + ": "
                        + cell.label() + "; latency in ns; one interval per measured repetition")) {
            for (int r = 0; r < control.totalRepetitions(); r++) {
                boolean warmup = r < control.warmup();
                String which = warmup ? "warm-up " + (r + 1) : "repetition " + (r - control.warmup() + 1);
                progress.repetitionStarted(cell, r + 1, warmup);
                RepetitionContext context = new RepetitionContext(cell.params(), control.seed() + r, control.durationNanos());
                long start = System.currentTimeMillis();
                WorkloadResult result;
                long created = CleanupRegistry.global().mark();
                Optional<ResourceUsage> usageBefore = ResourceUsage.now();
                try {
                    result = RepetitionExecutor.run(() -> experiment.workload().run(context), control.timeoutNanos(),
                            "vdsolab-cell-" + cell.index() + "-rep-" + (r + 1));
                    if (result == null) {
                        throw new IllegalStateException("workload '" + experiment.workload().name() + "' returned no result");
                    }
                } catch (RepetitionTimeoutException e) {
                    error = which + " " + e.getMessage();
                    timedOut = true;
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    error = which + ": the runner was interrupted";
                    break;
                } catch (Exception | Error e) {
                    error = which + ": " + describe(e);
                    writeStackTrace(directory.resolve("cell-" + cell.index() + "-error.txt"), cell, which, e);
                    break;
                } finally {
                    // whatever the repetition left (a timed-out one: everything it made): children, region and temp files
                    CleanupRegistry.global().cleanUpSince(created, RunShutdown.GRACE);
                }
                long end = System.currentTimeMillis();
                // after the clean-up: children it killed count once reaped, as the repetition's cost
                ResourceUsage usage = usageBefore.flatMap(b -> ResourceUsage.now().map(a -> a.since(b))).orElse(null);
                if (!warmup) {
                    Histogram latency = context.mergedLatency(start, end);
                    runs.add(new RunRecord(r - control.warmup() + 1, context.seed(), result.operations(),
                            result.elapsedNanos(), result.throughputOpsPerSecond(), LatencySummary.of(latency), usage,
                            result.counters()));
                    log.append(latency);
                    cellLatency.add(latency);
                    throughput.add(result.throughputOpsPerSecond());
                    counters.add(result.counters());
                    for (String note : result.notes()) {
                        notes.add(which + ": " + note);
                    }
                }
            }
        }
        CellSummary summary = new CellSummary(cell.index(), typed(cell), throughput.size(), throughput,
                LatencySummary.of(cellLatency), counters.result(), error, notes, runs);
        return new CellRun(summary, timedOut);
    }

    private static Map<String, Object> typed(Cell cell) {
        Map<String, Object> params = new LinkedHashMap<>();
        cell.swept().forEach((k, v) -> params.put(k, v.typedValue()));
        return params;
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

    private static void writeStackTrace(Path file, Cell cell, String which, Throwable e) throws IOException {
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            w.println("cell " + cell.index() + " (" + cell.label() + "), " + which + ":");
            e.printStackTrace(w);
        }
        AtomicFiles.writeString(file, text.toString());
    }
}
