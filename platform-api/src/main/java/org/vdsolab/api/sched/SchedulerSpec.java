package org.vdsolab.api.sched;

import java.util.Locale;
import java.util.Objects;

/**
 * The shape of a shared scheduler, fixed at creation and checked again by every domain that
 * attaches: how many CPUs and task records, the run queues, and the policy knobs.
 *
 * @param cpus             CPU ids [0, cpus)
 * @param maxTasks         task table size (tasks alive at once)
 * @param runQueueCapacity slots per per-CPU run queue (power of two); a full per-CPU queue overflows
 *                         into the global queue, which is sized to hold every task
 * @param policy           {@code fifo}, {@code rr} (round robin with a time slice) or {@code priority}
 *                         (one queue per level, round robin within a level)
 * @param perCpuQueues     one run queue per CPU plus a global injection queue (true) or only one
 *                         global queue (false)
 * @param stealing         an idle CPU steals half of a victim's queue (per-CPU queues only)
 * @param timeSliceTicks   RR / priority time slice in ticks
 * @param priorityLevels   priorities [0, priorityLevels), 0 the most urgent; only {@code priority}
 *                         gives each level its own queues, the other policies ignore the value
 * @param queueProvider    the {@link org.vdsolab.api.queue.QueueProvider} name the run queues are
 *                         built on, e.g. {@code vsched}; {@code rr} and {@code priority} need a
 *                         double-ended one
 * @param handles          how many {@link SchedulerHandle} ids [0, handles) may act at once
 */
public record SchedulerSpec(int cpus, int maxTasks, int runQueueCapacity, String policy, boolean perCpuQueues,
                            boolean stealing, int timeSliceTicks, int priorityLevels, String queueProvider,
                            int handles) {

    /** The policies a spec may name. */
    public static final java.util.List<String> POLICIES = java.util.List.of("fifo", "rr", "priority");

    /** Default run-queue provider: the corrected vsched deque. */
    public static final String DEFAULT_QUEUE_PROVIDER = "vsched";

    public SchedulerSpec {
        if (cpus < 1 || cpus > 1024) throw new IllegalArgumentException("scheduler cpus must be in [1, 1024], got " + cpus);
        if (maxTasks < 1 || maxTasks > (1 << 24)) {
            throw new IllegalArgumentException("scheduler maxTasks must be in [1, 2^24], got " + maxTasks);
        }
        if (runQueueCapacity < 2 || runQueueCapacity > (1 << 24) || Integer.bitCount(runQueueCapacity) != 1) {
            throw new IllegalArgumentException("scheduler runQueueCapacity must be a power of two in [2, 2^24], got " + runQueueCapacity);
        }
        Objects.requireNonNull(policy, "policy");
        policy = policy.toLowerCase(Locale.ROOT);
        if (!POLICIES.contains(policy)) {
            throw new IllegalArgumentException("scheduler policy must be one of " + POLICIES + ", got '" + policy + "'");
        }
        if (timeSliceTicks < 1) throw new IllegalArgumentException("scheduler timeSliceTicks must be at least 1, got " + timeSliceTicks);
        if (priorityLevels < 1 || priorityLevels > 64) {
            throw new IllegalArgumentException("scheduler priorityLevels must be in [1, 64], got " + priorityLevels);
        }
        Objects.requireNonNull(queueProvider, "queueProvider");
        if (handles < 1 || handles > 4096) throw new IllegalArgumentException("scheduler handles must be in [1, 4096], got " + handles);
        if (stealing && !perCpuQueues) {
            throw new IllegalArgumentException("scheduler stealing needs perCpuQueues (there is nothing to steal from one global queue)");
        }
    }

    /**
     * A spec with the usual defaults: 256-slot per-CPU queues (as Go and Tokio), a 5-tick slice
     * (vsched's RR), 4 priority levels, the {@code vsched} deque and 64 handles.
     */
    public static SchedulerSpec of(int cpus, int maxTasks, String policy, boolean perCpuQueues, boolean stealing) {
        return new SchedulerSpec(cpus, maxTasks, 256, policy, perCpuQueues, stealing, 5, 4, DEFAULT_QUEUE_PROVIDER, 64);
    }

    /** This spec with another run-queue capacity. */
    public SchedulerSpec withRunQueueCapacity(int capacity) {
        return new SchedulerSpec(cpus, maxTasks, capacity, policy, perCpuQueues, stealing, timeSliceTicks, priorityLevels,
                queueProvider, handles);
    }

    /** This spec with another time slice. */
    public SchedulerSpec withTimeSliceTicks(int ticks) {
        return new SchedulerSpec(cpus, maxTasks, runQueueCapacity, policy, perCpuQueues, stealing, ticks, priorityLevels,
                queueProvider, handles);
    }

    /** This spec on another run-queue provider. */
    public SchedulerSpec withQueueProvider(String provider) {
        return new SchedulerSpec(cpus, maxTasks, runQueueCapacity, policy, perCpuQueues, stealing, timeSliceTicks,
                priorityLevels, provider, handles);
    }
}
