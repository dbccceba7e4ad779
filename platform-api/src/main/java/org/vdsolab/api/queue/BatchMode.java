package org.vdsolab.api.queue;

/** How a batch push treats a queue with less room than the batch (DPDK's bulk and burst). */
public enum BatchMode {
    /** Push every record or none (DPDK bulk). */
    ALL_OR_NOTHING,
    /** Push as many leading records as fit (DPDK burst). */
    AS_MANY_AS_FIT
}
