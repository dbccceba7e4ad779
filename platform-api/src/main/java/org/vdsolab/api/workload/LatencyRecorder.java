package org.vdsolab.api.workload;

/**
 * Receives latency samples from a workload; the runner backs it with an HdrHistogram. Each thread
 * gets its own recorder, so implementations need not be thread-safe.
 */
@FunctionalInterface
public interface LatencyRecorder {

    /** Records one sample of {@code nanos} nanoseconds. */
    void record(long nanos);

    /**
     * Records {@code count} samples of the same value: how a histogram received from a child
     * process is merged in. Implementations backed by a histogram should override it.
     */
    default void record(long nanos, long count) {
        for (long i = 0; i < count; i++) {
            record(nanos);
        }
    }
}
