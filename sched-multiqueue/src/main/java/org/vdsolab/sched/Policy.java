package org.vdsolab.sched;

/** The scheduling policies, parsed once from {@link org.vdsolab.api.sched.SchedulerSpec#policy()}. Immutable. */
enum Policy {
    /** Run to completion or yield; always back of the queue; no slice. */
    FIFO(false, false),
    /** Round robin: a task yielding with slice left goes to the front (vsched's RR), else to the back. */
    RR(true, false),
    /** One queue per priority level per CPU, the most urgent level first, round robin within a level. */
    PRIORITY(true, true);

    final boolean sliced;
    final boolean levelled;

    Policy(boolean sliced, boolean levelled) {
        this.sliced = sliced;
        this.levelled = levelled;
    }

    static Policy of(String name) {
        return switch (name) {
            case "fifo" -> FIFO;
            case "rr" -> RR;
            case "priority" -> PRIORITY;
            default -> throw new IllegalArgumentException("scheduler policy must be fifo, rr or priority, got '" + name + "'");
        };
    }
}
