package org.vdsolab.sched;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.TaskState;
import org.vdsolab.api.testing.ScriptedWordMemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.api.sched.SharedScheduler.ANY_CPU;
import static org.vdsolab.api.sched.SharedScheduler.NO_TASK;

/**
 * A wake-up ({@code unblock} from a reaping thread) landing between a CPU's read of a task's
 * state word and its CAS on that word, scripted with {@link ScriptedWordMemory}: no threads, no
 * timing. The unblock of a READY or RUNNING task sets the pending bit, so the CPU's CAS fails once
 * and must retry with the new word; the wake-up must survive into the task's next {@code block}.
 * Before the retry was added, {@code pickNext} took that failed CAS for a task queued twice and
 * threw, which lost the task (the io_uring wake-up test saw 1499 of 1500 tasks finish).
 */
class WakeupRaceTest {

    private static final MultiQueueSchedulerProvider PROVIDER = new MultiQueueSchedulerProvider();
    private static final SchedulerSpec SPEC = SchedulerSpec.of(2, 16, "fifo", true, true);

    private final ScriptedWordMemory memory = new ScriptedWordMemory(new HeapWordMemory(PROVIDER.footprint(SPEC) + 128));
    private final MultiQueueScheduler scheduler = (MultiQueueScheduler) PROVIDER.create(memory, 64, SPEC);
    private final SchedulerHandle cpu = scheduler.handle(0);
    private final SchedulerHandle reaper = scheduler.handle(1);

    /** Arms an unblock of {@code task} by the reaper just before the next CAS on its state word. */
    private void wakeBeforeNextCas(int task) {
        memory.beforeNextCas(scheduler.table.ctlOffset(task),
                () -> assertTrue(reaper.unblock(task, ANY_CPU), "the early wake-up is recorded"));
    }

    @Test
    void aWakeUpBetweenPickNextsReadAndItsCasIsKeptAndTheTaskRuns() {
        int task = cpu.spawn(1, 0, ANY_CPU, 0);
        wakeBeforeNextCas(task);
        assertEquals(task, cpu.pickNext(0), "the task is picked although its word changed under the CAS");
        assertEquals(1, memory.fired());
        assertEquals(TaskState.RUNNING, scheduler.state(task));
        assertFalse(cpu.block(task), "the wake-up that raced the pick is consumed by the next block");
        assertEquals(TaskState.RUNNING, scheduler.state(task));
        assertEquals(0, scheduler.queuedTasks(0) + scheduler.queuedTasks(ANY_CPU), "queued once, picked once");
        cpu.exit(task);
        assertEquals(NO_TASK, cpu.pickNext(0));
    }

    @Test
    void aWakeUpBetweenYieldsReadAndItsCasIsKeptAcrossTheRequeue() {
        int task = cpu.spawn(1, 0, ANY_CPU, 0);
        assertEquals(task, cpu.pickNext(0));
        wakeBeforeNextCas(task);
        cpu.yield(task, 0);
        assertEquals(1, memory.fired());
        assertEquals(TaskState.READY, scheduler.state(task));
        assertEquals(task, cpu.pickNext(0));
        assertFalse(cpu.block(task), "the wake-up survives yield and pickNext");
        cpu.exit(task);
        assertEquals(NO_TASK, cpu.pickNext(0), "the yield queued the task exactly once");
    }

    @Test
    void aWakeUpBetweenBlocksReadAndItsCasMakesBlockReturnFalse() {
        int task = cpu.spawn(1, 0, ANY_CPU, 0);
        assertEquals(task, cpu.pickNext(0));
        wakeBeforeNextCas(task);
        assertFalse(cpu.block(task), "block sees the pending wake-up on its retry and keeps running");
        assertEquals(TaskState.RUNNING, scheduler.state(task));
        assertTrue(cpu.block(task), "the wake-up was consumed once: the next block really blocks");
        assertTrue(reaper.unblock(task, 0));
        assertEquals(task, cpu.pickNext(0));
        cpu.exit(task);
    }

    @Test
    void aWakeUpBetweenExitsReadAndItsCasIsDroppedWithTheTask() {
        int task = cpu.spawn(1, 0, ANY_CPU, 0);
        assertEquals(task, cpu.pickNext(0));
        wakeBeforeNextCas(task);
        cpu.exit(task);
        assertEquals(TaskState.FREE, scheduler.state(task));
        int again = cpu.spawn(1, 0, ANY_CPU, 0);
        assertEquals(again, cpu.pickNext(0));
        assertTrue(cpu.block(again), "a record re-used after exit starts with no pending wake-up");
    }
}
