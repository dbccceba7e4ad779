package org.vdsolab.experiments.vdso.sched;

import org.vdsolab.api.sched.TaskState;

/**
 * The exported API of the vDSO library {@code scheduler}: the multi-queue shared scheduler
 * ({@code sched-multiqueue}) living in the library's vvar, so that the kernel domain and every
 * user domain spawn, pick and finish tasks on the same run queues. Tasks are named by their index
 * in the shared task table. The kernel domain calls {@link #startKernel()} once; other domains
 * attach on their first call (waiting up to 10 s for the kernel).
 *
 * <p>Thread-safety: every method may be called from any thread of any domain; each calling thread
 * gets its own scheduler handle on first use (handle ids come from a shared counter and are not
 * reused, so at most {@link #handles()} threads may ever call, over all domains). A task picked by
 * {@link #pickNext} is finished with {@link #exit} by the same thread.
 */
public interface TaskScheduler {

    /** "Any CPU": as a spawn target it means the global injection queue. */
    int ANY_CPU = -1;

    /** No task: what {@link #pickNext} returns when every queue it may look at is empty. */
    int NO_TASK = -1;

    /** Kernel domain only: creates the scheduler in the vvar and marks it ready. Idempotent in a domain. */
    void startKernel();

    /** CPU ids the scheduler has run queues for: [0, cpus()). */
    int cpus();

    /** Calling threads the scheduler has handles for, over every domain and the whole run. */
    int handles();

    /**
     * A new READY task owned by {@code ownerDomain}, queued on {@code cpu}'s run queue (or the
     * global queue for {@link #ANY_CPU}).
     *
     * @return the task id, or {@link #NO_TASK} if the task table is full
     */
    int spawn(int ownerDomain, int cpu);

    /** The next task for {@code cpu} (now RUNNING on it; work stealing included), or {@link #NO_TASK}. */
    int pickNext(int cpu);

    /** The running task finishes; its record is freed (and its id may be handed out again). */
    void exit(int task);

    /** The owner domain given at the task's spawn. */
    int ownerDomain(int task);

    TaskState state(int task);

    /** Tasks queued on {@code cpu}'s run queues, or on the global queue for {@link #ANY_CPU}. */
    long queuedTasks(int cpu);

    /** Tasks moved by work stealing so far. */
    long steals();
}
