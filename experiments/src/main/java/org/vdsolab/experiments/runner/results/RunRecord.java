package org.vdsolab.experiments.runner.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured repetition of a cell, as {@code summary.json}'s {@code runs} keeps it: what the
 * workload reported, this repetition's latency percentiles and what the repetition cost in CPU
 * time. Immutable.
 *
 * @param repetition             1-based measured repetition (warm-ups are not recorded)
 * @param position               1-based place of this repetition in the order the run measured
 *                               all its cells' repetitions (with {@code run.fork} a shuffled
 *                               order), so drift over a run can be told from a difference between
 *                               cells; 0 when not recorded (summaries written before it was)
 * @param seed                   the seed the workload got
 * @param operations             operations the workload completed
 * @param elapsedNanos           the workload's measured interval
 * @param throughputOpsPerSecond operations per second over that interval
 * @param latency                this repetition's percentiles, or null without samples
 * @param usage                  CPU time and context switches of the whole repetition (setup
 *                               included; the runner JVM and every child process it started and
 *                               reaped), or null where {@link ResourceUsage} is not available
 * @param counters               the workload's counters, as reported
 */
public record RunRecord(int repetition, int position, long seed, long operations, long elapsedNanos, double throughputOpsPerSecond,
                        LatencySummary latency, ResourceUsage usage, Map<String, Long> counters) {

    public RunRecord {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** CPU nanoseconds per operation, or NaN without usage or operations. */
    public double cpuNanosPerOperation() {
        return usage == null || operations <= 0 ? Double.NaN : usage.cpuNanos() / (double) operations;
    }
}
