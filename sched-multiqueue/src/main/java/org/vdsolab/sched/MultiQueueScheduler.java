package org.vdsolab.sched;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.SharedScheduler;
import org.vdsolab.api.sched.TaskState;

/**
 * One domain's view of a multiqueue scheduler in shared memory: the task table, the free list and
 * the run queues ({@link SharedQueue}s of 8-byte records holding task indices, from the spec's
 * queue provider). Immutable after construction and thread-safe; operations go through
 * {@link MultiQueueHandle}s, one per thread.
 */
final class MultiQueueScheduler implements SharedScheduler {

    final WordMemory memory;
    final long base;
    final SchedulerSpec spec;
    final Policy policy;
    final SchedulerLayout layout;
    final TaskTable table;
    final TaskFreeList freeList;
    /** Per-CPU queues indexed {@code cpu * levels + level}; empty in global mode. */
    final SharedQueue[] cpuQueues;
    final SharedQueue[] globalQueues;
    /** Whether the queues pop a run with one index move; computed once (never a Set lookup on a hot path). */
    final boolean batchPop;

    MultiQueueScheduler(WordMemory memory, long base, SchedulerSpec spec, QueueProvider queues, boolean create) {
        this.memory = memory;
        this.base = base;
        this.spec = spec;
        this.policy = Policy.of(spec.policy());
        this.layout = new SchedulerLayout(spec, policy, queues);
        this.table = new TaskTable(memory, base + SchedulerLayout.TASKS, spec.maxTasks());
        this.freeList = new TaskFreeList(memory, base + SchedulerLayout.FREE_HEAD, table);
        this.batchPop = queues.capabilities().contains(QueueCapability.BATCH);
        int levels = layout.levels;
        memory.checkAligned(base, layout.footprint, QueueProvider.ALIGNMENT);
        if (create) {
            // Zero first: every task record is then FREE with generation 0, every counter 0.
            memory.zero(base, layout.footprint);
            freeList.initialise();
        } else {
            SchedulerHeader.verify(memory, base, spec, layout.footprint);
        }
        cpuQueues = new SharedQueue[spec.perCpuQueues() ? spec.cpus() * levels : 0];
        for (int cpu = 0; cpu < spec.cpus() && spec.perCpuQueues(); cpu++) {
            for (int level = 0; level < levels; level++) {
                long at = base + layout.cpuQueue(cpu, level);
                cpuQueues[cpu * levels + level] = create ? queues.create(memory, at, layout.cpuQueueSpec)
                        : queues.attach(memory, at, layout.cpuQueueSpec);
            }
        }
        globalQueues = new SharedQueue[levels];
        for (int level = 0; level < levels; level++) {
            long at = base + layout.globalQueue(level);
            globalQueues[level] = create ? queues.create(memory, at, layout.globalQueueSpec)
                    : queues.attach(memory, at, layout.globalQueueSpec);
        }
        if (create) {
            SchedulerHeader.write(memory, base, spec, layout.footprint);
        }
    }

    @Override public String providerName() {
        return MultiQueueSchedulerProvider.NAME;
    }

    @Override public SchedulerSpec spec() {
        return spec;
    }

    @Override public SchedulerHandle handle(int id) {
        return new MultiQueueHandle(this, QueueSupport.checkId("scheduler handle", id, spec.handles()));
    }

    @Override public TaskState state(int task) {
        return TaskState.ofCode(TaskTable.stateOf(table.ctl(table.check(task))));
    }

    @Override public int ownerDomain(int task) {
        return table.ownerDomain(table.check(task));
    }

    @Override public int priority(int task) {
        return table.priority(table.check(task));
    }

    @Override public long ticksRun(int task) {
        return table.ticksRun(table.check(task));
    }

    @Override public long timesScheduled(int task) {
        return table.timesScheduled(table.check(task));
    }

    @Override public long queuedTasks(int cpu) {
        long sum = 0;
        if (cpu == ANY_CPU) {
            for (SharedQueue q : globalQueues) sum += q.size();
            return sum;
        }
        checkCpu(cpu, "cpu");
        for (int level = 0; level < layout.levels && spec.perCpuQueues(); level++) {
            sum += cpuQueues[cpu * layout.levels + level].size();
        }
        return sum;
    }

    @Override public long steals() {
        long sum = 0;
        for (int cpu = 0; cpu < spec.cpus(); cpu++) {
            sum += memory.getLongAcquire(stealsOffset(cpu));
        }
        return sum;
    }

    long picksOffset(int cpu) {
        return base + layout.cpuBlock(cpu) + SchedulerLayout.CPU_PICKS;
    }

    long stealsOffset(int cpu) {
        return base + layout.cpuBlock(cpu) + SchedulerLayout.CPU_STEALS;
    }

    /** @throws IllegalArgumentException naming the argument, its value and the CPU range */
    int checkCpu(int cpu, String what) {
        if (cpu < 0 || cpu >= spec.cpus()) {
            throw new IllegalArgumentException(what + " " + cpu + " outside [0, " + spec.cpus() + ")");
        }
        return cpu;
    }

    int checkCpuOrAny(int cpu, String what) {
        return cpu == ANY_CPU ? cpu : checkCpu(cpu, what);
    }

    int checkPriority(int priority) {
        if (priority < 0 || priority >= spec.priorityLevels()) {
            throw new IllegalArgumentException("priority " + priority + " outside [0, " + spec.priorityLevels() + ")");
        }
        return priority;
    }
}
