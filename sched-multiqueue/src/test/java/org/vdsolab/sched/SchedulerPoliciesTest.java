package org.vdsolab.sched;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.SharedScheduler;
import org.vdsolab.api.sched.TaskState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.api.sched.SharedScheduler.ANY_CPU;
import static org.vdsolab.api.sched.SharedScheduler.NO_TASK;

/** Single-threaded behaviour of each policy, stealing, the global-queue interval, blocking and attach. */
class SchedulerPoliciesTest {

    private static final MultiQueueSchedulerProvider PROVIDER = new MultiQueueSchedulerProvider();

    private static SharedScheduler create(SchedulerSpec spec) {
        return PROVIDER.create(new HeapWordMemory(PROVIDER.footprint(spec) + 128), 64, spec);
    }

    @Test
    void fifoRunsTasksInSpawnOrderAndYieldGoesToTheBack() {
        SharedScheduler s = create(SchedulerSpec.of(1, 16, "fifo", true, false));
        SchedulerHandle h = s.handle(0);
        int a = h.spawn(1, 0, ANY_CPU, 0), b = h.spawn(1, 0, ANY_CPU, 0), c = h.spawn(1, 0, ANY_CPU, 0);
        assertEquals(a, h.pickNext(0));
        assertEquals(TaskState.RUNNING, s.state(a));
        assertFalse(h.tick(a, 0), "fifo has no slice");
        h.yield(a, 0);
        assertEquals(b, h.pickNext(0));
        h.exit(b);
        assertEquals(c, h.pickNext(0));
        h.exit(c);
        assertEquals(a, h.pickNext(0));
        assertEquals(2, s.timesScheduled(a));
        assertEquals(1, s.ticksRun(a));
        h.exit(a);
        assertEquals(NO_TASK, h.pickNext(0));
        assertEquals(TaskState.FREE, s.state(a));
    }

    @Test
    void roundRobinKeepsATaskWithSliceLeftAtTheFrontAndRotatesWhenTheSliceIsUsed() {
        SharedScheduler s = create(SchedulerSpec.of(1, 16, "rr", true, false).withTimeSliceTicks(3));
        SchedulerHandle h = s.handle(0);
        int a = h.spawn(1, 0, ANY_CPU, 0), b = h.spawn(2, 0, ANY_CPU, 0);
        assertEquals(a, h.pickNext(0));
        assertFalse(h.tick(a, 0));
        h.yield(a, 0);                       // 1 of 3 ticks used: back to the front
        assertEquals(a, h.pickNext(0));
        assertFalse(h.tick(a, 0));
        assertTrue(h.tick(a, 0), "the third tick uses up a 3-tick slice");
        h.yield(a, 0);                       // slice used: to the back, slice reset
        assertEquals(b, h.pickNext(0));
        for (int i = 0; i < 2; i++) assertFalse(h.tick(b, 0));
        assertTrue(h.tick(b, 0));
        h.yield(b, 0);
        assertEquals(a, h.pickNext(0));
        assertFalse(h.tick(a, 0), "a fresh slice after rotating");
        assertEquals(4, s.ticksRun(a));
    }

    @Test
    void prioritiesAreHonouredAndSetPriorityTakesEffectAtTheNextQueueing() {
        SharedScheduler s = create(SchedulerSpec.of(2, 16, "priority", true, false));
        SchedulerHandle h = s.handle(0);
        int low1 = h.spawn(1, 3, ANY_CPU, 0), low2 = h.spawn(1, 3, ANY_CPU, 0);
        int mid = h.spawn(1, 1, ANY_CPU, ANY_CPU);   // global queue, level 1
        int high = h.spawn(1, 0, ANY_CPU, 0);
        assertEquals(high, h.pickNext(0));
        h.exit(high);
        assertEquals(mid, h.pickNext(0), "a global task of a more urgent level beats local less urgent ones");
        h.exit(mid);
        assertEquals(low1, h.pickNext(0));
        h.setPriority(low1, 0);
        assertEquals(0, s.priority(low1));
        h.yield(low1, 0);                    // requeued at level 0, ahead of low2
        assertEquals(low1, h.pickNext(0));
        h.exit(low1);
        assertEquals(low2, h.pickNext(0));
        assertThrows(IllegalArgumentException.class, () -> h.setPriority(low2, 4));
    }

