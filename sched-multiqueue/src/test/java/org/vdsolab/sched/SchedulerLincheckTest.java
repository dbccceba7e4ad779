package org.vdsolab.sched;

import org.junit.jupiter.api.Tag;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.sched.SchedulerSpec;
import org.vdsolab.api.sched.SharedScheduler;

import java.util.ArrayDeque;

/**
 * Linearizability of the run-queue operations, Lincheck model checking over the heap backend
 * (the only one its model checker sees). Two CPUs with per-CPU FIFO queues: {@code spawn(cpu, v)}
 * creates a task whose owner-domain word carries {@code v} (so results name tasks by a value the
 * sequential spec can predict; task ids come off a free list whose order concurrent spawns may
 * legitimately permute), and {@code runToCompletion(cpu)} is pickNext followed by exit, returning
 * the task's value or -1. The table is larger than any scenario's spawns, so "table full" is never
 * an answer and exit's effect (the record back on the free list) is observed only through record
 * reuse: a reused record carrying a wrong value or state shows up as a wrong result or an
 * exception. Sequential spec: one FIFO per CPU.
 */
@Param(name = "cpu", gen = IntGen.class, conf = "0:1")
@Param(name = "value", gen = IntGen.class, conf = "1:6")
@Tag("slow")
public class SchedulerLincheckTest {

    private final SharedScheduler scheduler;

    public SchedulerLincheckTest() {
        SchedulerSpec spec = SchedulerSpec.of(2, 8, "fifo", true, false).withRunQueueCapacity(8);
        MultiQueueSchedulerProvider provider = new MultiQueueSchedulerProvider();
        scheduler = provider.create(new HeapWordMemory(provider.footprint(spec)), 0, spec);
    }

    @Operation
    public boolean spawn(@Param(name = "cpu") int cpu, @Param(name = "value") int value) {
        return scheduler.handle(0).spawn(value, 0, SharedScheduler.ANY_CPU, cpu) != SharedScheduler.NO_TASK;
    }

    @Operation
    public int runToCompletion(@Param(name = "cpu") int cpu) {
        var handle = scheduler.handle(1);
        int task = handle.pickNext(cpu);
        if (task == SharedScheduler.NO_TASK) {
            return -1;
        }
        int value = scheduler.ownerDomain(task);
        handle.exit(task);
        return value;
    }

    @Test
    void runQueueOperationsAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(12)
                .invocationsPerIteration(150)
                .threads(2)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(Spec.class)
                .check(SchedulerLincheckTest.class);
    }

    /** The sequential specification: a FIFO of task values per CPU. */
    public static class Spec {
        private final ArrayDeque<Integer> cpu0 = new ArrayDeque<>();
        private final ArrayDeque<Integer> cpu1 = new ArrayDeque<>();

        public boolean spawn(int cpu, int value) {
            return (cpu == 0 ? cpu0 : cpu1).add(value);
        }

        public int runToCompletion(int cpu) {
            Integer v = (cpu == 0 ? cpu0 : cpu1).poll();
            return v == null ? -1 : v;
        }
    }
}
