package org.vdsolab.sched;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.idle.YieldingIdleStrategy;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.queue.testkit.selftest.LockedDequeProvider;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.SharedScheduler;
import org.vdsolab.api.sched.TaskState;
import org.vdsolab.api.uring.CompletionWaker;
import org.vdsolab.api.uring.KernelPoller;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringLayout;
import org.vdsolab.api.uring.UringOp;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.api.uring.UringUser;

import org.vdsolab.api.testing.StallGuard;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.api.sched.SharedScheduler.ANY_CPU;
import static org.vdsolab.api.sched.SharedScheduler.NO_TASK;

/**
 * The io_uring wake-up path end to end: a multiqueue scheduler (2 CPU threads, fifo, stealing) and
 * a UringKernel with a delaying device. Every task submits one READ tagged with its id
 * ({@link CompletionWaker#encode}) and blocks; a reaper thread runs one {@link CompletionWaker} per
 * uring domain (one domain per CPU thread, the SQ's producer id). Three kinds of task pin down both
 * sides of the block/unblock race without relying on timing:
 * <ul>
 *   <li>EARLY: the task yields until its completion has been reaped and unblocked, then blocks:
 *       the pending wake-up (kept across yield and pickNext) must make block return false;</li>
 *   <li>LATE: the reaper's unblock waits until the task is BLOCKED: the wake-up must queue it;</li>
 *   <li>RACE: no forcing; the device's delay (0..75 µs) lets either side win.</li>
 * </ul>
 * Asserted: every task unblocked exactly once, run after its completion only, exited exactly once;
 * EARLY never really blocks, LATE always does; nothing refused, nothing lost, table empty at the end.
 */
class UringWakeupTest {

    private static final int CPUS = 2;
    private static final int TASKS = 1500;
    private static final int EARLY = 0, LATE = 1, RACE = 2;
    private static final int IO_BYTES = 8;

    /** A device whose service time depends on the request offset: 0, 25, 50 or 75 µs. Thread-safe (stateless). */
    private static final class DelayingDevice implements DeviceModel {
        @Override public String describe() { return "delaying test device"; }
        @Override public long capacityBytes() { return (long) TASKS * IO_BYTES; }
        @Override public void submit(long nowNanos, SqeView sqe, MemorySegment buffers, IoResult out) {
            long delay = (sqe.off() / IO_BYTES % 4) * 25_000;
            out.set(nowNanos + delay, sqe.len());
        }
    }

    /** The reaper's scheduler handle: records each unblock after it returns; holds LATE unblocks until the task is BLOCKED. */
    private static final class ObservedHandle implements SchedulerHandle {
        final SchedulerHandle h;
        final SharedScheduler s;
        final AtomicIntegerArray unblocks;
        final List<String> errors;

        ObservedHandle(SchedulerHandle h, SharedScheduler s, AtomicIntegerArray unblocks, List<String> errors) {
            this.h = h; this.s = s; this.unblocks = unblocks; this.errors = errors;
        }

        @Override public boolean unblock(int task, int cpu) {
            if (kind(task) == LATE) {
                long deadline = System.nanoTime() + StallGuard.EVENT_BOUND.toNanos();
                while (s.state(task) != TaskState.BLOCKED) {
                    if (System.nanoTime() - deadline > 0) {
                        errors.add("LATE task " + task + " never blocked (state " + s.state(task) + ")");
                        break;
                    }
                    Thread.onSpinWait();
                }
            }
            boolean r = h.unblock(task, cpu);
            unblocks.incrementAndGet(task);
            return r;
        }
        @Override public int id() { return h.id(); }
        @Override public int spawn(int o, int p, int a, int c) { return h.spawn(o, p, a, c); }
        @Override public int pickNext(int cpu) { return h.pickNext(cpu); }
        @Override public long lastWaitNanos() { return h.lastWaitNanos(); }
        @Override public void yield(int task, int cpu) { h.yield(task, cpu); }
        @Override public boolean block(int task) { return h.block(task); }
        @Override public boolean tick(int task, int cpu) { return h.tick(task, cpu); }
        @Override public void setPriority(int task, int priority) { h.setPriority(task, priority); }
        @Override public void exit(int task) { h.exit(task); }
    }

    private static int kind(int task) {
        return task % 3;
    }

