package org.vdsolab.api.uring;

import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SharedScheduler;

/**
 * Connects io_uring completions to the scheduler: a user domain runs one on its reaping thread;
 * {@link #reap} takes the domain's CQEs through its {@link CompletionRouter} and, for each CQE
 * whose {@code user_data} names a task, calls {@link SchedulerHandle#unblock(int, int)}; every
 * other CQE goes to a caller-supplied {@link Sink}.
 *
 * <h2>user_data encoding</h2>
 * <pre>
 *   bit 63      TASK_TAG: set = the CQE wakes a task
 *   bits 32..62 cookie (31 bits, caller-defined: a request number, an op kind, ...)
 *   bits 0..31  task id (the scheduler's task index, non-negative)
 * </pre>
 * Built with {@link #encode}, read with {@link #isTask}, {@link #taskOf}, {@link #cookieOf}. A
 * domain that uses a waker keeps bit 63 clear in every other {@code user_data} it submits (any
 * non-negative long is free for its own use). The kernel never touches {@code user_data}
 * ({@link CqeFlags}), so the id travels unchanged.
 *
 * <h2>Contract</h2>
 * A task submits <em>one</em> task-tagged SQE while RUNNING, then calls
 * {@link SchedulerHandle#block}. If {@code block} returns false the completion has already been
 * reaped and the task goes on running; otherwise the task is READY again once this waker reaps the
 * CQE. The scheduler keeps one pending wake-up per task, so two tagged CQEs reaped before one
 * block collapse into one wake-up (the second {@code unblock} returns false and is counted in
 * {@link #unblocksRefused}); chains of linked SQEs tag only their last entry. A tagged CQE is
 * first given to the optional {@code taskResults} sink (so the task can find its {@code res}),
 * then the task is unblocked.
 *
 * <h2>Ordering</h2>
 * The block/unblock race needs nothing here: both are CASes on the task's one control word, so
 * they are totally ordered. Unblock first (the CQE beat the block): the task is RUNNING, the CAS
 * sets its pending wake-up and the later {@code block} consumes it and returns false. Block first:
 * the CAS moves BLOCKED to READY and queues the task. Either way the wake-up is neither lost nor
 * doubled. Whatever the {@code taskResults} sink stores before the unblock CAS is visible to the
 * task once its CPU's CAS (pickNext, or the failing block) has read that word.
 *
 * <p>Allocation-free after construction. Not thread-safe: one reaping thread, which owns the
 * router and the scheduler handle given here (a SchedulerHandle is single-threaded; unblock itself
 * may come from any domain).
 */
public final class CompletionWaker {

    /** Bit 63 of user_data: the CQE wakes the task in the low 32 bits. */
    public static final long TASK_TAG = 1L << 63;

    /** Largest cookie {@link #encode} accepts (31 bits). */
    public static final int MAX_COOKIE = Integer.MAX_VALUE;

    /** Where the waker hands a CQE: {@code userData}, {@code res}, {@code flags} as reaped. */
    @FunctionalInterface
    public interface Sink {
        void accept(long userData, int res, int flags);
    }

    private final CompletionRouter router;
    private final SchedulerHandle scheduler;
    private final int wakeCpu;
    private final Sink others;
    private final Sink taskResults;
    private final Cqe scratch = new Cqe();
    private long woken;
    private long refused;
    private long forwarded;

    /**
     * @param router      the domain's completion router ({@link UringUser#router()})
     * @param scheduler   a scheduler handle owned by the reaping thread
     * @param wakeCpu     the run queue woken tasks go to: a CPU, or {@link SharedScheduler#ANY_CPU}
     *                    for the global queue
     * @param others      receives every CQE without {@link #TASK_TAG}
     * @param taskResults receives every tagged CQE just before its task is unblocked; may be null
     */
    public CompletionWaker(CompletionRouter router, SchedulerHandle scheduler, int wakeCpu, Sink others, Sink taskResults) {
        if (router == null || scheduler == null || others == null) {
            throw new IllegalArgumentException("CompletionWaker needs a router, a scheduler handle and a sink for untagged CQEs"
                    + " (got router=" + router + ", scheduler=" + scheduler + ", others=" + others + ")");
        }
        if (wakeCpu < 0 && wakeCpu != SharedScheduler.ANY_CPU) {
            throw new IllegalArgumentException("CompletionWaker wakeCpu must be a CPU >= 0 or SharedScheduler.ANY_CPU, got " + wakeCpu);
        }
        this.router = router;
        this.scheduler = scheduler;
        this.wakeCpu = wakeCpu;
        this.others = others;
        this.taskResults = taskResults;
    }

    /** The user_data of an SQE that wakes {@code task} when it completes; {@code cookie} in [0, {@link #MAX_COOKIE}]. */
    public static long encode(int task, int cookie) {
        if (task < 0) {
            throw new IllegalArgumentException("user_data task id must be >= 0 (a scheduler task index), got " + task);
        }
        if (cookie < 0) {
            throw new IllegalArgumentException("user_data cookie must be in [0, " + MAX_COOKIE + "], got " + cookie);
        }
        return TASK_TAG | ((long) cookie << 32) | task;
    }

    /** True if {@code userData} carries {@link #TASK_TAG}. */
    public static boolean isTask(long userData) {
        return userData < 0; // the tag is the sign bit
    }

    /** The task id in a tagged {@code userData}. */
    public static int taskOf(long userData) {
        return (int) userData;
    }

    /** The cookie in a tagged {@code userData}. */
    public static int cookieOf(long userData) {
        return (int) (userData >>> 32) & MAX_COOKIE;
    }

    /**
     * Reaps up to {@code max} of this domain's completions that are available now, waking tagged
     * tasks and forwarding the rest.
     *
     * @return the number of CQEs handled (0 if none was available)
     */
    public int reap(int max) {
        int n = 0;
        while (n < max && router.poll(scratch)) {
            n++;
            long userData = scratch.userData;
            if (!isTask(userData)) {
                forwarded++;
                others.accept(userData, scratch.res, scratch.flags);
                continue;
            }
            if (taskResults != null) {
                taskResults.accept(userData, scratch.res, scratch.flags);
            }
            if (scheduler.unblock(taskOf(userData), wakeCpu)) {
                woken++;
            } else {
                refused++;
            }
        }
        return n;
    }

    /** Tagged CQEs whose unblock woke the task or recorded its wake-up. */
    public long woken() { return woken; }

    /** Tagged CQEs whose unblock was refused (a wake-up already pending, or the task FREE): a contract breach upstream. */
    public long unblocksRefused() { return refused; }

    /** Untagged CQEs given to the {@code others} sink. */
    public long forwarded() { return forwarded; }
}
