package org.vdsolab.vsched;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SlotHandle;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.vsched.StepHook.Op;
import static org.vdsolab.vsched.StepHook.Step;

/**
 * Dead owners on {@code vsched}, deterministic: a producer or consumer handle made with an owner
 * token is "killed" at a chosen step (the step hook throws {@link Killed} out of the operation,
 * so it stops exactly there, holding what it held), its domain is declared dead in a
 * {@link LivenessTable} (the in-JVM stand-in for a SIGKILL), a recovery sweep runs, and the test
 * checks that nothing another party published is lost or duplicated, that nobody waits on the
 * dead slot any more, and that a live (stalled) owner is never touched. Waits that the dead slot
 * would make endless are bounded by the hook's retry budget.
 */
class VschedRecoveryTest {

    private static final int CAP = 8;
    private static final int RECORD = 16;
    private static final long BOUNDED = 500; // retries a blocked operation may spin before the hook stops it

    /** Thrown by the hook to stop an operation at a step, as a kill would. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("killed by the test at a chosen step", null, false, false);
        }
    }

    static Stream<Memories.Backend> backends() {
        return Memories.backends();
    }

    /** A queue, its hook, a liveness table, a live producer/consumer pair and a doomed pair. */
    private static final class Rig {
        final VschedSharedQueue queue;
        final ScriptedHook hook = new ScriptedHook();
        final LivenessTable table = LivenessTable.create(new HeapWordMemory(LivenessTable.footprint(4)), 0, 4);
        final int liveOwner = table.register();
        final int doomedOwner = table.register();
        final QueueProducer live;
        final QueueProducer doomed;
        final QueueConsumer consumer;
        final QueueConsumer doomedConsumer;
        final RecordIo io = new RecordIo(RECORD, CAP);
        final WordMemory memory;

        Rig(Memories.Backend backend) {
            QueueSpec spec = new QueueSpec(CAP, RECORD, 2, 2);
            VschedQueueProvider provider = new VschedQueueProvider();
            memory = backend.allocate(provider.footprint(spec));
            queue = provider.create(memory, 0, spec, hook);
            live = queue.producer(0, liveOwner);
            doomed = queue.producer(1, doomedOwner);
            consumer = queue.consumer(0, liveOwner);
            doomedConsumer = queue.consumer(1, doomedOwner);
        }

        /** Runs {@code operation}, killing it when {@code op} reaches {@code step}; then declares its owner dead. */
        void killAt(Step step, Op op, Runnable operation) {
            hook.once(step, op, () -> {
                throw new Killed();
            });
            assertThrows(Killed.class, operation::run, "the operation reached " + step);
            table.declareDead(doomedOwner);
        }

        void pushBack(long... values) {
            for (long v : values) {
                assertTrue(io.pushBack(live, v), "push of " + v);
            }
        }

        List<Long> drainFront() {
            List<Long> out = new ArrayList<>();
            for (Long v = io.popFront(consumer); v != null; v = io.popFront(consumer)) {
                out.add(v);
            }
            return out;
        }

        /** Asserts that a pop at the front blocks (spins on a held slot) instead of answering. */
        void assertFrontPopBlocked() {
            hook.retryBudget(BOUNDED);
            assertThrows(ScriptedHook.StepBudgetExceeded.class, () -> io.popFront(consumer),
                    "a pop at the front waits for the held slot");
            hook.retryBudget(Long.MAX_VALUE);
        }

        /** Many laps of pushes and pops through every slot: the queue is fully usable again. */
        void assertReusableForLaps(long firstValue) {
            long v = firstValue;
            for (int lap = 0; lap < 50; lap++) {
                for (int i = 0; i < CAP; i++) {
                    assertTrue(io.pushBack(live, v + i), "lap " + lap + " push " + i);
                }
                assertFalse(io.pushBack(live, -1), "full at capacity");
                for (int i = 0; i < CAP; i++) {
                    assertEquals(v + i, io.popFront(consumer), "lap " + lap + " pop " + i);
                }
                assertNull(io.popFront(consumer));
                v += CAP;
            }
            assertEquals(0, queue.size());
            assertEquals(0, queue.deque().skipped());
        }
    }

