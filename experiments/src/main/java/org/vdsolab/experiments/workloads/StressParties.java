package org.vdsolab.experiments.workloads;

/**
 * The running producers and consumers of one repetition, wherever they run. The workload polls
 * {@link #failure()} while it waits for their done flags (which also finds parties killed from
 * outside), and always {@link #close()}s them. Driven by one thread.
 */
interface StressParties extends AutoCloseable {

    /**
     * A description of the first party that died abnormally, or null if none has. A child JVM
     * killed by a signal is not abnormal: it is recorded in {@link #deaths()} instead.
     */
    String failure();

    /** The parties killed from outside so far, in the order found; always empty for threads. */
    default java.util.List<PartyDeath> deaths() {
        return java.util.List.of();
    }

    /** Queue slots the recovery sweep took back from dead parties (0 when none died). */
    default long recoveredSlots() {
        return 0;
    }

    /**
     * Waits for every party to end after all reported done (threads joined, children exited
     * with 0) and collects what they left outside the region (child latency histograms).
     */
    void finish() throws Exception;

    /** Stops whatever still runs (after an abort or a failure); never throws. */
    @Override
    void close();
}
