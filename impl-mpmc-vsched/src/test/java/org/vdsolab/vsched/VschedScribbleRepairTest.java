package org.vdsolab.vsched;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;

import org.vdsolab.api.testing.StallGuard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.vsched.StepHook.Op;
import static org.vdsolab.vsched.StepHook.Step;

/**
 * A domain that scribbles on {@code vsched}'s index word and slot words (a hostile
 * writer): the recovery sweeps repair what the honest parties would otherwise wait on for ever
 * ({@link ScribbleRepair}), nothing is delivered twice, nothing is delivered that was never
 * pushed, and the queue works again. Waits on a scribbled word are bounded by the step hook's
 * retry budget in the single-thread tests.
 *
 * <p>The scribbles are garbage: words that break the invariants. A forgery of an honest word (a
 * READY or WRITING word stamped with the very position its slot serves) is indistinguishable from
 * an honest party's and is out of scope here (see the README's limits).
 */
@Tag("slow")
class VschedScribbleRepairTest {

    private static final int CAP = 8;
    private static final int RECORD = 16;
    private static final long BOUNDED = 200;
    private static final OwnerLiveness NOBODY_DEAD = OwnerLiveness.NONE_DEAD;

    static Stream<Memories.Backend> backends() {
        return Memories.backends();
    }

    /** A queue with a scripted hook, a producer and a consumer (owner NONE), and raw access to its words. */
    private static final class Rig {
        final ScriptedHook hook = new ScriptedHook();
        final WordMemory memory;
        final VschedSharedQueue queue;
        final VschedDeque deque;
        final QueueProducer producer;
        final QueueConsumer consumer;
        final RecordIo io = new RecordIo(RECORD, CAP);

        Rig(Memories.Backend backend) {
            QueueSpec spec = new QueueSpec(CAP, RECORD, 2, 2);
            VschedQueueProvider provider = new VschedQueueProvider();
            memory = backend.allocate(provider.footprint(spec));
            queue = provider.create(memory, 0, spec, hook);
            deque = queue.deque();
            producer = queue.producer(0);
            consumer = queue.consumer(0);
        }

        void scribbleIndex(long word) {
            memory.setLongVolatile(VschedDeque.INDEX, word);
        }

        void scribbleSlot(int position, long word) {
            memory.setLongVolatile(deque.ring().slotOffset(position), word);
        }

        long sweep() {
            return queue.recover(NOBODY_DEAD);
        }

        void pushBack(long... values) {
            for (long v : values) {
                assertTrue(io.pushBack(producer, v), "push of " + v);
            }
        }

        List<Long> drainFront() {
            List<Long> out = new ArrayList<>();
            for (Long v = io.popFront(consumer); v != null; v = io.popFront(consumer)) {
                out.add(v);
            }
            return out;
        }

        /** Laps of pushes and pops through every slot: the queue is fully usable. */
        void assertWorksForLaps(long first) {
            for (int lap = 0; lap < 20; lap++) {
                for (int i = 0; i < CAP; i++) {
                    assertTrue(io.pushBack(producer, first + i), "lap " + lap + " push " + i);
                }
                assertFalse(io.pushBack(producer, -1), "full at capacity");
                for (int i = 0; i < CAP; i++) {
                    assertEquals(first + i, io.popFront(consumer), "lap " + lap + " pop " + i);
                }
                assertNull(io.popFront(consumer));
                first += CAP;
            }
        }

        void assertBlocked(Runnable operation, String what) {
            hook.retryBudget(BOUNDED);
            assertThrows(ScriptedHook.StepBudgetExceeded.class, operation::run, what);
            hook.retryBudget(Long.MAX_VALUE);
        }
    }

