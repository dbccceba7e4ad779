package org.vdsolab.api.workload;

import org.vdsolab.api.spi.Provider;

/**
 * A workload the experiment runner can drive (a queue stress, io_uring round trips, a scheduler
 * mix). Stateless factory, thread-safe; each {@link #run} call is one measured repetition.
 */
public interface WorkloadProvider extends Provider {

    /**
     * Every parameter key this workload reads, with a one-line description that states the
     * allowed values and the default. The runner rejects a config key that neither it nor the
     * workload declares.
     */
    java.util.Map<String, String> parameters();

    /**
     * Checks the parameters before anything runs.
     *
     * @throws IllegalArgumentException naming the key, its value and what is allowed
     */
    void validate(java.util.Map<String, String> params);

    /**
     * Whether {@link #run} ends a repetition at {@link WorkloadContext#durationNanos()} (the
     * config's {@code run.duration_s}). A workload bounded only by its own count keeps the default,
     * false, and the runner rejects a config that sets a duration for it instead of ignoring it.
     */
    default boolean honoursDuration() {
        return false;
    }

    /** Runs one repetition and returns its operations, elapsed time and counters. */
    WorkloadResult run(WorkloadContext context) throws Exception;
}
