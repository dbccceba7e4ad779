package org.vdsolab.api.workload;

/**
 * Receives latency samples from a workload; the runner backs it with an HdrHistogram. Each thread
 * gets its own recorder, so implementations need not be thread-safe.
 */
@FunctionalInterface
public interface LatencyRecorder {
    void record(long nanos);
}
