package org.vdsolab.spsc;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The race spsc-shared exists to show (question Q7): a submit publishes the
 * current shared sqe_tail, which covers slots other producers have claimed and not finished
 * writing. Shown deterministically by a script, then counted with real threads.
 */
class SpscSharedRaceTest {

    private static final int RECORD = 64;
    private static final int HALF = RECORD / 2;
    private static final SpscSharedQueueProvider PROVIDER = new SpscSharedQueueProvider();

    @Test
    void scriptedOneProducersSubmitPublishesAnothersHalfWrittenEntry() {
        QueueSpec spec = new QueueSpec(4, RECORD, 2, 1);
        WordMemory memory = new HeapWordMemory(PROVIDER.footprint(spec));
        SqRingQueue queue = PROVIDER.create(memory, 0, spec);
        QueueProducer p1 = queue.producer(0);
        QueueProducer p2 = queue.producer(1);
        QueueConsumer kernel = queue.consumer(0);
        MemorySegment buf = TestRecords.buffer(4, RECORD);

        // One full lap first, so every slot holds an old, intact record (producer 7).
        for (int i = 0; i < 4; i++) {
            TestRecords.write(buf, (long) i * RECORD, RECORD, 7, i);
        }
        assertEquals(4, p1.pushMultiple(buf, 0, 4, BatchMode.ALL_OR_NOTHING));
        assertEquals(4, kernel.popMultiple(buf, 0, 4));

        SlotHandle s1 = p1.pushSlotBack();           // P1 claims position 4 (slot 0)
        SlotHandle s2 = p2.pushSlotBack();           // P2 claims position 5 (slot 1)
        assertNotNull(s1);
        assertNotNull(s2);
        assertEquals(s1.offset() + RECORD, s2.offset(), "consecutive slots");
        byte[] oldP2Slot = s2.segment().asSlice(s2.offset(), RECORD).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);

        TestRecords.write(s1.segment(), s1.offset(), RECORD, 1, 100);      // P1 writes its whole entry
        MemorySegment p2Record = TestRecords.buffer(1, RECORD);
        TestRecords.write(p2Record, 0, RECORD, 2, 200);
        MemorySegment.copy(p2Record, 0, s2.segment(), s2.offset(), HALF);  // P2 has written half of its entry...
        s1.close();                                                        // ...when P1 submits

        MemorySegment out = TestRecords.buffer(4, RECORD);
        assertEquals(2, kernel.popMultiple(out, 0, 4), "P1's submit published P2's claimed slot too");
        assertTrue(TestRecords.intact(out, 0, RECORD));
        assertEquals(1, TestRecords.producer(out, 0));
        assertEquals(100, TestRecords.sequence(out, 0));

        // The second entry is torn: P2's new first half, the previous lap's second half.
        byte[] torn = out.asSlice(RECORD, RECORD).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        byte[] newHalf = p2Record.asSlice(0, HALF).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertArrayEquals(newHalf, java.util.Arrays.copyOfRange(torn, 0, HALF), "first half: P2's new bytes");
        assertArrayEquals(java.util.Arrays.copyOfRange(oldP2Slot, HALF, RECORD), java.util.Arrays.copyOfRange(torn, HALF,
                RECORD), "second half: the stale bytes of the previous lap");
        assertEquals(2, TestRecords.producer(out, RECORD));
        assertEquals(200, TestRecords.sequence(out, RECORD));
        assertFalse(TestRecords.intact(out, RECORD, RECORD), "the consumer received a torn SQE");

