package org.vdsolab.api.sched;

/**
 * One thread's handle on a {@link SharedScheduler}: the scheduler operations, callable from the
 * kernel domain and from any user domain. {@code cpu} arguments name a CPU in [0, spec.cpus) (the
 * caller's CPU for pickNext/yield/tick; a target queue for spawn/unblock, where
 * {@link SharedScheduler#ANY_CPU} means the global queue).
 *
 * <p>Not thread-safe: one thread at a time (it holds queue handles and scratch). Operations on a
 * RUNNING task (yield, block, tick, exit) must come from the CPU that picked it.
 */
public interface SchedulerHandle {

    int id();

    /**
     * Creates a READY task and queues it on {@code cpu}'s run queue (the global queue for
     * {@link SharedScheduler#ANY_CPU}, or the pinned CPU's if {@code cpuAffinity} names one).
     *
     * @param priority    in [0, spec.priorityLevels), 0 the most urgent
     * @param cpuAffinity the only CPU the task may run on, or {@link SharedScheduler#ANY_CPU}
     * @return the task id, or {@link SharedScheduler#NO_TASK} if the task table is full
     */
    int spawn(int ownerDomain, int priority, int cpuAffinity, int cpu);

    /** The next task for {@code cpu} to run (now RUNNING on it), or {@link SharedScheduler#NO_TASK}. */
    int pickNext(int cpu);

    /** Nanoseconds the task returned by the last successful {@link #pickNext} waited READY. */
    long lastWaitNanos();

    /**
     * The running task gives up {@code cpu} and becomes READY again: at the front of its queue if
     * the policy has a slice and some of it is left (vsched's RR), else at the back.
     */
    void yield(int task, int cpu);

    /**
     * The running task blocks. Returns false, and the task keeps running, if an {@link #unblock}
     * arrived while it was running (a wake-up is never lost).
     */
    boolean block(int task);

    /**
     * Makes a BLOCKED task READY on {@code cpu}'s queue (or the global one for ANY_CPU); on a
     * RUNNING or READY task (the completion beat the block) it records a pending wake-up that the
     * task's next {@link #block} consumes; yield and pickNext keep it. This is the
     * io_uring completion hook: the task id travels in the SQE's user_data, the CQE's handler calls
     * this. Callable from any domain.
     *
     * @return true if the task was woken or a wake-up was recorded, false if a wake-up was already
     *         pending or the task is FREE
     */
    boolean unblock(int task, int cpu);

    /** Accounts one tick to the running task; true if its slice is used up and it should yield. */
    boolean tick(int task, int cpu);

    /** Sets the priority used the next time the task is queued. */
    void setPriority(int task, int priority);

    /** The running task finishes; its record goes back to the free list. */
    void exit(int task);
}