    private static List<Long> values(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pushBackDeadAfterItsIndexMoveIsSkippedAndNothingElseIsLost(Memories.Backend backend) {
        Rig r = new Rig(backend);
        r.pushBack(0, 1, 2);
        r.killAt(Step.AFTER_INDEX_MOVE, Op.PUSH_BACK, () -> r.io.pushBack(r.doomed, 100));
        r.pushBack(3, 4, 5);
        assertEquals(List.of(0L, 1L, 2L), List.of(r.io.popFront(r.consumer), r.io.popFront(r.consumer),
                r.io.popFront(r.consumer)));
        r.assertFrontPopBlocked();

        assertEquals(1, r.queue.recover(r.table));

        assertEquals(1, r.queue.deque().skipped());
        assertEquals(3, r.queue.size(), "three live records; the skipped slot is not counted");
        assertEquals(values(3, 6), r.drainFront(), "the dead push is reaped, every other record once");
        assertEquals(0, r.queue.recover(r.table), "nothing left to recover");
        r.assertReusableForLaps(1000);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pushBackDeadBeforeItsIndexMoveIsFreedAndPushesProceed(Memories.Backend backend) {
        Rig r = new Rig(backend);
        r.pushBack(0, 1);
        r.killAt(Step.AFTER_SLOT_CLAIM, Op.PUSH_BACK, () -> r.io.pushBack(r.doomed, 100));
        long index = r.queue.deque().indexWord();
        assertEquals(2, IndexWord.size(index), "the dead claim never entered the index");
        r.hook.retryBudget(BOUNDED);
        assertThrows(ScriptedHook.StepBudgetExceeded.class, () -> r.io.pushBack(r.live, 2),
                "a push at the back waits for the held slot");
        r.hook.retryBudget(Long.MAX_VALUE);

        assertEquals(1, r.queue.recover(r.table));

        assertEquals(SlotWord.FREE, r.queue.deque().slotWord(2), "freed, not skipped");
        assertEquals(0, r.queue.deque().skipped());
        r.pushBack(2, 3);
        assertEquals(values(0, 4), r.drainFront());
        r.assertReusableForLaps(1000);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pushFrontDeadAfterOrBeforeItsIndexMove(Memories.Backend backend) {
        for (Step step : new Step[] {Step.AFTER_INDEX_MOVE, Step.AFTER_SLOT_CLAIM}) {
            Rig r = new Rig(backend);
            r.pushBack(0, 1, 2);
            r.killAt(step, Op.PUSH_FRONT, () -> r.io.pushFront(r.doomed, 100));
            if (step == Step.AFTER_INDEX_MOVE) {
                r.assertFrontPopBlocked();
            }

            assertEquals(1, r.queue.recover(r.table), step.toString());

            assertEquals(step == Step.AFTER_INDEX_MOVE ? 1 : 0, r.queue.deque().skipped(), step.toString());
            assertTrue(r.io.pushFront(r.live, -5), "pushes at the front proceed after " + step);
            assertEquals(List.of(-5L, 0L, 1L, 2L), r.drainFront(), step.toString());
            r.assertReusableForLaps(1000);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void openPushSlotOfADeadOwnerIsSkipped(Memories.Backend backend) {
        Rig r = new Rig(backend);
        r.pushBack(0);
        SlotHandle handle = r.doomed.pushSlotBack();
        assertNotNull(handle);
        Records.write(handle.segment(), handle.offset(), 100, RECORD); // written in place, never published
        r.pushBack(1, 2);
        assertEquals(0L, r.io.popFront(r.consumer));
        r.assertFrontPopBlocked();
        r.table.declareDead(r.doomedOwner);

        assertEquals(1, r.queue.recover(r.table));

        assertEquals(values(1, 3), r.drainFront(), "the written but unpublished record is not delivered");
        r.assertReusableForLaps(1000);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pushMultipleRunOfADeadOwnerIsSkippedAfterItsIndexCasAndFreedBefore(Memories.Backend backend) {
        for (Step step : new Step[] {Step.AFTER_INDEX_MOVE, Step.AFTER_SLOT_CLAIM}) {
            Rig r = new Rig(backend);
            r.pushBack(0);
            r.killAt(step, Op.PUSH_MULTIPLE, () -> r.io.pushMultiple(r.doomed, 100, 3, BatchMode.ALL_OR_NOTHING));

            assertEquals(3, r.queue.recover(r.table), "the whole run, " + step);

            assertEquals(step == Step.AFTER_INDEX_MOVE ? 3 : 0, r.queue.deque().skipped(), step.toString());
            r.pushBack(1, 2);
            assertEquals(values(0, 3), r.drainFront(), step.toString());
            assertEquals(0, r.queue.deque().skipped(), step.toString());
            r.assertReusableForLaps(1000);
        }
    }

    /** A live owner, however long it holds a slot, keeps it: recovery returns 0 and its publish later succeeds. */
    @ParameterizedTest
    @MethodSource("backends")
    void liveStalledOwnerIsNeverRecovered(Memories.Backend backend) {
        Rig r = new Rig(backend);
        SlotHandle handle = r.doomed.pushSlotBack(); // its owner stays alive throughout
        assertNotNull(handle);
        r.pushBack(1);
        for (int sweep = 0; sweep < 5; sweep++) {
            assertEquals(0, r.queue.recover(r.table), "sweep " + sweep);
        }
        OwnerLiveness nobodyDead = OwnerLiveness.NONE_DEAD;
        assertEquals(0, r.queue.recover(nobodyDead));
        r.assertFrontPopBlocked();
        Records.write(handle.segment(), handle.offset(), 0, RECORD);
        handle.close();
        assertEquals(values(0, 2), r.drainFront());
    }

    /** Handles made without an owner stamp NONE: even "everyone is dead" recovers nothing of theirs. */
    @ParameterizedTest
    @MethodSource("backends")
    void handlesWithoutAnOwnerAreNeverRecovered(Memories.Backend backend) {
        Rig r = new Rig(backend);
        SlotHandle handle = r.queue.producer(1).pushSlotBack();
        assertNotNull(handle);
        assertEquals(0, r.queue.recover(owner -> true));
        Records.write(handle.segment(), handle.offset(), 7, RECORD);
        handle.close();
        assertEquals(List.of(7L), r.drainFront());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void consumerDeadHoldingReadingAfterItsIndexMoveIsFreedAndTheNextLapProceeds(Memories.Backend backend) {
        Rig r = new Rig(backend);
        r.pushBack(values(0, CAP).stream().mapToLong(Long::longValue).toArray());
        r.killAt(Step.AFTER_INDEX_MOVE, Op.POP_FRONT, () -> r.io.popFront(r.doomedConsumer));
        assertEquals(values(1, 4), List.of(r.io.popFront(r.consumer), r.io.popFront(r.consumer), r.io.popFront(r.consumer)));
        // The next push is position CAP, the next lap of the dead consumer's slot: it waits.
        r.hook.retryBudget(BOUNDED);
        assertThrows(ScriptedHook.StepBudgetExceeded.class, () -> r.io.pushBack(r.live, CAP),
                "a push of the next lap waits for the slot the dead consumer holds");
        r.hook.retryBudget(Long.MAX_VALUE);

        assertEquals(1, r.queue.recover(r.table));

        r.pushBack(CAP, CAP + 1, CAP + 2, CAP + 3);
        assertEquals(values(4, CAP + 4), r.drainFront(), "record 0 is lost with its consumer; nothing else");
        r.assertReusableForLaps(1000);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void consumerDeadBeforeItsIndexMoveGivesTheRecordBack(Memories.Backend backend) {
        Rig r = new Rig(backend);
        r.pushBack(0, 1, 2);
        r.killAt(Step.AFTER_SLOT_CLAIM, Op.POP_FRONT, () -> r.io.popFront(r.doomedConsumer));
        r.assertFrontPopBlocked();

        assertEquals(1, r.queue.recover(r.table));

        assertEquals(values(0, 3), r.drainFront(), "the record the dead consumer had claimed is delivered");
        r.assertReusableForLaps(1000);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void consumerDeadInAPopMultipleAfterItsIndexMoveLosesOnlyItsRun(Memories.Backend backend) {
        Rig r = new Rig(backend);
        r.pushBack(0, 1, 2, 3, 4);
        r.killAt(Step.AFTER_INDEX_MOVE, Op.POP_MULTIPLE, () -> r.io.popMultiple(r.doomedConsumer, 3));

        assertEquals(3, r.queue.recover(r.table));

        assertEquals(values(3, 5), r.drainFront());
        r.assertReusableForLaps(1000);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void consumerDeadReapingASkippedSlotFreesItAndUncountsIt(Memories.Backend backend) {
        Rig r = new Rig(backend);
        SlotHandle aborted = r.live.pushSlotBack();
        r.pushBack(1);
        aborted.abort(); // not at the edge any more: SKIPPED, counted
        assertEquals(1, r.queue.deque().skipped());
        r.killAt(Step.AFTER_INDEX_MOVE, Op.POP_FRONT, () -> r.io.popFront(r.doomedConsumer));

        assertEquals(1, r.queue.recover(r.table));

        assertEquals(0, r.queue.deque().skipped(), "the dead reaper's uncount is done by the sweep");
        assertEquals(List.of(1L), r.drainFront());
        r.assertReusableForLaps(1000);
    }

    /** Two sweeps over the same dead slot: exactly one recovers it. */
    @ParameterizedTest
    @MethodSource("backends")
    void aSecondSweepRecoversNothingTwice(Memories.Backend backend) {
        Rig r = new Rig(backend);
        r.killAt(Step.AFTER_INDEX_MOVE, Op.PUSH_BACK, () -> r.io.pushBack(r.doomed, 100));
        assertEquals(1, r.queue.recover(r.table) + r.queue.recover(r.table));
        assertEquals(1, r.queue.deque().skipped());
        assertNull(r.io.popFront(r.consumer));
        assertEquals(0, r.queue.deque().skipped());
    }

    /**
     * A hostile write makes the index size exceed the capacity (or go negative): pushes answer
     * full, pops empty, batches 0, none of them spins, and a sweep counts the corruption and
     * recovers nothing.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void corruptIndexRefusesEveryOperationWithoutSpinning(Memories.Backend backend) {
        for (long scribble : new long[] {IndexWord.of(0, CAP + 1), IndexWord.of(5, 2), IndexWord.of(7, Integer.MIN_VALUE)}) {
            Rig r = new Rig(backend);
            r.pushBack(0, 1);
            r.killAt(Step.AFTER_INDEX_MOVE, Op.PUSH_BACK, () -> r.io.pushBack(r.doomed, 100));
            r.memory.setLongVolatile(VschedDeque.INDEX, scribble);
            assertTrue(r.queue.deque().indexCorrupt());
            r.hook.retryBudget(0); // any spin fails the test
            assertFalse(r.io.pushBack(r.live, 9));
            assertFalse(r.io.pushFront(r.live, 9));
            assertEquals(0, r.io.pushMultiple(r.live, 9, 2, BatchMode.AS_MANY_AS_FIT));
            assertNull(r.io.popFront(r.consumer));
            assertNull(r.io.popBack(r.consumer));
            assertEquals(0, r.io.popMultiple(r.consumer, 4).length);

            assertEquals(0, r.queue.recover(r.table), "nothing is recovered against a corrupt index");
            assertEquals(1, r.queue.deque().corruptIndexSweeps());
            assertEquals(SlotState.WRITING, SlotWord.state(r.queue.deque().slotWord(2)), "the dead slot is left as it was");
        }
    }
}
