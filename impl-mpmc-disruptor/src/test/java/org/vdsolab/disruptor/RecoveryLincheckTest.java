package org.vdsolab.disruptor;

import org.junit.jupiter.api.Tag;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Linearizability of recovery: next to {@code push} and {@code pop}, an operation "crashed push +
 * recover" claims as a dead owner (producer id 2, owner {@link #DEAD}), stops, and runs a sweep;
 * its sequential specification is a no-op. A second one dies in INTENT (after its atomic, before
 * recording the claim) and sweeps until the orphan is skipped, which waits for any live producer
 * in INTENT (an operation in progress). Live handles have no owner ({@link OwnerToken#NONE}), so
 * the sweeps must also tell their claims from orphans. A sweep that skipped a live claim shows up
 * as a lost record; one that skipped nothing leaves a pop waiting forever (a reported hang). Every
 * sweep must also count no fault: the scribble repairs ({@link RingRepair}) never fire on honest states.
 *
 * <p>Scenarios are fixed (each thread one party, as recovery requires one handle per id at a
 * time) and the ring never fills (capacity 8), so getAndAdd's known overshoot hang
 * ({@link DisruptorLincheckTest}) cannot occur: no failure is expected for either claim strategy.
 * Model checking over the heap backend for both strategies; stress over a native segment for the
 * default one.
 */
@Tag("slow")
class RecoveryLincheckTest {

    static final int CAPACITY = 8;
    static final int CRASHER = 2;
    static final int DEAD = OwnerToken.of(1, 1);
    static final OwnerLiveness LIVENESS = owner -> owner == DEAD;

    private static volatile ClaimStrategy strategy = ClaimStrategy.GET_AND_ADD;
    private static volatile boolean nativeMemory;

    /** The object under test: a fresh ring per invocation, one handle per party. */
    public static class Ops {
        private final DisruptorQueue queue;
        private final DisruptorProducer[] producers = new DisruptorProducer[3];
        private final DisruptorConsumer[] consumers = new DisruptorConsumer[2];
        private final MemorySegment[] scratch = new MemorySegment[5];

        public Ops() {
            QueueSpec spec = new QueueSpec(CAPACITY, 16, 3, 2);
            DisruptorQueueProvider provider = DisruptorQueueProvider.withClaimStrategy(strategy);
            long bytes = provider.footprint(spec);
            WordMemory memory = nativeMemory ? new SegmentWordMemory(Arena.ofAuto().allocate(bytes, 64)) : new HeapWordMemory(bytes);
            queue = (DisruptorQueue) provider.create(memory, 0, spec);
            producers[0] = (DisruptorProducer) queue.producer(0);
            producers[1] = (DisruptorProducer) queue.producer(1);
            producers[CRASHER] = (DisruptorProducer) queue.producer(CRASHER, DEAD);
            consumers[0] = (DisruptorConsumer) queue.consumer(0);
            consumers[1] = (DisruptorConsumer) queue.consumer(1);
            for (int i = 0; i < scratch.length; i++) {
                scratch[i] = MemorySegment.ofArray(new long[2]);
            }
        }

        @Operation
        public boolean push(int producer, long value) {
            MemorySegment s = scratch[producer];
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, value);
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, ~value);
            return producers[producer].pushBack(s, 0);
        }

        @Operation
        public Long pop(int consumer) {
            MemorySegment s = scratch[3 + consumer];
            if (!consumers[consumer].popFront(s, 0)) {
                return null;
            }
            long v = s.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
            return s.get(ValueLayout.JAVA_LONG_UNALIGNED, 8) == ~v ? v : -1L;
        }

        /** Claims one sequence as the dead owner, dies (stops), then one sweep must skip exactly it. */
        @Operation
        public void crashedPushAndRecover() {
            if (producers[CRASHER].claim(1, true) == 0) {
                throw new IllegalStateException("the ring was full: scenarios must leave room for the crashed claim");
            }
            long recovered = queue.recover(LIVENESS);
            if (recovered != 1) {
                throw new IllegalStateException("the sweep recovered " + recovered + " slots, expected the 1 the dead owner held");
            }
            noRepairs();
        }

        /** Dies in INTENT after its atomic; sweeps until the orphan is skipped (waits out live INTENTs). */
        @Operation
        public void crashedInIntentAndRecover() {
            producers[CRASHER].intent();
            producers[CRASHER].claimUnchecked(1);
            long recovered = 0;
            while (recovered == 0) {
                recovered = queue.recover(LIVENESS);
            }
            if (recovered != 1) {
                throw new IllegalStateException("the sweep recovered " + recovered + " slots, expected 1");
            }
            noRepairs();
        }

        /** Every state here is honest: a sweep that repaired, ignored a record or voided a claim is wrong. */
        private void noRepairs() {
            if (queue.faults() != 0) {
                throw new IllegalStateException("a sweep counted " + queue.faults() + " faults on honest states (cursor repairs "
                        + queue.faultCount(RingFaults.CURSOR_REPAIRS) + ", word repairs " + queue.faultCount(RingFaults.WORD_REPAIRS)
                        + ", records ignored " + queue.faultCount(RingFaults.RECORDS_IGNORED) + ")");
            }
        }
    }

    /** Sequential specification: a bounded FIFO; a crashed push changes nothing. */
    public static class Spec {
        private final ArrayDeque<Long> items = new ArrayDeque<>();

        public boolean push(int producer, long value) {
            if (items.size() >= CAPACITY) {
                return false;
            }
            items.addLast(value);
            return true;
        }

        public Long pop(int consumer) {
            return items.pollFirst();
        }

        public void crashedPushAndRecover() { }

        public void crashedInIntentAndRecover() { }
    }

    private static Actor push(int producer, long value) {
        return new Actor(method("push", int.class, long.class), List.of(producer, value));
    }

    private static Actor pop(int consumer) {
        return new Actor(method("pop", int.class), List.of(consumer));
    }

    private static Actor crash() {
        return new Actor(method("crashedPushAndRecover"), List.of());
    }

    private static Actor crashInIntent() {
        return new Actor(method("crashedInIntentAndRecover"), List.of());
    }

    private static Method method(String name, Class<?>... types) {
        try {
            return Ops.class.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExecutionScenario scenario(List<Actor> init, List<List<Actor>> parallel) {
        List<Actor> post = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            post.add(pop(0)); // drains: a lost or duplicated record shows
        }
        return new ExecutionScenario(init, parallel, post, null);
    }

    static List<ExecutionScenario> scenarios() {
        return List.of(
                scenario(List.of(), List.of(
                        List.of(push(0, 1), push(0, 2)),
                        List.of(crash(), pop(1)))),
                scenario(List.of(push(1, 10)), List.of(
                        List.of(pop(0), push(0, 1)),
                        List.of(crashInIntent(), push(1, 2)))),
                scenario(List.of(push(1, 10)), List.of(
                        List.of(push(0, 1), pop(0)),
                        List.of(crash(), crashInIntent()))),
                scenario(List.of(), List.of(
                        List.of(push(0, 1), push(0, 2)),
                        List.of(crashInIntent(), pop(1)),
                        List.of(push(1, 3), pop(0)))));
    }

    /** Runs every operation once outside Lincheck, so that no class loads first inside a checked thread. */
    private static void warmUp() {
        Ops ops = new Ops();
        ops.push(0, 1);
        ops.crashedPushAndRecover();
        ops.crashedInIntentAndRecover();
        ops.pop(0);
        ops.pop(1);
        new Spec().pop(0);
    }

    private static synchronized void check(ClaimStrategy claim, boolean stress) {
        strategy = claim;
        nativeMemory = stress;
        warmUp();
        Options<?, ?> options = stress ? new StressOptions().invocationsPerIteration(200) : new ModelCheckingOptions().invocationsPerIteration(150);
        options.iterations(0).threads(3).actorsPerThread(2).sequentialSpecification(Spec.class);
        for (ExecutionScenario s : scenarios()) {
            options.addCustomScenario(s);
        }
        try {
            options.check(Ops.class);
        } catch (LincheckAssertionError e) {
            fail("disruptor (" + claim + ") crashed push + recover is not linearizable under "
                    + (stress ? "stress over native memory" : "model checking over the heap") + ":\n" + e.getMessage());
        } finally {
            strategy = ClaimStrategy.GET_AND_ADD;
            nativeMemory = false;
        }
    }

    @Test
    void modelCheckingGetAndAdd() {
        check(ClaimStrategy.GET_AND_ADD, false);
    }

    @Test
    void modelCheckingCompareAndSet() {
        check(ClaimStrategy.COMPARE_AND_SET, false);
    }

    @Test
    void stressGetAndAdd() {
        check(ClaimStrategy.GET_AND_ADD, true);
    }
}
