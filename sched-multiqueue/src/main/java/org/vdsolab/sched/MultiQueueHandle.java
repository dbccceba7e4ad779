package org.vdsolab.sched;

import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SharedScheduler;
import org.vdsolab.api.sched.TaskState;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One thread's handle: a producer and a consumer handle on every run queue, and private scratch
 * for one task index and for a stolen run, all made once here so that no operation allocates.
 *
 * <p>Pick order on CPU c (per-CPU mode), for each level from the most urgent: c's queue, then the
 * global queue (every 61st pick of c: the global queue first, as Go and Tokio do, so it cannot
 * starve); then, with stealing, half of the first non-empty victim queue (victims c+1, c+2, ...).
 * Global mode pops only the global queues and ignores CPU affinity.
 *
 * <p>Not thread-safe: one thread at a time.
 */
final class MultiQueueHandle implements SchedulerHandle {

    /** Go's and Tokio's global-queue interval: a prime, so it does not beat with other periodic work. */
    static final int GLOBAL_CHECK_INTERVAL = 61;

    private final MultiQueueScheduler s;
    private final TaskTable table;
    private final int id;
    private final int levels;
    private final int cpus;
    private final boolean perCpu;
    private final boolean stealing;
    private final Policy policy;
    private final int slice;
    private final QueueProducer[] cpuProducers;
    private final QueueConsumer[] cpuConsumers;
    private final QueueProducer[] globalProducers;
    private final QueueConsumer[] globalConsumers;
    private final MemorySegment one = MemorySegment.ofArray(new long[1]);
    private final MemorySegment run;
    private final int runCapacity;
    private long lastWait;

    MultiQueueHandle(MultiQueueScheduler scheduler, int id) {
        this.s = scheduler;
        this.table = scheduler.table;
        this.id = id;
        this.levels = scheduler.layout.levels;
        this.cpus = scheduler.spec.cpus();
        this.perCpu = scheduler.spec.perCpuQueues();
        this.stealing = scheduler.spec.stealing();
        this.policy = scheduler.policy;
        this.slice = scheduler.spec.timeSliceTicks();
        cpuProducers = new QueueProducer[scheduler.cpuQueues.length];
        cpuConsumers = new QueueConsumer[scheduler.cpuQueues.length];
        for (int i = 0; i < cpuProducers.length; i++) {
            cpuProducers[i] = scheduler.cpuQueues[i].producer(id);
            cpuConsumers[i] = scheduler.cpuQueues[i].consumer(id);
        }
        globalProducers = new QueueProducer[levels];
        globalConsumers = new QueueConsumer[levels];
        for (int level = 0; level < levels; level++) {
            globalProducers[level] = scheduler.globalQueues[level].producer(id);
            globalConsumers[level] = scheduler.globalQueues[level].consumer(id);
        }
        runCapacity = Math.max(1, scheduler.spec.runQueueCapacity() / 2);
        run = MemorySegment.ofArray(new long[runCapacity]);
    }

    @Override public int id() {
        return id;
    }

    @Override public int spawn(int ownerDomain, int priority, int cpuAffinity, int cpu) {
        s.checkPriority(priority);
        s.checkCpuOrAny(cpuAffinity, "cpuAffinity");
        s.checkCpuOrAny(cpu, "cpu");
        int task = s.freeList.pop();
        if (task < 0) {
            return SharedScheduler.NO_TASK;
        }
        long ctl = table.ctl(task);
        table.initialise(task, ownerDomain, cpuAffinity, priority);
        table.setReadySince(task, System.nanoTime());
        // The record is ours (just popped from the free list); the CAS also checks that it was FREE.
        long ready = (((ctl >>> 32) + 1) << 32) | TaskTable.READY;
        if (TaskTable.stateOf(ctl) != TaskTable.FREE || !table.casCtl(task, ctl, ready)) {
            throw new IllegalStateException("task " + task + " came off the free list in state " + describe(ctl));
        }
        enqueue(task, cpu, false);
        return task;
    }

