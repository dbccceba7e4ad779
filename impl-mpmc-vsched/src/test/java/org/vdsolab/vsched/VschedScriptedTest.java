package org.vdsolab.vsched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.testing.CountingWordMemory;

import org.vdsolab.api.testing.StallGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.vsched.StepHook.Op;
import static org.vdsolab.vsched.StepHook.Step;

/**
 * The corrected deque under the interleavings that break vsched-classic, scripted the same way
 * (ClassicFlawsTest): the first operation stops at a step, others run inline, it continues.
 */
class VschedScriptedTest {

    private static final int RECORD = 16;

    static Stream<Memories.Backend> backends() {
        return Memories.backends();
    }

    private record Setup(VschedSharedQueue queue, ScriptedHook hook, QueueProducer p0, QueueProducer p1,
                         QueueConsumer c0, QueueConsumer c1, RecordIo io) { }

    private static Setup setup(Memories.Backend backend, int capacity) {
        QueueSpec spec = new QueueSpec(capacity, RECORD, 2, 2);
        VschedQueueProvider provider = new VschedQueueProvider();
        WordMemory memory = backend.allocate(provider.footprint(spec));
        ScriptedHook hook = new ScriptedHook();
        VschedSharedQueue queue = provider.create(memory, 0, spec, hook);
        return new Setup(queue, hook, queue.producer(0), queue.producer(1), queue.consumer(0), queue.consumer(1),
                new RecordIo(RECORD, capacity));
    }

    private static List<Long> drainFront(Setup s) {
        List<Long> out = new ArrayList<>();
        for (Long v = s.io.popFront(s.c0); v != null; v = s.io.popFront(s.c0)) {
            out.add(v);
        }
        return out;
    }