    @Test
    void anIdleCpuStealsHalfOfALoadedCpusQueue() {
        SharedScheduler s = create(SchedulerSpec.of(2, 32, "fifo", true, true));
        SchedulerHandle h = s.handle(0);
        int[] tasks = new int[8];
        for (int i = 0; i < 8; i++) tasks[i] = h.spawn(1, 0, ANY_CPU, 0);
        assertEquals(8, s.queuedTasks(0));
        assertEquals(tasks[0], h.pickNext(1), "the thief runs the oldest stolen task");
        assertEquals(4, s.steals());
        assertEquals(4, s.queuedTasks(0));
        assertEquals(3, s.queuedTasks(1));
        assertEquals(tasks[4], h.pickNext(0));
        assertEquals(tasks[1], h.pickNext(1));
    }

    @Test
    void withoutStealingAnIdleCpuStaysIdle() {
        SharedScheduler s = create(SchedulerSpec.of(2, 32, "fifo", true, false));
        SchedulerHandle h = s.handle(0);
        for (int i = 0; i < 4; i++) h.spawn(1, 0, ANY_CPU, 0);
        assertEquals(NO_TASK, h.pickNext(1));
        assertEquals(0, s.steals());
    }

    @Test
    void aPinnedTaskIsNeverRunElsewhereAndStealingHandsItBack() {
        SharedScheduler s = create(SchedulerSpec.of(2, 32, "fifo", true, true));
        SchedulerHandle h = s.handle(0);
        int pinned = h.spawn(1, 0, 0, 1);    // asked for CPU 1's queue, pinned to CPU 0
        assertEquals(1, s.queuedTasks(0));
        assertEquals(NO_TASK, h.pickNext(1));
        assertEquals(1, s.queuedTasks(0), "a stolen pinned task goes back to its CPU");
        assertEquals(pinned, h.pickNext(0));
        int global = h.spawn(1, 0, 0, ANY_CPU);
        assertEquals(NO_TASK, h.pickNext(1), "CPU 1 passes a task pinned to CPU 0 on from the global queue");
        assertEquals(global, h.pickNext(0));
    }

    @Test
    void theGlobalQueueIsCheckedFirstEvery61Picks() {
        SharedScheduler s = create(SchedulerSpec.of(1, 16, "fifo", true, false));
        SchedulerHandle h = s.handle(0);
        int local = h.spawn(1, 0, ANY_CPU, 0);
        int global = h.spawn(2, 0, ANY_CPU, ANY_CPU);
        for (int pick = 1; pick < MultiQueueHandle.GLOBAL_CHECK_INTERVAL; pick++) {
            assertEquals(local, h.pickNext(0), "pick " + pick);
            h.yield(local, 0);
        }
        assertEquals(global, h.pickNext(0), "pick 61 looks at the global queue first");
    }

    @Test
    void oneGlobalQueueServesEveryCpu() {
        SharedScheduler s = create(SchedulerSpec.of(2, 16, "fifo", false, false));
        SchedulerHandle h = s.handle(0);
        int a = h.spawn(1, 0, ANY_CPU, 0), b = h.spawn(1, 0, ANY_CPU, 1);
        assertEquals(2, s.queuedTasks(ANY_CPU));
        assertEquals(a, h.pickNext(1));
        assertEquals(b, h.pickNext(0));
    }