    @Override public int pickNext(int cpu) {
        s.checkCpu(cpu, "cpu");
        int task = perCpu ? pickPerCpu(cpu) : popLevels(globalConsumers);
        if (task < 0) {
            return SharedScheduler.NO_TASK;
        }
        while (true) {
            long ctl = table.ctl(task);
            // Every task sits in at most one queue, and only the CPU that popped it moves it out of
            // READY, so any other state means that invariant broke.
            if (TaskTable.stateOf(ctl) != TaskTable.READY) {
                throw new IllegalStateException("task " + task + " was popped from a run queue in state " + describe(ctl)
                        + " (queued twice?)");
            }
            // The CAS fails only when an unblock set the pending bit since the read: retry, keeping it.
            if (table.casCtl(task, ctl, TaskTable.withState(ctl, TaskTable.RUNNING))) {
                break;
            }
        }
        lastWait = System.nanoTime() - table.readySince(task);
        table.markScheduled(task, cpu);
        return task;
    }

    @Override public long lastWaitNanos() {
        return lastWait;
    }

    private int pickPerCpu(int cpu) {
        // getAndAdd although only CPU c should pick for c: a second thread acting as c stays correct.
        boolean globalFirst = (s.memory.getAndAddLong(s.picksOffset(cpu), 1) + 1) % GLOBAL_CHECK_INTERVAL == 0;
        for (int level = 0; level < levels; level++) {
            int task;
            if (globalFirst) {
                task = popGlobal(level, cpu);
                if (task < 0) task = pop(cpuConsumers[cpu * levels + level]);
            } else {
                task = pop(cpuConsumers[cpu * levels + level]);
                if (task < 0) task = popGlobal(level, cpu);
            }
            if (task >= 0) {
                return task;
            }
        }
        return stealing ? steal(cpu) : -1;
    }

    /** A task from the global queue at {@code level}; one pinned to another CPU is passed on to that CPU. */
    private int popGlobal(int level, int cpu) {
        int task = pop(globalConsumers[level]);
        if (task >= 0) {
            int affinity = table.affinity(task);
            if (affinity >= 0 && affinity != cpu) {
                push(task, affinity, level, false);
                return -1;
            }
        }
        return task;
    }

    private int popLevels(QueueConsumer[] consumers) {
        for (QueueConsumer consumer : consumers) {
            int task = pop(consumer);
            if (task >= 0) return task;
        }
        return -1;
    }

    private int pop(QueueConsumer consumer) {
        return consumer.popFront(one, 0) ? (int) one.get(ValueLayout.JAVA_LONG, 0) : -1;
    }

    /**
     * Takes half (rounded up) of the first non-empty victim queue, oldest first: runs the first
     * task it may run, appends the rest to its own queue at the same level (tasks pinned to the
     * victim go back to the victim's queue).
     */
    private int steal(int cpu) {
        for (int k = 1; k < cpus; k++) {
            int victim = (cpu + k) % cpus;
            for (int level = 0; level < levels; level++) {
                int q = victim * levels + level;
                long size = s.cpuQueues[q].size();
                if (size <= 0) continue;
                int want = (int) Math.min((size + 1) / 2, runCapacity);
                int got = takeRun(cpuConsumers[q], want);
                if (got == 0) continue;
                int chosen = -1;
                long moved = 0;
                for (int i = 0; i < got; i++) {
                    int task = (int) run.getAtIndex(ValueLayout.JAVA_LONG, i);
                    int affinity = table.affinity(task);
                    if (affinity >= 0 && affinity != cpu) {
                        push(task, affinity, level, false);
                        continue;
                    }
                    moved++;
                    if (chosen < 0) {
                        chosen = task;
                    } else {
                        push(task, cpu, level, false);
                    }
                }
                // getAndAdd: the thief's own counter, but a second thread acting as this CPU must not lose counts.
                s.memory.getAndAddLong(s.stealsOffset(cpu), moved);
                if (chosen >= 0) {
                    return chosen;
                }
            }
        }
        return -1;
    }

    private int takeRun(QueueConsumer consumer, int want) {
        if (s.batchPop) {
            return consumer.popMultiple(run, 0, want);
        }
        int got = 0;
        while (got < want && consumer.popFront(run, (long) got * Long.BYTES)) {
            got++;
        }
        return got;
    }