    /** vsched's livelock scenario: the stopped push loses the last free slot and is refused as full. */
    @ParameterizedTest
    @MethodSource("backends")
    void mixedEndPushesNearFullTakeTheLastSlotOnce(Memories.Backend backend) {
        for (Op stopped : new Op[] {Op.PUSH_FRONT, Op.PUSH_BACK}) {
            Setup s = setup(backend, 8);
            for (int i = 0; i < 7; i++) {
                assertTrue(s.io.pushBack(s.p0, i));
            }
            RecordIo inlineIo = new RecordIo(RECORD, 1);
            s.hook.once(Step.AFTER_SNAPSHOT, stopped, () -> assertTrue(stopped == Op.PUSH_FRONT
                    ? inlineIo.pushBack(s.p1, 100) : inlineIo.pushFront(s.p1, 100)));

            boolean second = stopped == Op.PUSH_FRONT ? s.io.pushFront(s.p0, 200) : s.io.pushBack(s.p0, 200);

            assertFalse(second, stopped + ": the stopped push is refused: the deque is full");
            assertEquals(1, s.hook.count(Step.RETRY, stopped), "its slot was taken; one retry, then full");
            assertEquals(8, s.queue.size());
            List<Long> expected = new ArrayList<>(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L));
            if (stopped == Op.PUSH_FRONT) {
                expected.add(100L);
            } else {
                expected.addFirst(100L);
            }
            assertEquals(expected, drainFront(s));
            assertEquals(0, s.queue.size());
        }
    }

    /**
     * The same race with real threads, made deterministic by latches: push_front on thread A
     * holds the last slot (claimed, index not yet moved); push_back on this thread finds it
     * WRITING and spins; its first retry releases A, whose index CAS succeeds; push_back then sees
     * the deque full.
     */
    @Test
    void mixedEndRaceWithTheSlotAlreadyClaimedIsRefusedWithRealThreads() throws Exception {
        QueueSpec spec = new QueueSpec(4, RECORD, 2, 1);
        VschedQueueProvider provider = new VschedQueueProvider();
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> threadA = new AtomicReference<>();
        StepHook hook = (step, op) -> {
            if (step == Step.AFTER_SLOT_CLAIM && op == Op.PUSH_FRONT && Thread.currentThread() == threadA.get()) {
                claimed.countDown();
                try {
                    assertTrue(release.await(StallGuard.EVENT_BOUND.toSeconds(), TimeUnit.SECONDS), "push_back never spun on the claimed slot");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (step == Step.RETRY && op == Op.PUSH_BACK) {
                release.countDown();
            }
        };
        VschedSharedQueue queue = provider.create(Memories.mapped(provider.footprint(spec)), 0, spec, hook);
        RecordIo io = new RecordIo(RECORD, 1);
        for (int i = 0; i < 3; i++) {
            assertTrue(io.pushBack(queue.producer(0), i));
        }
        AtomicBoolean frontPushed = new AtomicBoolean();
        Thread a = new Thread(() -> frontPushed.set(new RecordIo(RECORD, 1).pushFront(queue.producer(1), 100)), "push-front");
        threadA.set(a);
        a.start();
        assertTrue(claimed.await(StallGuard.EVENT_BOUND.toSeconds(), TimeUnit.SECONDS), "push_front did not claim the last slot");

        boolean backPushed = io.pushBack(queue.producer(0), 200);

        StallGuard.join(a);
        assertTrue(frontPushed.get(), "push_front kept the slot it claimed");
        assertFalse(backPushed, "push_back is refused: full");
        QueueConsumer consumer = queue.consumer(0);
        assertEquals(List.of(100L, 0L, 1L, 2L), List.of(io.popFront(consumer), io.popFront(consumer),
                io.popFront(consumer), io.popFront(consumer)));
        assertNull(io.popFront(consumer));
    }

    /**
     * The untagged-index ABA of ClassicFlawsTest, on the corrected deque: the stopped push_back's
     * snapshot is (head 0, tail 2). The deque goes round to (3, 6): the slot of position 2 is
     * EMPTY again, so the stale claim of it succeeds, but the index CAS of the whole pair fails;
     * the slot is given back and the push retries at position 6, which is right (3 records, room
     * for 4).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void staleClaimerFailsAtTheIndexCasAndRetriesCorrectly(Memories.Backend backend) {
        Setup s = setup(backend, 4);
        assertTrue(s.io.pushBack(s.p0, 0));
        assertTrue(s.io.pushBack(s.p0, 1));
        RecordIo inlineIo = new RecordIo(RECORD, 1);
        s.hook.once(Step.AFTER_SNAPSHOT, Op.PUSH_BACK, () -> {
            assertTrue(inlineIo.pushBack(s.p1, 2));
            for (int i = 0; i < 3; i++) {
                assertEquals(i, inlineIo.popFront(s.c1));
            }
            for (int i = 3; i < 6; i++) {
                assertTrue(inlineIo.pushBack(s.p1, i));
            }
            assertEquals(IndexWord.of(3, 6), s.queue.deque().indexWord());
            assertEquals(SlotState.EMPTY, SlotWord.state(s.queue.deque().slotWord(2)), "the stale position's slot is free");
        });

        assertTrue(s.io.pushBack(s.p0, 99));

        assertEquals(2, s.hook.count(Step.AFTER_SLOT_CLAIM, Op.PUSH_BACK) - 6, "stale claim, then the real one");
        assertEquals(1, s.hook.count(Step.RETRY, Op.PUSH_BACK), "the stale claim failed once, at the index CAS");
        assertEquals(IndexWord.of(3, 7), s.queue.deque().indexWord());
        assertEquals(SlotWord.of(6, SlotState.READY), s.queue.deque().slotWord(6));
        assertEquals(List.of(3L, 4L, 5L, 99L), drainFront(s));
    }

    /** The same stale push when the deque went round to full: refused, nothing disturbed. */
    @ParameterizedTest
    @MethodSource("backends")
    void staleClaimerOfAFullDequeIsRefused(Memories.Backend backend) {
        Setup s = setup(backend, 4);
        assertTrue(s.io.pushBack(s.p0, 0));
        assertTrue(s.io.pushBack(s.p0, 1));
        RecordIo inlineIo = new RecordIo(RECORD, 1);
        s.hook.once(Step.AFTER_SNAPSHOT, Op.PUSH_BACK, () -> {
            for (int i = 2; i < 4; i++) {
                assertTrue(inlineIo.pushBack(s.p1, i));
            }
            for (int lap = 0; lap < 1000; lap++) { // many laps: positions 4000 past the snapshot
                assertEquals(lap * 4, inlineIo.popFront(s.c1));
                assertTrue(inlineIo.pushBack(s.p1, lap * 4 + 4));
                for (int i = 1; i < 4; i++) {
                    assertEquals(lap * 4 + i, inlineIo.popFront(s.c1));
                    assertTrue(inlineIo.pushBack(s.p1, lap * 4 + 4 + i));
                }
            }
            assertEquals(4, s.queue.size(), "full, 1000 laps later");
        });

        assertFalse(s.io.pushBack(s.p0, 99), "the stale push is refused as full");

        assertEquals(1, s.hook.count(Step.RETRY, Op.PUSH_BACK), "its slot was (position 4002, READY): retry, then full");
        assertEquals(List.of(4000L, 4001L, 4002L, 4003L), drainFront(s));
    }

    /**
     * A popper whose snapshot is laps old: its slot holds another lap's record, (4000, READY) where
     * it expects (0, READY), so its slot CAS fails without touching the slot and it pops the real
     * front.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void stalePopperFailsAtTheSlotCas(Memories.Backend backend) {
        for (Op stopped : new Op[] {Op.POP_FRONT, Op.POP_BACK}) {
            Setup s = setup(backend, 4);
            assertTrue(s.io.pushBack(s.p0, 0));
            assertTrue(s.io.pushBack(s.p0, 1));
            RecordIo inlineIo = new RecordIo(RECORD, 1);
            s.hook.once(Step.AFTER_SNAPSHOT, stopped, () -> {
                for (int i = 0; i < 4000; i++) {
                    assertTrue(inlineIo.pushBack(s.p1, i + 2));
                    assertEquals(i, inlineIo.popFront(s.c1));
                }
                assertEquals(IndexWord.of(4000, 4002), s.queue.deque().indexWord());
            });

            Long popped = stopped == Op.POP_FRONT ? s.io.popFront(s.c0) : s.io.popBack(s.c0);

            assertEquals(stopped == Op.POP_FRONT ? 4000L : 4001L, popped);
            assertEquals(1, s.hook.count(Step.RETRY, stopped), "one failed attempt, at the slot");
            assertEquals(1, s.queue.size());
        }
    }

    /** A batch of n moves the index once: n slot CASes plus one index CAS, for pushes and pops. */
    @Test
    void batchesMoveTheIndexOnce() {
        QueueSpec spec = new QueueSpec(16, RECORD, 1, 1);
        VschedQueueProvider provider = new VschedQueueProvider();
        CountingWordMemory memory = new CountingWordMemory(Memories.heap(provider.footprint(spec)));
        VschedSharedQueue queue = provider.create(memory, 0, spec, StepHook.NONE);
        QueueProducer producer = queue.producer(0);
        QueueConsumer consumer = queue.consumer(0);
        RecordIo io = new RecordIo(RECORD, 16);
        for (int n : new int[] {1, 5, 12, 16}) {
            memory.reset();
            assertEquals(n, io.pushMultiple(producer, 0, n, BatchMode.ALL_OR_NOTHING));
            assertEquals(1, memory.compareAndSetSuccesses(VschedDeque.INDEX), "push batch of " + n + ": one index move");
            assertEquals(n + 1, memory.atomicUpdates(), "push batch of " + n + ": n slot CASes + 1 index CAS");
            assertEquals(n, memory.releaseStores(), "one READY store per record");

            memory.reset();
            long[] values = io.popMultiple(consumer, 16);
            assertEquals(n, values.length);
            assertEquals(1, memory.compareAndSetSuccesses(VschedDeque.INDEX), "pop batch of " + n + ": one index move");
            assertEquals(n + 1, memory.atomicUpdates(), "pop batch of " + n + ": n slot CASes + 1 index CAS");
            assertEquals(n, memory.releaseStores(), "one EMPTY store per record");
        }
        memory.reset();
        for (int i = 0; i < 5; i++) {
            assertTrue(io.pushBack(producer, i));
        }
        assertEquals(5, memory.compareAndSetSuccesses(VschedDeque.INDEX), "single pushes: one index move each, for contrast");
        assertEquals(10, memory.atomicUpdates());
    }

    /** A batch stopped after its snapshot loses its run to a single push: it retries and still pushes whole. */
    @ParameterizedTest
    @MethodSource("backends")
    void batchThatLosesItsRunRetriesWhole(Memories.Backend backend) {
        Setup s = setup(backend, 8);
        RecordIo inlineIo = new RecordIo(RECORD, 1);
        s.hook.once(Step.AFTER_SLOT_CLAIM, Op.PUSH_MULTIPLE, () -> assertTrue(inlineIo.pushFront(s.p1, 100)));

        assertEquals(3, s.io.pushMultiple(s.p0, 0, 3, BatchMode.ALL_OR_NOTHING));

        assertEquals(1, s.hook.count(Step.RETRY, Op.PUSH_MULTIPLE), "the index CAS failed once (the front moved)");
        assertEquals(List.of(100L, 0L, 1L, 2L), drainFront(s));

        Setup t = setup(backend, 8);
        for (int i = 0; i < 5; i++) {
            assertTrue(t.io.pushBack(t.p0, i));
        }
        RecordIo inlineIo2 = new RecordIo(RECORD, 1);
        t.hook.once(Step.AFTER_SNAPSHOT, Op.POP_MULTIPLE, () -> assertEquals(4, inlineIo2.popBack(t.c1)));
        assertArrayEquals(new long[] {0, 1, 2, 3}, t.io.popMultiple(t.c0, 8),
                "the run shrank under the batch: it looks again and takes what is there");
        assertEquals(1, t.hook.count(Step.RETRY, Op.POP_MULTIPLE));
    }
}
