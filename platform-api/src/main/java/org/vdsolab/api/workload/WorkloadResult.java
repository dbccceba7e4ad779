package org.vdsolab.api.workload;

import java.util.Map;

/**
 * The outcome of one workload run: operations done, the time they took, and named counters
 * (e.g. {@code records}, {@code lost}, {@code duplicated}, {@code torn}).
 */
public record WorkloadResult(long operations, long elapsedNanos, Map<String, Long> counters) {
    public WorkloadResult {
        counters = Map.copyOf(counters);
    }

    public double throughputOpsPerSecond() {
        return elapsedNanos == 0 ? 0 : operations * 1e9 / elapsedNanos;
    }
}
