package org.vdsolab.experiments.workloads;

/**
 * A queue-stress party (a child JVM) that a signal ended without the workload asking: killed from
 * outside. Recorded by the parent the moment it finds the child gone, with the party's control
 * flags as they were then. Immutable.
 *
 * @param producer true for a producer, false for a consumer
 * @param id       the party's producer or consumer id
 * @param exitCode the child's exit code (128 + the signal)
 * @param ready    whether the party had said ready
 * @param done     whether it had reported done (its counts in the region are then complete)
 */
record PartyDeath(boolean producer, int id, int exitCode, boolean ready, boolean done) {

    /** "producer 1" or "consumer 0". */
    String party() {
        return (producer ? "producer " : "consumer ") + id;
    }
}
