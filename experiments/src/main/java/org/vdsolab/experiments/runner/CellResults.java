package org.vdsolab.experiments.runner;

import org.HdrHistogram.Histogram;
import org.vdsolab.experiments.runner.config.Cell;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.IntervalLog;
import org.vdsolab.experiments.runner.results.LatencySummary;
import org.vdsolab.experiments.runner.results.RunRecord;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cell's measured repetitions have produced so far: their {@link RunRecord}s, counters,
 * latency (merged, and one interval per repetition appended to the cell's {@code .hlog} as it
 * arrives), notes, and the cell's error once one repetition failed. Repetitions may arrive in any
 * order; the summary lists them by repetition number. Not thread-safe: the runner's thread only.
 */
final class CellResults implements Closeable {

    private final Cell cell;
    private final IntervalLog log;
    private final List<RunRecord> runs = new ArrayList<>();
    private final List<Histogram> latencies = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String error;

    /** Creates the cell's interval log in {@code directory}, its intervals relative to {@code startMillis}. */
    CellResults(Cell cell, Path directory, String experiment, long startMillis) throws IOException {
        this.cell = cell;
        this.log = IntervalLog.create(directory.resolve(IntervalLog.fileName(cell.index())), startMillis,
                "vdsolab " + experiment + " cell " + cell.index() + ": " + cell.label()
                        + "; latency in ns; one interval per measured repetition");
    }

    /** Adds one measured repetition; {@code notes} are prefixed with {@code which}. */
    void add(String which, RunRecord run, Histogram latency, List<String> repetitionNotes) throws IOException {
        log.append(latency);
        runs.add(run);
        latencies.add(latency);
        for (String note : repetitionNotes) {
            notes.add(which + ": " + note);
        }
    }

    /** Records the cell's failure; the first one is kept. */
    void fail(String why) {
        if (error == null) {
            error = why;
        }
    }

    boolean failed() {
        return error != null;
    }

    /** Whether anything has been recorded: a repetition or a failure. */
    boolean started() {
        return error != null || !runs.isEmpty();
    }

    /** The cell as summary.json records it, with the repetitions so far in repetition order. */
    CellSummary summary() {
        List<RunRecord> ordered = new ArrayList<>(runs);
        ordered.sort(Comparator.comparingInt(RunRecord::repetition));
        CounterAverages counters = new CounterAverages();
        List<Double> throughput = new ArrayList<>();
        for (RunRecord run : ordered) {
            counters.add(run.counters());
            throughput.add(run.throughputOpsPerSecond());
        }
        Histogram merged = HistogramLatencyRecorder.newHistogram();
        latencies.forEach(merged::add);
        return new CellSummary(cell.index(), params(cell), ordered.size(), throughput, LatencySummary.of(merged),
                counters.result(), error, notes, ordered);
    }

    /** The cell's swept parameters with their typed values, as summary.json records them. */
    static Map<String, Object> params(Cell cell) {
        Map<String, Object> params = new LinkedHashMap<>();
        cell.swept().forEach((k, v) -> params.put(k, v.typedValue()));
        return params;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
