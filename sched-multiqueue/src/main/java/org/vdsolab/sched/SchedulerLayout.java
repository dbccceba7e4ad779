package org.vdsolab.sched;

import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.sched.SchedulerSpec;

/**
 * Where everything of one scheduler lies, as byte offsets from its base (64-byte aligned; the
 * per-CPU blocks are 4 KiB apart from the base, so page-aligned when the base is, as vsched pads its
 * per-CPU records to a page).
 *
 * <pre>
 *  base+0      header (64 B, cold)                         {@link SchedulerHeader}
 *  base+128    free-list head  long  tag|index+1  ─ own 128-byte block
 *  base+256    task table: maxTasks × 64 B                 {@link TaskTable}
 *  P = roundUp4096(...)
 *  P + c·B     CPU c's block (B = a multiple of 4096):
 *                +0    picks  long (CPU c only)   +8 steals long (CPU c only)   ─ 128 B
 *                +128  run queue level 0, level 1, ... (per-CPU mode only), each 128-aligned
 *  G = P + cpus·B  global injection queue, level 0, level 1, ..., each 128-aligned
 * </pre>
 * Queue words start 128-aligned so one queue's hot index never shares an adjacent-line pair with
 * the previous queue's last slots or the CPU control words (the per-CPU control words are written
 * only by their CPU, and sit on their own page so no two CPUs share a line).
 *
 * <p>Immutable, thread-safe.
 */
final class SchedulerLayout {

    static final long BLOCK_ALIGN = 4096;
    static final long LINE_PAIR = 128;
    static final long FREE_HEAD = 128;
    static final long TASKS = 256;
    static final long CPU_PICKS = 0;
    static final long CPU_STEALS = 8;
    static final long CPU_QUEUES = 128;

    final int levels;
    final QueueSpec cpuQueueSpec;
    final QueueSpec globalQueueSpec;
    final long cpuQueueStride;
    final long globalQueueStride;
    final long cpuBlocks;
    final long cpuBlockBytes;
    final long globalBlock;
    final long footprint;

    SchedulerLayout(SchedulerSpec spec, Policy policy, QueueProvider queues) {
        levels = policy.levelled ? spec.priorityLevels() : 1;
        cpuQueueSpec = new QueueSpec(spec.runQueueCapacity(), 8, spec.handles(), spec.handles());
        globalQueueSpec = new QueueSpec(globalCapacity(spec, queues), 8, spec.handles(), spec.handles());
        cpuQueueStride = spec.perCpuQueues() ? roundUp(queues.footprint(cpuQueueSpec), LINE_PAIR) : 0;
        globalQueueStride = roundUp(queues.footprint(globalQueueSpec), LINE_PAIR);
        cpuBlocks = roundUp(TASKS + TaskTable.footprint(spec.maxTasks()), BLOCK_ALIGN);
        cpuBlockBytes = roundUp(CPU_QUEUES + levels * cpuQueueStride, BLOCK_ALIGN);
        globalBlock = cpuBlocks + spec.cpus() * cpuBlockBytes;
        footprint = roundUp(globalBlock + levels * globalQueueStride, QueueProvider.ALIGNMENT);
    }

    /** The global queue holds every task at once if need be, so a push to it never fails. */
    private static int globalCapacity(SchedulerSpec spec, QueueProvider queues) {
        int capacity = Math.max(2, Integer.highestOneBit(Math.max(1, spec.maxTasks() - 1)) << 1);
        while (queues.usableCapacity(new QueueSpec(capacity, 8, spec.handles(), spec.handles())) < spec.maxTasks()) {
            capacity <<= 1;
        }
        return capacity;
    }

    long cpuBlock(int cpu) {
        return cpuBlocks + cpu * cpuBlockBytes;
    }

    long cpuQueue(int cpu, int level) {
        return cpuBlock(cpu) + CPU_QUEUES + level * cpuQueueStride;
    }

    long globalQueue(int level) {
        return globalBlock + level * globalQueueStride;
    }

    static long roundUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
