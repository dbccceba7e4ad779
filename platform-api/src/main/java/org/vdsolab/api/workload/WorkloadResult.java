package org.vdsolab.api.workload;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one workload run: operations done, the time they took, named counters
 * (e.g. {@code records}, {@code lost}, {@code duplicated}, {@code torn}) and notes: events worth a
 * sentence that did not fail the run (e.g. "producer 1 was killed by signal 9 before it was
 * ready"). Immutable.
 */
public record WorkloadResult(long operations, long elapsedNanos, Map<String, Long> counters, List<String> notes) {
    public WorkloadResult {
        counters = Map.copyOf(counters);
        notes = List.copyOf(notes);
    }

    /** A result without notes. */
    public WorkloadResult(long operations, long elapsedNanos, Map<String, Long> counters) {
        this(operations, elapsedNanos, counters, List.of());
    }

    public double throughputOpsPerSecond() {
        return elapsedNanos == 0 ? 0 : operations * 1e9 / elapsedNanos;
    }
}
