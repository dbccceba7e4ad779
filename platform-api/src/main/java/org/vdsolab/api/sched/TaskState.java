package org.vdsolab.api.sched;

/**
 * The life cycle of a task record: FREE → (spawn) READY → (pickNext) RUNNING → (yield) READY,
 * (block) BLOCKED → (unblock) READY, or (exit) FREE. Immutable.
 */
public enum TaskState {
    /** The record is on the free list. */
    FREE,
    /** Queued on exactly one run queue. */
    READY,
    /** Picked by a CPU; only that CPU's thread acts on it. */
    RUNNING,
    /** Waiting for an {@link SchedulerHandle#unblock}, e.g. the CQE of its SQE. */
    BLOCKED;

    private static final TaskState[] VALUES = values();

    /** The state for its ordinal. @throws IllegalArgumentException for an unknown code */
    public static TaskState ofCode(int code) {
        if (code < 0 || code >= VALUES.length) throw new IllegalArgumentException("unknown task state code " + code);
        return VALUES[code];
    }
}