    @Test
    void everyBlockedTaskIsWokenExactlyOnceByItsCompletion() throws Exception {
        MultiQueueSchedulerProvider provider = new MultiQueueSchedulerProvider();
        SchedulerSpec spec = SchedulerSpec.of(CPUS, TASKS, "fifo", true, true).withRunQueueCapacity(2048);
        SharedScheduler sched = provider.create(new HeapWordMemory(provider.footprint(spec) + 128), 64, spec);

        LockedDequeProvider queue = new LockedDequeProvider();
        UringSpec uspec = UringSpec.simple(LockedDequeProvider.NAME, 256, 4096).withDomains(CPUS);
        UringLayout layout = UringLayout.of(uspec, queue);
        UringKernel.Builder builder = UringKernel.builder(uspec).provider(queue)
                .memory(new SegmentWordMemory(Arena.ofShared().allocate(layout.layout().totalSize(), 4096)))
                .idle(YieldingIdleStrategy::new).tuning(new KernelPoller.Tuning(16, 50_000_000, 100_000, 8));
        int fd = builder.device("delay", new DelayingDevice());

        Tasks tasks = new Tasks();
        AtomicBoolean stop = new AtomicBoolean();
        try (UringKernel kernel = builder.build().startPollers()) {
            SchedulerHandle spawner = sched.handle(CPUS + 1);
            for (int i = 0; i < TASKS; i++) {
                assertEquals(i, spawner.spawn(1, 0, ANY_CPU, i % CPUS), "a fresh table hands out indices in order");
            }
            ObservedHandle reaperHandle = new ObservedHandle(sched.handle(CPUS), sched, tasks.unblocks, tasks.errors);
            Thread reaper = new Thread(() -> reap(kernel, reaperHandle, tasks, stop), "uring-reaper");
            List<Thread> cpus = new ArrayList<>();
            for (int c = 0; c < CPUS; c++) {
                int cpu = c;
                cpus.add(new Thread(() -> runCpu(cpu, sched.handle(cpu), kernel.user(cpu), fd, tasks), "cpu-" + c));
            }
            reaper.start();
            cpus.forEach(Thread::start);
            StallGuard.joinAll(cpus, tasks.done::get);
            stop.set(true);
            StallGuard.join(reaper);
            assertTrue(tasks.errors.isEmpty(), tasks.errors.size() + " errors, first: "
                    + String.join("; ", tasks.errors.subList(0, Math.min(5, tasks.errors.size()))));

            int early = 0, late = 0;
            for (int t = 0; t < TASKS; t++) {
                assertEquals(1, tasks.completed.get(t), "task " + t + ": one completion reaped");
                assertEquals(1, tasks.unblocks.get(t), "task " + t + ": unblocked exactly once");
                assertEquals(1, tasks.exits.get(t), "task " + t + ": ran to its end exactly once");
                assertEquals(TaskState.FREE, sched.state(t), "task " + t + " back in the table");
                early += kind(t) == EARLY ? 1 : 0;
                late += kind(t) == LATE ? 1 : 0;
            }
            assertEquals(TASKS, tasks.done.get());
            assertTrue(tasks.wokenBeforeBlock.get() >= early,
                    "every EARLY task saw block return false: " + tasks.wokenBeforeBlock.get() + " < " + early);
            assertTrue(tasks.blockedForReal.get() >= late,
                    "every LATE task really blocked: " + tasks.blockedForReal.get() + " < " + late);
            assertEquals(TASKS, tasks.wokenBeforeBlock.get() + tasks.blockedForReal.get(),
                    "every task blocked once, one way or the other");
            assertEquals(0, sched.queuedTasks(ANY_CPU));
            for (int c = 0; c < CPUS; c++) {
                assertEquals(0, sched.queuedTasks(c));
            }
        }
    }

    /** Per-task bookkeeping shared by the CPU threads and the reaper. */
    private static final class Tasks {
        static final int NEW = 0, WAITING_EARLY = 1, BLOCKING = 2, DONE = 3;
        final AtomicIntegerArray phase = new AtomicIntegerArray(TASKS);
        final AtomicIntegerArray completed = new AtomicIntegerArray(TASKS);   // by the taskResults sink
        final AtomicIntegerArray unblocks = new AtomicIntegerArray(TASKS);    // after unblock returned
        final AtomicIntegerArray exits = new AtomicIntegerArray(TASKS);
        final AtomicInteger blockedForReal = new AtomicInteger();
        final AtomicInteger wokenBeforeBlock = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    }

