package org.vdsolab.api.sched;

/**
 * A run-queue scheduler whose whole state lives in the vvar, callable from the kernel domain and
 * from any user domain. Tasks are named by their index in the shared task table.
 *
 * <p>Thread-safety: every operation may be called concurrently from any thread of any domain
 * attached to the same region; {@code cpu} arguments name the calling CPU (a thread with a CPU id).
 */
public interface SharedScheduler {

    /** No task: returned by {@link #pickNext} when every queue it may look at is empty. */
    int NO_TASK = -1;

    /** Creates a ready task; returns its id, or {@link #NO_TASK} if the task table is full. */
    int spawn(int ownerDomain, int priority, int cpuAffinity);

    /** The next task for {@code cpu} to run (now RUNNING), or {@link #NO_TASK}. */
    int pickNext(int cpu);

    /** The running task gives up the CPU and becomes ready again. */
    void yield(int task, int cpu);

    /** The running task blocks (e.g. on an SQE). */
    void block(int task);

    /** A blocked task becomes ready on {@code cpu}'s queue. */
    void unblock(int task, int cpu);

    /** Accounts one tick to the running task; true if its slice is used up and it should yield. */
    boolean tick(int task, int cpu);

    void setPriority(int task, int priority);

    /** The task finishes; its record is freed. */
    void exit(int task);
}
