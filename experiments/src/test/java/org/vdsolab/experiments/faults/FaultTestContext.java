package org.vdsolab.experiments.faults;

import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A {@link WorkloadContext} for the fault workload tests: given params, seed 42, latency samples only counted. */
final class FaultTestContext implements WorkloadContext {

    private final Map<String, String> params;
    private final LongAdder samples = new LongAdder();

    private FaultTestContext(Map<String, String> params) {
        this.params = Map.copyOf(params);
    }

    /** Params from alternating keys and values. */
    static FaultTestContext of(String... keyValues) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return new FaultTestContext(p);
    }

    @Override public Map<String, String> params() { return params; }
    @Override public long seed() { return 42; }
    @Override public long durationNanos() { return 0; }
    @Override public long operations() { return 0; }
    @Override public LatencyRecorder latencyRecorder() { return nanos -> samples.increment(); }

    long samples() { return samples.sum(); }
}
