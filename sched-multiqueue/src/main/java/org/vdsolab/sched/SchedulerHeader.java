package org.vdsolab.sched;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueHeader;
import org.vdsolab.api.sched.SchedulerSpec;

/**
 * The scheduler's 64-byte header at its base: magic (written last, release) then the spec's shape,
 * so an attaching domain learns which field differs.
 *
 * <pre>
 *   0 magic long ("VQ"+hash of "sched:multiqueue", QueueHeader's hash)   8 cpus int   12 maxTasks int
 *  16 runQueueCapacity int   20 policy int (ordinal)   24 flags int (1 perCpu, 2 stealing)
 *  28 timeSliceTicks int     32 priorityLevels int     36 handles int
 *  40 queue provider magic long   48 footprint long
 * </pre>
 * Stateless; thread-safe.
 */
final class SchedulerHeader {

    private static final long MAGIC = QueueHeader.magic("sched:multiqueue");
    private static final String[] FIELDS = {"cpus", "maxTasks", "runQueueCapacity", "policy", "flags (perCpuQueues/stealing)",
            "timeSliceTicks", "priorityLevels", "handles"};

    private SchedulerHeader() { }

    private static int[] values(SchedulerSpec spec) {
        return new int[] {spec.cpus(), spec.maxTasks(), spec.runQueueCapacity(), Policy.of(spec.policy()).ordinal(),
                (spec.perCpuQueues() ? 1 : 0) | (spec.stealing() ? 2 : 0), spec.timeSliceTicks(), spec.priorityLevels(),
                spec.handles()};
    }

    static void write(WordMemory memory, long base, SchedulerSpec spec, long footprint) {
        int[] v = values(spec);
        for (int i = 0; i < v.length; i++) {
            memory.setInt(base + 8 + 4L * i, v[i]);
        }
        memory.setLong(base + 40, QueueHeader.magic(spec.queueProvider()));
        memory.setLong(base + 48, footprint);
        // Release: an attacher that sees the magic (acquire) sees every field above.
        memory.setLongRelease(base, MAGIC);
    }

    /** @throws IllegalStateException naming the first field that differs, with both values */
    static void verify(WordMemory memory, long base, SchedulerSpec spec, long footprint) {
        long magic = memory.getLongAcquire(base);
        if (magic == 0) {
            throw new IllegalStateException("no scheduler at offset " + base + ": its header is zero (not created yet?)");
        }
        if (magic != MAGIC) {
            throw new IllegalStateException(String.format("the area at offset %d is not a multiqueue scheduler (magic %016x, expected %016x)",
                    base, magic, MAGIC));
        }
        int[] v = values(spec);
        for (int i = 0; i < v.length; i++) {
            int found = memory.getInt(base + 8 + 4L * i);
            if (found != v[i]) {
                throw new IllegalStateException("the scheduler at offset " + base + " was created with " + FIELDS[i] + " " + found
                        + ", this domain expects " + v[i]);
            }
        }
        if (memory.getLong(base + 40) != QueueHeader.magic(spec.queueProvider())) {
            throw new IllegalStateException("the scheduler at offset " + base + " was created on another queueProvider than '"
                    + spec.queueProvider() + "'");
        }
        if (memory.getLong(base + 48) != footprint) {
            throw new IllegalStateException("the scheduler at offset " + base + " was created with footprint "
                    + memory.getLong(base + 48) + ", this domain expects " + footprint);
        }
    }
}