    private static List<Long> values(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    // ------------------------------------------------------------------ the index word

    @ParameterizedTest
    @MethodSource("backends")
    void aScribbledIndexIsRebuiltFromTheSlotsAfterTwoAgreeingSweeps(Memories.Backend backend) {
        long[] scribbles = {IndexWord.of(0, CAP + 1), IndexWord.of(5, 2), IndexWord.of(7, Integer.MIN_VALUE),
            0x8000_0000_DEAD_BEEFL, -1L ^ 0xF};
        for (long scribble : scribbles) {
            Rig r = new Rig(backend);
            r.pushBack(0, 1, 2, 3, 4);
            assertEquals(0L, r.io.popFront(r.consumer));
            long honest = r.deque.indexWord();
            r.scribbleIndex(scribble);
            r.hook.retryBudget(0); // refusing must not spin
            assertFalse(r.io.pushBack(r.producer, 99), "a push answers full while the index is corrupt");
            assertNull(r.io.popFront(r.consumer), "a pop answers empty while the index is corrupt");
            r.hook.retryBudget(Long.MAX_VALUE);

            assertEquals(0, r.sweep());
            assertEquals(scribble, r.deque.indexWord(), "one scan is not enough");
            assertEquals(0, r.sweep());
            assertEquals(honest, r.deque.indexWord(), "rebuilt to the run the slots hold: " + Long.toHexString(scribble));
            assertEquals(1, r.deque.indexRebuilds());
            assertEquals(2, r.deque.corruptIndexSweeps());
            assertEquals(3, r.queue.faults(), "two corrupt sweeps and one rebuild");
            assertEquals(values(1, 5), r.drainFront());
            r.assertWorksForLaps(100);
            assertEquals(0, r.deque.skippedRepairs() + r.deque.freedRepairs());
        }
    }

    /**
     * The index is scribbled while a producer holds its claimed slot before its index CAS and a
     * consumer holds the front record before its own: both are members of the scan, the rebuilt
     * index covers them, their index CASes fail (the index changed), they give back by CAS and
     * retry. The producer's given-back slot is FREE inside the rebuilt index: repair 1 skips it.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aScribbledIndexWithAProducerAndAConsumerInFlight(Memories.Backend backend) {
        Rig r = new Rig(backend);
        QueueConsumer consumer2 = r.queue.consumer(1);
        RecordIo io2 = new RecordIo(RECORD, CAP);
        r.pushBack(0, 1, 2, 3);
        Long[] popped = new Long[1];
        r.hook.once(Step.AFTER_SLOT_CLAIM, Op.PUSH_BACK, () -> {
            // The producer holds (4, WRITING). Now the consumer stops holding (0, READING):
            r.hook.once(Step.AFTER_SLOT_CLAIM, Op.POP_FRONT, () -> {
                r.scribbleIndex(IndexWord.of(3, -40));
                r.sweep();
                r.sweep();
                assertEquals(IndexWord.of(0, 5), r.deque.indexWord(), "the run is 0..4, both held slots in it");
            });
            popped[0] = io2.popFront(consumer2);
        });
        assertTrue(r.io.pushBack(r.producer, 4), "the producer retries at position 5 and succeeds");
        assertEquals(0L, popped[0], "the consumer retried and took the front record");
        assertEquals(IndexWord.of(1, 6), r.deque.indexWord());

        assertEquals(values(1, 4), List.of(r.io.popFront(r.consumer), r.io.popFront(r.consumer), r.io.popFront(r.consumer)));
        r.assertBlocked(() -> r.io.popFront(r.consumer), "a pop reaching the given-back FREE slot at position 4 waits");
        r.sweep();
        r.sweep();
        assertEquals(1, r.deque.skippedRepairs(), "FREE inside the index broke I1: skipped");
        assertEquals(List.of(4L), r.drainFront(), "the producer's record (position 5), once");
        r.assertWorksForLaps(100);
        assertEquals(0, r.deque.skipped());
        assertEquals(1, r.deque.indexRebuilds());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anEmptyQueueRebuildsAtTheLastTailItsSweeperSaw(Memories.Backend backend) {
        Rig r = new Rig(backend);
        r.pushBack(0, 1, 2);
        assertEquals(values(0, 3), r.drainFront());
        r.sweep(); // sees the honest index (3, 3)
        r.scribbleIndex(IndexWord.of(1000, 0));
        r.sweep();
        r.sweep();
        assertEquals(IndexWord.of(3, 3), r.deque.indexWord());
        r.assertWorksForLaps(10);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aScribbledIndexAndAScribbledSlotInsideTheRunAreBothRepaired(Memories.Backend backend) {
        Rig r = new Rig(backend);
        r.pushBack(0, 1, 2, 3, 4);
        r.scribbleSlot(2, 0x1234_5678_9ABC_DEF0L);
        r.scribbleIndex(IndexWord.of(9, 0));
        r.sweep();
        r.sweep();
        assertEquals(IndexWord.of(0, 5), r.deque.indexWord(), "the garbage slot is bridged by its neighbours");
        r.sweep();
        r.sweep();
        assertEquals(1, r.deque.skippedRepairs());
        assertEquals(List.of(0L, 1L, 3L, 4L), r.drainFront());
        r.assertWorksForLaps(100);
    }

    // ------------------------------------------------------------------ slot words

    @ParameterizedTest
    @MethodSource("backends")
    void slotsInsideTheIndexWithAGarbagePositionOrAnUnknownStateAreSkipped(Memories.Backend backend) {
        for (long garbage : new long[] {SlotWord.of(2 + 77 * CAP, SlotState.READY), SlotWord.of(2, 0x77),
            SlotWord.FREE, SlotWord.of(2, SlotState.READY) | SlotWord.ownerBits(5)}) {
            Rig r = new Rig(backend);
            r.pushBack(0, 1, 2, 3, 4);
            r.scribbleSlot(2, garbage);
            assertEquals(0L, r.io.popFront(r.consumer));
            assertEquals(1L, r.io.popFront(r.consumer));
            r.assertBlocked(() -> r.io.popFront(r.consumer), "a pop waits on the scribbled slot");
            assertEquals(0, r.sweep());
            assertEquals(0, r.deque.skippedRepairs(), "one sighting is not enough");
            r.sweep();
            assertEquals(1, r.deque.skippedRepairs(), Long.toHexString(garbage));
            assertEquals(1, r.queue.faults());
            assertEquals(List.of(3L, 4L), r.drainFront(), "every honest record once, the scribbled one lost");
            assertEquals(0, r.deque.skipped());
            r.assertWorksForLaps(100);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void slotsOutsideTheIndexHoldingGarbageAreFreed(Memories.Backend backend) {
        for (long garbage : new long[] {0xDEAD_BEEF_0000_0001L, SlotWord.of(5, SlotState.READY),
            SlotWord.of(5 + 1000 * CAP, SlotState.WRITING), SlotWord.of(6, 0x42)}) {
            Rig r = new Rig(backend);
            r.pushBack(0, 1, 2);
            r.scribbleSlot(5, garbage);
            r.pushBack(3, 4);
            r.assertBlocked(() -> r.io.pushBack(r.producer, 5), "a push waits on the scribbled slot");
            r.sweep();
            assertEquals(0, r.deque.freedRepairs(), "one sighting is not enough");
            r.sweep();
            assertEquals(1, r.deque.freedRepairs(), Long.toHexString(garbage));
            assertEquals(0, r.deque.skippedRepairs());
            r.pushBack(5, 6, 7);
            assertEquals(values(0, 8), r.drainFront(), "every record exactly once");
            r.assertWorksForLaps(100);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void honestStatesAreNeverRepaired(Memories.Backend backend) {
        Rig r = new Rig(backend);
        // A consumer stopped after its index CAS (READING outside, at the head's edge), a producer
        // stopped holding a push_slot claim (WRITING inside), records around them: many sweeps.
        r.pushBack(0, 1, 2);
        r.hook.once(Step.AFTER_INDEX_MOVE, Op.POP_FRONT, () -> {
            var slot = r.producer.pushSlotBack();
            r.pushBack(10, 11);
            for (int i = 0; i < 10; i++) {
                r.sweep();
            }
            slot.abort(); // not at the edge any more: SKIPPED, reaped by a popper
        });
        assertEquals(0L, r.io.popFront(r.consumer));
        for (int i = 0; i < 4; i++) {
            r.sweep();
        }
        assertEquals(0, r.queue.faults());
        assertEquals(List.of(1L, 2L, 10L, 11L), r.drainFront());
    }

    // ------------------------------------------------------------------ random, one thread

    /**
     * 10^4 seeded rounds of pushes and pops at both ends, batches, sweeps and scribbles of the
     * index word (corrupt values, and sane-looking values shifted from the true one) and of slot
     * words (garbage), on one thread. Every wait is bounded by the hook. Nothing is delivered twice
     * or invented; after the scribbling stops and a few sweeps run, the queue works.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void randomScribblesInterleavedWithOperationsAndSweeps(Memories.Backend backend) {
        for (long seed : new long[] {1, 2, 3}) {
            Rig r = new Rig(backend);
            SplittableRandom random = new SplittableRandom(seed);
            Set<Long> delivered = new HashSet<>();
            long next = 0;
            long blocked = 0;
            r.hook.retryBudget(BOUNDED);
            for (int round = 0; round < 10_000; round++) {
                int dice = random.nextInt(100);
                try {
                    r.hook.retryBudget(BOUNDED);
                    if (dice < 25) {
                        if (r.io.pushBack(r.producer, next)) {
                            next++;
                        }
                    } else if (dice < 32) {
                        if (r.io.pushFront(r.producer, next)) {
                            next++;
                        }
                    } else if (dice < 37) {
                        next += r.io.pushMultiple(r.producer, next, 1 + random.nextInt(3), BatchMode.AS_MANY_AS_FIT);
                    } else if (dice < 60) {
                        deliver(delivered, next, r.io.popFront(r.consumer));
                    } else if (dice < 66) {
                        deliver(delivered, next, r.io.popBack(r.consumer));
                    } else if (dice < 71) {
                        for (long v : r.io.popMultiple(r.consumer, 1 + random.nextInt(3))) {
                            deliver(delivered, next, v);
                        }
                    } else if (dice < 88) {
                        r.sweep();
                    } else if (dice < 91) {
                        r.scribbleIndex(randomIndex(random, r.deque.indexWord()));
                    } else {
                        int position = random.nextInt();
                        r.scribbleSlot(position, garbageSlotWord(random, position));
                    }
                } catch (ScriptedHook.StepBudgetExceeded e) {
                    blocked++; // waiting on a scribbled word; nothing is held at a RETRY step
                }
            }
            r.hook.retryBudget(Long.MAX_VALUE);
            for (int i = 0; i < 6; i++) {
                r.sweep();
            }
            for (Long v = r.io.popFront(r.consumer); v != null; v = r.io.popFront(r.consumer)) {
                deliver(delivered, next, v);
            }
            assertEquals(0, r.queue.size(), "seed " + seed);
            r.assertWorksForLaps(next);
            assertTrue(r.queue.faults() > 0, "seed " + seed + ": the scribbles were noticed");
            assertTrue(delivered.size() > 1000, "seed " + seed + ": records flowed (" + delivered.size()
                    + " delivered, " + blocked + " bounded waits)");
        }
    }

    private static void deliver(Set<Long> delivered, long pushed, Long value) {
        if (value == null) {
            return;
        }
        assertTrue(value >= 0 && value < pushed, "delivered " + value + ", never pushed");
        assertTrue(delivered.add(value), "delivered twice: " + value);
    }

    private static final int[] HELD = {SlotState.WRITING, SlotState.READING, SlotState.REAPING};

    /** A corrupt index, or a sane-looking one shifted from the true one by less than a lap. */
    private static long randomIndex(SplittableRandom random, long honest) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> IndexWord.of(IndexWord.head(honest), IndexWord.head(honest) + CAP + 1 + random.nextInt(1000));
            case 2 -> IndexWord.of(IndexWord.head(honest) + 1, IndexWord.head(honest));
            default -> {
                int shift = 1 + random.nextInt(CAP - 1);
                int head = IndexWord.head(honest) + (random.nextBoolean() ? shift : -shift);
                yield IndexWord.of(head, head + random.nextInt(CAP + 1));
            }
        };
    }

    /**
     * A word that no honest party could have written into the slot of {@code position}: random
     * bits, FREE, a position of another slot, an unknown state, an owner on READY, or a held state
     * of this slot at least 2^25 positions away.
     */
    private static long garbageSlotWord(SplittableRandom random, int position) {
        int wrongSlot = position + 1 + random.nextInt(CAP - 1);
        return switch (random.nextInt(6)) {
            case 0 -> random.nextLong();
            case 1 -> SlotWord.FREE;
            case 2 -> SlotWord.of(wrongSlot, 1 + random.nextInt(5));
            case 3 -> SlotWord.of(position, 6 + random.nextInt(250));
            case 4 -> SlotWord.of(position, SlotState.READY) | SlotWord.ownerBits(1 + random.nextInt(1000));
            default -> SlotWord.of(position + (1 << 25) * (1 + random.nextInt(100)), HELD[random.nextInt(HELD.length)]);
        };
    }

    // ------------------------------------------------------------------ threads

    /**
     * 2 producers, 2 consumers, a sweeper and a scribbler (corrupt index values and garbage slot
     * words) on a mapped file for about a second and a half, then the scribbler stops: the queue
     * drains, nothing is delivered twice or invented, and it works afterwards.
     *
     * <p>The sweeper runs until every producer and consumer has finished. A party that reaches a
     * scribbled word spins until a sweep repairs it, and no fixed number of sweeps is enough: a
     * suspicion is confirmed only by a sweep during which the index held still around that slot,
     * and each repair can move the tail onto the next damaged slot. Under load, two sweeps after
     * the producers were told to stop left a producer spinning on a lap-old SKIPPED word outside
     * the index, released by the next sweep.
     */
    @Test
    void producersConsumersSweeperAndScribblerOnThreads() throws InterruptedException {
        QueueSpec spec = new QueueSpec(64, RECORD, 2, 2);
        VschedQueueProvider provider = new VschedQueueProvider();
        WordMemory memory = Memories.mapped(provider.footprint(spec));
        VschedSharedQueue queue = provider.create(memory, 0, spec, StepHook.NONE);
        AtomicBoolean scribbling = new AtomicBoolean(true);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicBoolean consuming = new AtomicBoolean(true);
        AtomicBoolean sweeping = new AtomicBoolean(true);
        Set<Long> delivered = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong pushed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int id = p;
            threads.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                QueueProducer producer = queue.producer(id);
                RecordIo io = new RecordIo(RECORD, 4);
                long v = (long) id << 40;
                int k = 0;
                while (producing.get()) {
                    boolean ok = (k++ & 3) == 0 ? io.pushMultiple(producer, v, 1, BatchMode.ALL_OR_NOTHING) == 1
                            : io.pushBack(producer, v);
                    if (ok) {
                        v++;
                        pushed.incrementAndGet();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        for (int c = 0; c < 2; c++) {
            int id = c;
            threads.add(Thread.ofPlatform().name("consumer-" + c).start(() -> {
                QueueConsumer consumer = queue.consumer(id);
                RecordIo io = new RecordIo(RECORD, 4);
                try {
                    while (consuming.get()) {
                        Long v = (id == 0) ? io.popFront(consumer) : null;
                        int n = 0;
                        if (id == 1) {
                            n = io.popMultipleRaw(consumer, 4);
                            for (int k = 0; k < n; k++) {
                                check(delivered, io.batchValue(k));
                            }
                        } else if (v != null) {
                            check(delivered, v);
                        }
                        if (v == null && n == 0) {
                            Thread.onSpinWait();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        AtomicLong sweeps = new AtomicLong();
        Thread sweeper = Thread.ofPlatform().name("sweeper").start(() -> {
            while (sweeping.get()) {
                queue.recover(NOBODY_DEAD);
                sweeps.incrementAndGet();
                LockSupport.parkNanos(500_000);
            }
        });
        Thread scribbler = Thread.ofPlatform().name("scribbler").start(() -> {
            SplittableRandom random = new SplittableRandom(42);
            while (scribbling.get()) {
                if (random.nextInt(4) == 0) {
                    long honest = queue.deque().indexWord();
                    memory.setLongVolatile(VschedDeque.INDEX, random.nextBoolean() ? random.nextLong()
                            : IndexWord.of(IndexWord.head(honest), IndexWord.head(honest) - 1 - random.nextInt(100)));
                } else {
                    int position = random.nextInt();
                    memory.setLongVolatile(queue.deque().ring().slotOffset(position), garbageSlotWord(random, position));
                }
                LockSupport.parkNanos(200_000);
            }
        });
        try {
            // Scribble for a while, and at least until the damage has been noticed: under load the
            // scribbler may get little of the 1.5 s.
            Thread.sleep(1500);
            StallGuard.awaitEvent("the queue to notice a scribble", () -> queue.faults() > 0);
            scribbling.set(false);
            StallGuard.join(scribbler);
            // The sweeper repairs what the scribbler left: wait for two whole sweeps after it stopped,
            // and for records to flow, before the producers stop.
            long sweepsBefore = sweeps.get();
            StallGuard.awaitEvent("two sweeps after the scribbler stopped", () -> sweeps.get() >= sweepsBefore + 2);
            StallGuard.awaitEvent("100 records delivered", () -> delivered.size() > 100);
            // Stop in dependency order, the sweeper last: producers, then (once the index is sane and
            // empty) consumers, each of which may be waiting for a repair until it has finished.
            producing.set(false);
            for (Thread producer : threads.subList(0, 2)) {
                StallGuard.join(producer);
            }
            StallGuard.awaitEvent("the queue to be repaired and drained",
                    () -> !failures.isEmpty() || IndexWord.size(queue.deque().indexWord()) == 0);
            consuming.set(false);
            for (Thread consumer : threads.subList(2, 4)) {
                StallGuard.join(consumer);
            }
            sweeping.set(false);
            StallGuard.join(sweeper);
        } finally {
            // On a failed wait, stop every party (an interrupted spin gives up) so none outlives the test.
            scribbling.set(false);
            producing.set(false);
            consuming.set(false);
            sweeping.set(false);
            threads.forEach(Thread::interrupt);
            scribbler.interrupt();
            sweeper.interrupt();
        }
        assertEquals(List.of(), failures.stream().map(Throwable::toString).toList());
        for (int i = 0; i < 4; i++) {
            queue.recover(NOBODY_DEAD);
        }
        assertEquals(0, queue.size(), "drained");
        assertTrue(queue.faults() > 0, "the scribbles were noticed");
        assertTrue(delivered.size() > 100, "records flowed: " + delivered.size() + " of " + pushed.get());
        QueueProducer producer = queue.producer(0);
        QueueConsumer consumer = queue.consumer(0);
        RecordIo io = new RecordIo(RECORD, 4);
        for (long v = 0; v < 64; v++) {
            assertTrue(io.pushBack(producer, -1000 - v));
        }
        for (long v = 0; v < 64; v++) {
            assertEquals(-1000 - v, io.popFront(consumer));
        }
    }

    /** Producer p pushes p<<40, p<<40 + 1, ...: a value outside that is invented; a second delivery a duplicate. */
    private static void check(Set<Long> delivered, long value) {
        long producer = value >>> 40;
        if (producer > 1 || value < 0) {
            throw new AssertionError("delivered " + value + ", never pushed");
        }
        if (!delivered.add(value)) {
            throw new AssertionError("delivered twice: " + value);
        }
    }
}
