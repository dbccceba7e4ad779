package org.vdsolab.experiments.workloads;

/**
 * The running producers and consumers of one repetition, wherever they run. The workload polls
 * {@link #failure()} while it waits for their done flags, and always {@link #close()}s them.
 */
interface StressParties extends AutoCloseable {

    /** A description of the first party that died abnormally, or null if none has. */
    String failure();

    /**
     * Waits for every party to end after all reported done (threads joined, children exited
     * with 0) and collects what they left outside the region (child latency histograms).
     */
    void finish() throws Exception;

    /** Stops whatever still runs (after an abort or a failure); never throws. */
    @Override
    void close();
}