    /** The reaper thread: one waker per uring domain, all sharing this thread's scheduler handle. */
    private static void reap(UringKernel kernel, SchedulerHandle handle, Tasks tasks, AtomicBoolean stop) {
        List<CompletionWaker> wakers = new ArrayList<>();
        for (int d = 0; d < CPUS; d++) {
            wakers.add(new CompletionWaker(kernel.user(d).router(), handle, ANY_CPU,
                    (ud, res, f) -> tasks.errors.add("untagged CQE " + ud),
                    (ud, res, f) -> {
                        int t = CompletionWaker.taskOf(ud);
                        if (res != IO_BYTES || CompletionWaker.cookieOf(ud) != kind(t)) {
                            tasks.errors.add("task " + t + ": completion res " + res + ", cookie " + CompletionWaker.cookieOf(ud));
                        }
                        tasks.completed.incrementAndGet(t);
                    }));
        }
        while (!stop.get()) {
            int n = 0;
            for (CompletionWaker w : wakers) {
                n += w.reap(UringUser.REAP_BATCH);
            }
            if (n == 0) {
                Thread.yield();
            }
        }
        for (CompletionWaker w : wakers) {
            if (w.unblocksRefused() != 0 || w.forwarded() != 0) {
                tasks.errors.add("a waker refused " + w.unblocksRefused() + " and forwarded " + w.forwarded() + " CQEs");
            }
        }
    }

    /** One CPU thread: runs each task as submit, (yield until woken, for EARLY), block, then after the wake-up exit. */
    private static void runCpu(int cpu, SchedulerHandle h, UringUser user, int fd, Tasks tasks) {
        Sqe sqe = new Sqe();
        // Slow under load is fine; a run whose tasks stop finishing is stuck.
        StallGuard guard = new StallGuard("CPU " + cpu, tasks.done::get);
        while (tasks.done.get() < TASKS && tasks.errors.isEmpty()) {
            if (guard.stalled()) {
                tasks.errors.add("CPU " + cpu + " saw no task finish for " + StallGuard.DEFAULT_STALL.toSeconds()
                        + " s, with " + tasks.done.get() + " of " + TASKS + " tasks done");
                return;
            }
            int t = h.pickNext(cpu);
            if (t == NO_TASK) {
                Thread.yield();
                continue;
            }
            switch (tasks.phase.get(t)) {
                case Tasks.NEW -> {
                    sqe.clear();
                    sqe.opcode = UringOp.READ;
                    sqe.fd = fd;
                    sqe.off = (long) t * IO_BYTES;
                    sqe.addr = (long) t * IO_BYTES;
                    sqe.len = IO_BYTES;
                    sqe.userData = CompletionWaker.encode(t, kind(t));
                    while (!user.sq().push(sqe)) {
                        Thread.yield();
                    }
                    if (kind(t) == EARLY) {
                        tasks.phase.set(t, Tasks.WAITING_EARLY);
                        h.yield(t, cpu);
                    } else {
                        block(cpu, h, t, tasks);
                    }
                }
                case Tasks.WAITING_EARLY -> {
                    if (tasks.unblocks.get(t) == 0) {
                        h.yield(t, cpu);          // the pending wake-up, once recorded, survives yield and pick
                    } else {
                        block(cpu, h, t, tasks);
                    }
                }
                case Tasks.BLOCKING -> finish(h, t, tasks, "after its wake-up");
                default -> tasks.errors.add("CPU " + cpu + " picked task " + t + " after it exited");
            }
        }
    }

    private static void block(int cpu, SchedulerHandle h, int t, Tasks tasks) {
        tasks.phase.set(t, Tasks.BLOCKING);      // before block: once BLOCKED, another CPU may run it
        if (h.block(t)) {
            tasks.blockedForReal.incrementAndGet();
            if (kind(t) == EARLY) {
                tasks.errors.add("EARLY task " + t + " blocked on CPU " + cpu + " although its wake-up was recorded");
            }
            return;
        }
        tasks.wokenBeforeBlock.incrementAndGet();
        if (kind(t) == LATE) {
            tasks.errors.add("LATE task " + t + " found a wake-up before it blocked");
        }
        finish(h, t, tasks, "when block returned false");
    }

    private static void finish(SchedulerHandle h, int t, Tasks tasks, String when) {
        if (tasks.completed.get(t) != 1) {
            tasks.errors.add("task " + t + " ran " + when + " without its completion (" + tasks.completed.get(t) + " reaped)");
        }
        tasks.exits.incrementAndGet(t);
        tasks.phase.set(t, Tasks.DONE);
        h.exit(t);
        tasks.done.incrementAndGet();
    }
}
