package org.vdsolab.experiments.runner;

import org.HdrHistogram.Histogram;
import org.vdsolab.api.process.CleanupRegistry;
import org.vdsolab.api.process.CorePinning;
import org.vdsolab.api.workload.WorkloadResult;
import org.vdsolab.experiments.runner.config.Cell;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.config.RunControl;
import org.vdsolab.experiments.runner.results.ResourceUsage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One repetition of one cell in this JVM: the workload's {@code run} on a thread of its own
 * ({@link RepetitionExecutor}, so {@code run.timeout_s} can give up on it) with fresh per-thread
 * latency recorders, followed by the clean-up of whatever it registered with
 * {@link CleanupRegistry#global()} and left behind (child JVMs, region and temp files). What it
 * cost is read with {@link ResourceUsage} before it starts and after that clean-up, so children it
 * started and reaped count as its cost. The runner calls it for {@code run.fork: false}, and a
 * {@link ForkedRepetition} child for its warm-ups and its measured repetition. Stateless.
 */
final class Repetition {

    /** The counter a repetition of a {@code run.pin} run reports: 1 when its children were pinned, 0 without taskset. */
    static final String PINNED = "pinned";

    private Repetition() { }

    /**
     * What a repetition produced, or why it has none.
     *
     * @param result   the workload's result, null when it failed
     * @param latency  every thread's samples merged, stamped with the repetition's start and end
     * @param usage    its CPU time and context switches, null where not available
     * @param error    null, or what went wrong, starting with which repetition it was
     * @param timedOut whether it exceeded {@code run.timeout_s} (its threads may still run)
     * @param failure  the exception behind {@code error}, when there is one
     */
    record Outcome(WorkloadResult result, Histogram latency, ResourceUsage usage, String error, boolean timedOut,
                   Throwable failure) {

        boolean failed() {
            return error != null;
        }

        private static Outcome failed(String error, boolean timedOut, Throwable failure) {
            return new Outcome(null, null, null, error, timedOut, failure);
        }
    }

    /**
     * @param params the parameters the workload gets: the cell's, or (for {@code load.fraction})
     *               its closed-loop twin or the cell at its resolved rate
     * @param r      the repetition, counting the cell's warm-ups from 0 (it picks the seed)
     * @param which  how messages name it ("warm-up 1", "repetition 3")
     */
    static Outcome run(Experiment experiment, Cell cell, Map<String, String> params, int r, String which) {
        RunControl control = experiment.run();
        RepetitionContext context = new RepetitionContext(params, control.seedOf(r), control.durationNanos());
        CorePinning.restart(); // each repetition places its children from core 0
        long created = CleanupRegistry.global().mark();
        Optional<ResourceUsage> before = ResourceUsage.now();
        long start = System.currentTimeMillis();
        WorkloadResult result;
        try {
            result = RepetitionExecutor.run(() -> experiment.workload().run(context), control.timeoutNanos(),
                    "vdsolab-cell-" + cell.index() + "-rep-" + (r + 1));
            if (result == null) {
                throw new IllegalStateException("workload '" + experiment.workload().name() + "' returned no result");
            }
        } catch (RepetitionTimeoutException e) {
            return Outcome.failed(which + " " + e.getMessage(), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(which + ": the runner was interrupted", false, null);
        } catch (Exception | Error e) {
            return Outcome.failed(which + ": " + ExperimentRunner.describe(e), false, e);
        } finally {
            // whatever the repetition left (a timed-out one: everything it made): children, region and temp files
            CleanupRegistry.global().cleanUpSince(created, RunShutdown.GRACE);
        }
        long end = System.currentTimeMillis();
        // after the clean-up: children it killed count once reaped, as the repetition's cost
        ResourceUsage usage = before.flatMap(b -> ResourceUsage.now().map(a -> a.since(b))).orElse(null);
        if (control.pin()) { // whether the children were pinned, as the repetition's record
            Map<String, Long> counters = new LinkedHashMap<>(result.counters());
            counters.put(PINNED, CorePinning.isOn() ? 1L : 0L);
            result = new WorkloadResult(result.operations(), result.elapsedNanos(), counters, result.notes());
        }
        return new Outcome(result, context.mergedLatency(start, end), usage, null, false, null);
    }
}