    @Override public void yield(int task, int cpu) {
        table.check(task);
        s.checkCpu(cpu, "cpu");
        boolean front = false;
        if (policy.sliced) {
            if (table.sliceUsed(task) < slice) {
                front = true;
            } else {
                table.resetSlice(task);
            }
        }
        table.setReadySince(task, System.nanoTime());
        while (true) {
            long ctl = table.ctl(task);
            requireRunning(task, ctl, "yield");
            // A pending wake-up stays: the task's next block() must not wait for a completion that came.
            if (table.casCtl(task, ctl, TaskTable.withState(ctl, TaskTable.READY))) break;
        }
        enqueue(task, cpu, front);
    }

    @Override public boolean block(int task) {
        table.check(task);
        while (true) {
            long ctl = table.ctl(task);
            requireRunning(task, ctl, "block");
            if ((ctl & TaskTable.PENDING) != 0) {
                // A wake-up arrived while it ran: consume it and keep running.
                if (table.casCtl(task, ctl, ctl & ~TaskTable.PENDING)) return false;
            } else if (table.casCtl(task, ctl, TaskTable.withState(ctl, TaskTable.BLOCKED))) {
                return true;
            }
        }
    }

    @Override public boolean unblock(int task, int cpu) {
        table.check(task);
        s.checkCpuOrAny(cpu, "cpu");
        while (true) {
            long ctl = table.ctl(task);
            int state = TaskTable.stateOf(ctl);
            if (state == TaskTable.BLOCKED) {
                if (table.casCtl(task, ctl, TaskTable.withState(ctl, TaskTable.READY))) {
                    // The CAS made this thread the record's owner until the push publishes it.
                    table.resetSlice(task);
                    table.setReadySince(task, System.nanoTime());
                    enqueue(task, cpu, false);
                    return true;
                }
            } else if ((state == TaskTable.RUNNING || state == TaskTable.READY) && (ctl & TaskTable.PENDING) == 0) {
                // Not blocked yet (the completion beat the block): remember it for the next block().
                if (table.casCtl(task, ctl, ctl | TaskTable.PENDING)) return true;
            } else {
                return false;
            }
        }
    }

    @Override public boolean tick(int task, int cpu) {
        table.check(task);
        s.checkCpu(cpu, "cpu");
        requireRunning(task, table.ctl(task), "tick");
        int used = table.addTick(task);
        return policy.sliced && used >= slice;
    }

    @Override public void setPriority(int task, int priority) {
        table.setPriority(table.check(task), s.checkPriority(priority));
    }

    @Override public void exit(int task) {
        table.check(task);
        while (true) {
            long ctl = table.ctl(task);
            requireRunning(task, ctl, "exit");
            if (table.casCtl(task, ctl, TaskTable.withState(ctl & ~TaskTable.PENDING, TaskTable.FREE))) break;
        }
        s.freeList.push(task);
    }

    private void enqueue(int task, int cpu, boolean front) {
        int affinity = table.affinity(task);
        int level = policy.levelled ? table.priority(task) : 0;
        push(task, affinity >= 0 && perCpu ? affinity : cpu, level, front);
    }

    /** Pushes on {@code cpu}'s queue at {@code level}; the global one if ANY_CPU, global mode, or that queue is full. */
    private void push(int task, int cpu, int level, boolean front) {
        one.set(ValueLayout.JAVA_LONG, 0, task);
        if (perCpu && cpu >= 0) {
            QueueProducer p = cpuProducers[cpu * levels + level];
            if (front ? p.pushFront(one, 0) : p.pushBack(one, 0)) return;
        }
        QueueProducer g = globalProducers[level];
        if (!(front ? g.pushFront(one, 0) : g.pushBack(one, 0))) {
            throw new IllegalStateException("the global run queue (level " + level + ") refused task " + task
                    + ": it holds every task, so a task must be queued twice");
        }
    }

    private static void requireRunning(int task, long ctl, String operation) {
        if (TaskTable.stateOf(ctl) != TaskTable.RUNNING) {
            throw new IllegalStateException(operation + ": task " + task + " is " + describe(ctl) + ", not RUNNING");
        }
    }

    private static String describe(long ctl) {
        int state = TaskTable.stateOf(ctl);
        return state < TaskState.values().length ? TaskState.ofCode(state).name() : "code " + state;
    }
}