        // P2 finishes and submits: nothing new is published, its complete entry is never delivered.
        MemorySegment.copy(p2Record, HALF, s2.segment(), s2.offset() + HALF, HALF);
        s2.close();
        assertFalse(kernel.popFront(out, 0), "P2's finished entry was already consumed torn: lost");
        assertEquals(0, queue.dropped());
    }

    @Test
    void theConsumerTreatsAKtailThatMovedBackwardsAsEmptyAndNeverReadsOutsideTheRing() {
        QueueSpec spec = new QueueSpec(8, RECORD, 2, 1);
        WordMemory memory = new HeapWordMemory(PROVIDER.footprint(spec));
        SqRingQueue queue = PROVIDER.create(memory, 0, spec);
        long ktail = 64 + SqRingLayout.KTAIL;
        QueueProducer producer = queue.producer(0);
        QueueConsumer kernel = queue.consumer(0);
        MemorySegment buf = TestRecords.buffer(16, RECORD);
        for (int i = 0; i < 5; i++) {
            TestRecords.write(buf, 0, RECORD, 0, i);
            assertTrue(producer.pushBack(buf, 0));
        }
        assertEquals(5, kernel.popMultiple(buf, 0, 16));

        // Two racing submits stored out of order: ktail went from 5 back to 3.
        memory.setIntRelease(ktail, 3);
        assertFalse(kernel.popFront(buf, 0));
        assertEquals(0, kernel.popMultiple(buf, 0, 16));
        assertEquals(0, queue.size());
        // Far behind (by 2^31 - 1 positions, the wrapping-subtraction extreme): still empty.
        memory.setIntRelease(ktail, 5 + Integer.MIN_VALUE + 1);
        assertFalse(kernel.popFront(buf, 0));
        assertEquals(0, kernel.popMultiple(buf, 0, 16));

        // The next submit stores the current sqe_tail (6) and records flow again.
        TestRecords.write(buf, 0, RECORD, 0, 42);
        assertTrue(producer.pushBack(buf, 0));
        assertTrue(kernel.popFront(buf, 0));
        assertEquals(42, TestRecords.sequence(buf, 0));
        assertTrue(TestRecords.intact(buf, 0, RECORD));
        assertFalse(kernel.popFront(buf, 0));

        // Far ahead (garbage from a faulty submitter): at most one ring's worth per call, every call returns.
        memory.setIntRelease(ktail, 6 + 1000);
        for (int call = 0; call < 10; call++) {
            int got = kernel.popMultiple(buf, 0, 16);
            assertTrue(got <= 8, "at most one ring's worth per call, got " + got);
        }
    }

    @Test
    void anAbortBehindANewerClaimBecomesADroppedTombstoneAndAnAbortOfTheNewestUnstages() {
        QueueSpec spec = new QueueSpec(8, RECORD, 2, 1);
        WordMemory memory = new HeapWordMemory(PROVIDER.footprint(spec));
        SqRingQueue queue = PROVIDER.create(memory, 0, spec);
        long sqeTail = 64 + SqRingLayout.SQE_TAIL;
        QueueProducer p1 = queue.producer(0);
        QueueProducer p2 = queue.producer(1);
        QueueConsumer kernel = queue.consumer(0);
        MemorySegment out = TestRecords.buffer(8, RECORD);

        SlotHandle newest = p1.pushSlotBack();
        newest.abort();
        assertEquals(0, memory.getIntVolatile(sqeTail), "the newest claim is un-staged: sqe_tail back to 0");

        SlotHandle s1 = p1.pushSlotBack();   // position 0
        SlotHandle s2 = p2.pushSlotBack();   // position 1
        TestRecords.write(s1.segment(), s1.offset(), RECORD, 1, 1);
        s1.abort();                          // cannot un-stage: P2 claimed behind it
        assertEquals(2, memory.getIntVolatile(sqeTail));
        TestRecords.write(s2.segment(), s2.offset(), RECORD, 2, 2);
        s2.close();                          // publishes positions 0 and 1
        assertEquals(1, kernel.popMultiple(out, 0, 8), "the aborted entry is not delivered");
        assertEquals(2, TestRecords.producer(out, 0));
        assertEquals(1, queue.dropped(), "it was dropped through the out-of-range array[] index");
    }

    @Test
    void withOneProducerItIsAnOrdinaryFifo() {
        QueueSpec spec = QueueSpec.of(16, RECORD);
        WordMemory memory = TestMemories.mapped(PROVIDER.footprint(spec));
        SqRingQueue queue = PROVIDER.create(memory, 0, spec);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int count = 20_000;
        QueueProducer producer = queue.producer(0);
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                MemorySegment buf = TestRecords.buffer(1, RECORD);
                for (long seq = 0; seq < count; ) {
                    TestRecords.write(buf, 0, RECORD, 0, seq);
                    if (producer.pushBack(buf, 0)) {
                        seq++;
                    } else {
                        Thread.yield();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        QueueConsumer kernel = queue.consumer(0);
        MemorySegment out = TestRecords.buffer(8, RECORD);
        long next = 0;
        while (next < count && failure.get() == null) {
            int n = kernel.popMultiple(out, 0, 8);
            for (int i = 0; i < n; i++) {
                assertTrue(TestRecords.intact(out, (long) i * RECORD, RECORD));
                assertEquals(next++, TestRecords.sequence(out, (long) i * RECORD));
            }
            if (n == 0) {
                Thread.yield();
            }
        }
        assertEquals(null, failure.get());
        assertEquals(count, next);
    }

    /**
     * Two producer threads fill their slots in two halves with a pause between (a short spin, or a
     * yield every 16th record: a producer slow or pre-empted mid-write, which a shared
     * ring must tolerate and cannot); the
     * consumer counts torn entries. Bounded: stops at the first torn entries found or after a fixed
     * number of records, and asserts some were torn.
     */
    @Test
    void twoProducerThreadsProduceTornEntries() throws Exception {
        QueueSpec spec = new QueueSpec(64, RECORD, 2, 1);
        WordMemory memory = TestMemories.mapped(PROVIDER.footprint(spec));
        SqRingQueue queue = PROVIDER.create(memory, 0, spec);
        int perProducer = 200_000;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            QueueProducer producer = queue.producer(p);
            int id = p;
            producers.add(Thread.ofPlatform().name("shared-producer-" + p).start(() -> {
                try {
                    MemorySegment record = TestRecords.buffer(1, RECORD);
                    for (long seq = 0; seq < perProducer && !stop.get(); ) {
                        SlotHandle slot = producer.pushSlotBack();
                        if (slot == null) {
                            Thread.yield();
                            continue;
                        }
                        TestRecords.write(record, 0, RECORD, id, seq++);
                        MemorySegment.copy(record, 0, slot.segment(), slot.offset(), HALF);
                        if ((seq & 15) == 0) {
                            Thread.yield();              // pre-empted mid-write, now and then
                        } else {
                            for (int spin = 0; spin < 50; spin++) {
                                Thread.onSpinWait();     // or merely slow
                            }
                        }
                        MemorySegment.copy(record, HALF, slot.segment(), slot.offset() + HALF, HALF);
                        slot.close();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        QueueConsumer kernel = queue.consumer(0);
        MemorySegment out = TestRecords.buffer(16, RECORD);
        long received = 0;
        long torn = 0;
        int idlePolls = 0;
        while (idlePolls < 100_000 && failure.get() == null) {
            int n = kernel.popMultiple(out, 0, 16);
            for (int i = 0; i < n; i++) {
                if (!TestRecords.intact(out, (long) i * RECORD, RECORD)) {
                    torn++;
                }
            }
            received += n;
            if (torn >= 5) {
                stop.set(true);
            }
            boolean producing = producers.stream().anyMatch(Thread::isAlive);
            idlePolls = n > 0 || producing ? 0 : idlePolls + 1;
            if (n == 0) {
                Thread.yield();
            }
        }
        stop.set(true);
        for (Thread t : producers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a producer failed", failure.get());
        }
        assertTrue(torn > 0, "expected torn entries from the shared sqe_tail race; received " + received
                + " records, none torn");
        System.out.printf("spsc-shared: %d torn of %d received (%.1f per million), %d dropped%n", torn, received,
                1e6 * torn / Math.max(1, received), queue.dropped());
    }
}
