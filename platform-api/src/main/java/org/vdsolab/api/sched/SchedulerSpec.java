package org.vdsolab.api.sched;

/**
 * The shape of a shared scheduler: how many CPUs, how many task records, and the policy knobs that
 * are fixed at creation.
 *
 * @param cpus        CPU ids [0, cpus)
 * @param maxTasks    task table size
 * @param runQueueCapacity slots per run queue (power of two)
 * @param policy      policy name, e.g. {@code fifo}, {@code rr}, {@code priority}
 * @param perCpuQueues one run queue per CPU (true) or one global queue (false)
 * @param stealing    idle CPUs steal half of a victim's queue
 * @param timeSliceTicks RR time slice
 */
public record SchedulerSpec(int cpus, int maxTasks, int runQueueCapacity, String policy, boolean perCpuQueues,
                            boolean stealing, int timeSliceTicks) {
    public SchedulerSpec {
        if (cpus < 1) throw new IllegalArgumentException("scheduler cpus must be at least 1, got " + cpus);
        if (maxTasks < 1) throw new IllegalArgumentException("scheduler maxTasks must be at least 1, got " + maxTasks);
        if (runQueueCapacity < 2 || Integer.bitCount(runQueueCapacity) != 1) {
            throw new IllegalArgumentException("scheduler runQueueCapacity must be a power of two of at least 2, got " + runQueueCapacity);
        }
        if (timeSliceTicks < 1) throw new IllegalArgumentException("scheduler timeSliceTicks must be at least 1, got " + timeSliceTicks);
    }
}
