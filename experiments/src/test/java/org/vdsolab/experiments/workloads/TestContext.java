package org.vdsolab.experiments.workloads;

import org.HdrHistogram.Histogram;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A {@link WorkloadContext} for tests: given params, one histogram per calling thread, merged on demand. */
final class TestContext implements WorkloadContext {

    private final Map<String, String> params;
    private final long seed;
    private final long durationNanos;
    private final Queue<Histogram> histograms = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<LatencyRecorder> recorders = ThreadLocal.withInitial(() -> {
        Histogram h = new Histogram(3);
        histograms.add(h);
        return new LatencyRecorder() {
            @Override public void record(long nanos) { h.recordValue(nanos); }
            @Override public void record(long nanos, long count) { h.recordValueWithCount(nanos, count); }
        };
    });

    TestContext(Map<String, String> params, long seed) {
        this(params, seed, 0);
    }

    TestContext(Map<String, String> params, long seed, long durationNanos) {
        this.params = Map.copyOf(params);
        this.seed = seed;
        this.durationNanos = durationNanos;
    }

    /** The same params, with a deadline of {@code nanos} after the start (run.duration_s). */
    TestContext withDuration(long nanos) {
        return new TestContext(params, seed, nanos);
    }

    /** Params from alternating keys and values. */
    static TestContext of(String... keyValues) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return new TestContext(p, 42);
    }

    @Override public Map<String, String> params() { return params; }
    @Override public long seed() { return seed; }
    @Override public long durationNanos() { return durationNanos; }
    @Override public long operations() { return 0; }
    @Override public LatencyRecorder latencyRecorder() { return recorders.get(); }

    Histogram merged() {
        Histogram m = new Histogram(3);
        for (Histogram h : histograms) {
            m.add(h);
        }
        return m;
    }
}