    @Test
    void blockAndUnblockNeverLoseAWakeUp() {
        SharedScheduler s = create(SchedulerSpec.of(2, 16, "fifo", true, false));
        SchedulerHandle h = s.handle(0);
        int t = h.spawn(1, 0, ANY_CPU, 0);
        assertEquals(t, h.pickNext(0));
        assertTrue(h.block(t));
        assertEquals(TaskState.BLOCKED, s.state(t));
        assertEquals(NO_TASK, h.pickNext(0));
        // The io_uring hook: the CQE handler calls unblock with the id from the SQE's user_data.
        assertTrue(h.unblock(t, 1));
        assertEquals(TaskState.READY, s.state(t));
        assertEquals(t, h.pickNext(1));
        assertTrue(h.unblock(t, 0), "a completion that arrives while the task still runs is remembered");
        assertFalse(h.unblock(t, 0), "one pending wake-up at a time");
        assertFalse(h.block(t), "the pending wake-up is consumed: the task keeps running");
        assertEquals(TaskState.RUNNING, s.state(t));
        h.yield(t, 1);
        assertTrue(h.unblock(t, 0), "a completion for a READY task is remembered too");
        assertEquals(t, h.pickNext(1));
        assertFalse(h.block(t), "the wake-up survived the yield and the pick");
        assertTrue(h.block(t));
        assertThrows(IllegalStateException.class, () -> h.exit(t), "exit needs a RUNNING task");
    }

    @Test
    void aFullTableRefusesSpawnsUntilATaskExits() {
        SharedScheduler s = create(SchedulerSpec.of(1, 3, "fifo", true, false).withRunQueueCapacity(2));
        SchedulerHandle h = s.handle(0);
        for (int i = 0; i < 3; i++) assertTrue(h.spawn(1, 0, ANY_CPU, 0) >= 0);   // third overflows to global
        assertEquals(NO_TASK, h.spawn(1, 0, ANY_CPU, 0));
        int t = h.pickNext(0);
        h.exit(t);
        assertEquals(t, h.spawn(1, 0, ANY_CPU, 0), "the freed record is reused");
    }

    @Test
    void attachChecksTheShapeAndNamesTheField() {
        SchedulerSpec spec = SchedulerSpec.of(2, 16, "rr", true, true);
        WordMemory memory = new HeapWordMemory(PROVIDER.footprint(spec));
        IllegalStateException zero = assertThrows(IllegalStateException.class, () -> PROVIDER.attach(memory, 0, spec));
        assertTrue(zero.getMessage().contains("zero"), zero.getMessage());
        SharedScheduler created = PROVIDER.create(memory, 0, spec);
        int t = created.handle(0).spawn(7, 0, ANY_CPU, 1);
        SharedScheduler attached = PROVIDER.attach(memory, 0, spec);
        assertEquals(t, attached.handle(1).pickNext(1));
        assertEquals(7, attached.ownerDomain(t));
        SchedulerSpec other = new SchedulerSpec(2, 16, 256, "rr", true, true, 9, 4, "vsched", 64);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PROVIDER.attach(memory, 0, other));
        assertTrue(e.getMessage().contains("timeSliceTicks"), e.getMessage());
    }

    @Test
    void aFifoOnlyQueueServesFifoAndIsRefusedForRoundRobin() {
        SharedScheduler s = create(SchedulerSpec.of(2, 16, "fifo", true, true).withQueueProvider("disruptor"));
        SchedulerHandle h = s.handle(0);
        int a = h.spawn(1, 0, ANY_CPU, 0), b = h.spawn(1, 0, ANY_CPU, 0);
        assertEquals(a, h.pickNext(1));
        assertEquals(b, h.pickNext(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.footprint(SchedulerSpec.of(1, 4, "rr", true, false).withQueueProvider("disruptor")));
        assertTrue(e.getMessage().contains("double_ended"), e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        SharedScheduler s = create(SchedulerSpec.of(2, 4, "fifo", true, false));
        SchedulerHandle h = s.handle(0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> h.pickNext(2)).getMessage().contains("cpu 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> h.exit(9)).getMessage().contains("task id 9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.handle(64)).getMessage().contains("handle"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SchedulerSpec.of(2, 4, "cfs", true, false)).getMessage().contains("policy"));
    }
}
