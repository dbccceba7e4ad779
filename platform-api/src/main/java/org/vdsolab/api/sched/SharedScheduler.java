package org.vdsolab.api.sched;

/**
 * A run-queue scheduler whose whole state lives in the vvar, as seen from one domain. Tasks are
 * named by their index in the shared task table. Operations go through per-thread
 * {@link SchedulerHandle}s (which hold the queue handles and scratch memory, so the hot path
 * allocates nothing); this object gives them out and answers monitoring questions.
 *
 * <p>Thread-safety: thread-safe; the inspection methods read shared words and are exact only when
 * no operation on the same task (or queue) runs concurrently.
 */
public interface SharedScheduler {

    /** No task: returned by {@link SchedulerHandle#pickNext} when every queue it may look at is empty. */
    int NO_TASK = -1;

    /** "No particular CPU": as a spawn/unblock target it means the global queue; as an affinity, "any CPU". */
    int ANY_CPU = -1;

    String providerName();

    SchedulerSpec spec();

    /**
     * A new handle for handle id {@code id} in [0, spec.handles). Call once per thread at set-up;
     * a handle belongs to one thread at a time.
     *
     * @throws IllegalArgumentException if the id is out of range
     */
    SchedulerHandle handle(int id);

    /** The task's current state. */
    TaskState state(int task);

    /** The owner domain given at spawn. */
    int ownerDomain(int task);

    int priority(int task);

    /** Ticks accounted to the task since its spawn. */
    long ticksRun(int task);

    /** How many times the task was picked to run since its spawn. */
    long timesScheduled(int task);

    /** Tasks queued on {@code cpu}'s run queues, or on the global queue for {@link #ANY_CPU}. */
    long queuedTasks(int cpu);

    /** Tasks moved by work stealing so far, over all CPUs. */
    long steals();
}
