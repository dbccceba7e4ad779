package org.vdsolab.vsched;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.vsched.StepHook.Op;
import static org.vdsolab.vsched.StepHook.Step;

/**
 * vsched-classic's flaws, found deterministically by scripted interleavings on one thread: one
 * operation is stopped by the step hook after its snapshot and full check, other operations run
 * to completion inline, then the first one continues.
 */
class ClassicFlawsTest {

    private static final int CAP = 8;
    private static final int RECORD = 16;
    private static final int RETRY_BUDGET = 10_000;

    static Stream<Memories.Backend> backends() {
        return Memories.backends();
    }

    private record Setup(ClassicSharedQueue queue, ScriptedHook hook, QueueProducer p0, QueueProducer p1,
                         QueueConsumer consumer, RecordIo io) { }

    private static Setup setup(Memories.Backend backend, int capacity) {
        QueueSpec spec = new QueueSpec(capacity, RECORD, 2, 1);
        ClassicQueueProvider provider = new ClassicQueueProvider();
        WordMemory memory = backend.allocate(provider.footprint(spec));
        ScriptedHook hook = new ScriptedHook();
        ClassicSharedQueue queue = provider.create(memory, 0, spec, hook);
        return new Setup(queue, hook, queue.producer(0), queue.producer(1), queue.consumer(0), new RecordIo(RECORD, 1));
    }

    /**
     * The mixed-end near-full bug: with CAP-2 records, push_front passes its full check (head-1 !=
     * tail), stops; push_back passes its own (tail+1 != head) and completes; push_front continues:
     * its slot is the spare one and its CAS on head succeeds (push_back moved only tail). All CAP
     * slots are full and head == tail, which reads as empty: pops report empty with CAP records in
     * the ring and pushes spin forever on READY slots (bounded here by the step budget).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void mixedEndPushesNearFullTakeTheSpareSlotAndLivelock(Memories.Backend backend) {
        for (Op stopped : new Op[] {Op.PUSH_FRONT, Op.PUSH_BACK}) {
            Setup s = setup(backend, CAP);
            for (int i = 0; i < CAP - 2; i++) {
                assertTrue(s.io.pushBack(s.p0, i));
            }
            RecordIo inlineIo = new RecordIo(RECORD, 1);
            s.hook.once(Step.AFTER_SNAPSHOT, stopped, () -> assertTrue(stopped == Op.PUSH_FRONT
                    ? inlineIo.pushBack(s.p1, 100) : inlineIo.pushFront(s.p1, 100), "the other end's push succeeds"));

            boolean second = stopped == Op.PUSH_FRONT ? s.io.pushFront(s.p0, 200) : s.io.pushBack(s.p0, 200);

            assertTrue(second, stopped + ": the second push also succeeds: both took the last spare slot");
            ClassicDeque deque = s.queue.deque();
            assertEquals(deque.rawHead(), deque.rawTail(), "head == tail after the double take");
            for (int slot = 0; slot < CAP; slot++) {
                assertEquals(SlotState.READY, deque.slotState(slot), "slot " + slot + " holds a record");
            }
            assertEquals(0, s.queue.size(), "CAP records, and the deque reports size 0");
            assertNull(s.io.popFront(s.consumer), "pop_front reports empty with CAP records in the ring");
            assertNull(s.io.popBack(s.consumer), "pop_back reports empty with CAP records in the ring");

            // Livelock: a push is not refused as full (tail+1 != head) but its slot is READY, so it
            // retries forever. The step budget ends it; nothing changes in the ring meanwhile.
            s.hook.retryBudget(RETRY_BUDGET);
            assertThrows(ScriptedHook.StepBudgetExceeded.class, () -> s.io.pushBack(s.p1, 300));
            s.hook.retryBudget(RETRY_BUDGET);
            assertThrows(ScriptedHook.StepBudgetExceeded.class, () -> s.io.pushFront(s.p1, 300));
            assertTrue(s.hook.count(Step.RETRY, Op.PUSH_BACK) >= RETRY_BUDGET);
            assertTrue(s.hook.count(Step.RETRY, Op.PUSH_FRONT) >= RETRY_BUDGET);
            assertNull(s.io.popFront(s.consumer), "still empty after " + 2 * RETRY_BUDGET + " producer retries");
            for (int slot = 0; slot < CAP; slot++) {
                assertEquals(SlotState.READY, deque.slotState(slot), "slot " + slot + " still holds its record");
            }
        }
    }

    /**
     * ABA on the untagged tail: push_back snapshots (head 0, tail 2) of a CAP-4 ring and stops
     * after its full check. Meanwhile the ring goes round until tail is raw index 2 again with head
     * 3: full (3 records). The stale push claims the EMPTY spare slot 2 and its CAS tail 2 -> 3
     * succeeds: a fourth record is accepted into a full deque, which now reads as empty.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void staleFullCheckOnUntaggedIndicesOverfillsTheRing(Memories.Backend backend) {
        Setup s = setup(backend, 4);
        assertTrue(s.io.pushBack(s.p0, 0));
        assertTrue(s.io.pushBack(s.p0, 1));
        RecordIo inlineIo = new RecordIo(RECORD, 1);
        List<Long> poppedInline = new ArrayList<>();
        s.hook.once(Step.AFTER_SNAPSHOT, Op.PUSH_BACK, () -> {
            assertTrue(inlineIo.pushBack(s.p1, 2));
            for (int i = 0; i < 3; i++) {
                poppedInline.add(inlineIo.popFront(s.consumer));
            }
            for (int i = 3; i < 6; i++) {
                assertTrue(inlineIo.pushBack(s.p1, i));
            }
            assertEquals(3, s.queue.size(), "full: CAP-1 records");
            assertEquals(3, s.queue.deque().rawHead());
            assertEquals(2, s.queue.deque().rawTail(), "tail is raw index 2 again, as in the stale snapshot");
        });

        assertTrue(s.io.pushBack(s.p0, 99), "the stale push is accepted into a full deque");

        assertEquals(List.of(0L, 1L, 2L), poppedInline);
        assertEquals(s.queue.deque().rawHead(), s.queue.deque().rawTail());
        assertEquals(0, s.queue.size(), "4 records in a CAP-4 ring and it reads as empty");
        assertNull(s.io.popFront(s.consumer));
        assertEquals(0, s.hook.count(Step.RETRY, Op.PUSH_BACK), "nothing in vsched noticed: no retry");
    }
}
