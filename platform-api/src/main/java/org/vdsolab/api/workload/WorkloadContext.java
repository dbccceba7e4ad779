package org.vdsolab.api.workload;

import java.util.Map;

/**
 * What a workload is given by the runner for one cell of an experiment: its parameters (the
 * config's keys after sweeping, as strings), the seed, how long to run, and per-thread latency
 * recorders.
 */
public interface WorkloadContext {

    /** The cell's parameters by config key. */
    Map<String, String> params();

    /** A required parameter. @throws IllegalArgumentException naming the missing key */
    default String param(String key) {
        String v = params().get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing parameter '" + key + "'");
        }
        return v;
    }

    long seed();

    /** Measurement length in nanoseconds (0 when {@link #operations()} bounds the run). */
    long durationNanos();

    /** Operation count bound (0 when {@link #durationNanos()} bounds the run). */
    long operations();

    /** A recorder for the calling thread's latency samples. */
    LatencyRecorder latencyRecorder();
}
