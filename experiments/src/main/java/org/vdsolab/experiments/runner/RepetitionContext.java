package org.vdsolab.experiments.runner;

import org.HdrHistogram.Histogram;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The {@link WorkloadContext} of one repetition of one cell: the cell's parameters, the
 * repetition's seed and duration, and one {@link HistogramLatencyRecorder} per calling thread.
 * {@link #operations()} is always 0: the run is bounded by {@code run.duration_s} or, when that
 * is 0 too, by the workload's own count parameter (such as {@code records}).
 *
 * <p>{@link #latencyRecorder()} may be called from any thread; each thread gets its own recorder.
 * {@link #mergedLatency()} must be called after the workload's {@code run} returned, which by the
 * workload contract is after its threads finished.
 */
public final class RepetitionContext implements WorkloadContext {

    private final Map<String, String> params;
    private final long seed;
    private final long durationNanos;
    private final Queue<HistogramLatencyRecorder> recorders = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<HistogramLatencyRecorder> perThread = ThreadLocal.withInitial(() -> {
        HistogramLatencyRecorder r = new HistogramLatencyRecorder();
        recorders.add(r);
        return r;
    });

    public RepetitionContext(Map<String, String> params, long seed, long durationNanos) {
        this.params = Map.copyOf(params);
        this.seed = seed;
        this.durationNanos = durationNanos;
    }

    @Override
    public Map<String, String> params() {
        return params;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public long durationNanos() {
        return durationNanos;
    }

    @Override
    public long operations() {
        return 0;
    }

    @Override
    public LatencyRecorder latencyRecorder() {
        return perThread.get();
    }

    /**
     * Every thread's samples added into one new histogram, time-stamped with the repetition's
     * start and end (epoch ms) for the interval log.
     */
    public Histogram mergedLatency(long startMillis, long endMillis) {
        Histogram merged = HistogramLatencyRecorder.newHistogram();
        for (HistogramLatencyRecorder r : recorders) {
            merged.add(r.histogram());
        }
        merged.setStartTimeStamp(startMillis);
        merged.setEndTimeStamp(endMillis);
        return merged;
    }
}
