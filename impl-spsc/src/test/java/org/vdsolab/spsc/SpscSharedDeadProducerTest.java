package org.vdsolab.spsc;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EXPECTED FAILURE, measured: what {@code spsc-shared} does when a producer dies after advancing
 * the shared {@code sqe_tail} (its get_sqe claim) and before it submits. It has no owner, no
 * per-slot state and no recovery, and the ring never stalls: the next submit by any other
 * producer publishes the current {@code sqe_tail}, which covers the dead claim, so the consumer
 * reads whatever bytes that slot holds as if they were a record. Scripted on one thread (a claim
 * whose handle is never closed is the dead producer):
 * <ul>
 *   <li>died before writing anything: the previous lap's record in that slot is delivered a second
 *       time (intact, so a checksum cannot tell: a duplicate); in a fresh ring, all zeros;</li>
 *   <li>died half-way through writing: a torn record is delivered;</li>
 *   <li>either way the record it meant to push is lost, and nothing is counted as dropped.</li>
 * </ul>
 */
class SpscSharedDeadProducerTest {

    private static final int RECORD = 64;
    private static final SpscSharedQueueProvider PROVIDER = new SpscSharedQueueProvider();

    private record Rig(SqRingQueue queue, QueueProducer doomed, QueueProducer live, QueueConsumer kernel,
                       MemorySegment buf) { }

    /** A 4-entry shared ring that has gone round once: every slot holds an old intact record of producer 7. */
    private static Rig rigAfterOneLap() {
        QueueSpec spec = new QueueSpec(4, RECORD, 2, 1);
        WordMemory memory = new HeapWordMemory(PROVIDER.footprint(spec));
        SqRingQueue queue = PROVIDER.create(memory, 0, spec);
        assertFalse(PROVIDER.capabilities().contains(QueueCapability.OWNER_RECOVERY), "spsc-shared declares no recovery");
        Rig r = new Rig(queue, queue.producer(0), queue.producer(1), queue.consumer(0), TestRecords.buffer(4, RECORD));
        for (int i = 0; i < 4; i++) {
            TestRecords.write(r.buf, (long) i * RECORD, RECORD, 7, i);
        }
        assertEquals(4, r.live.pushMultiple(r.buf, 0, 4, BatchMode.ALL_OR_NOTHING));
        assertEquals(4, r.kernel.popMultiple(r.buf, 0, 4));
        return r;
    }

    @Test
    void expectedFailureAProducerDeadBeforeWritingMakesTheNextSubmitDeliverTheSlotsStaleRecordAgain() {
        Rig r = rigAfterOneLap();
        SlotHandle dead = r.doomed.pushSlotBack(); // claims position 4 (slot 0), then dies: never writes, never submits
        assertNotNull(dead);
        TestRecords.write(r.buf, 0, RECORD, 2, 200);
        assertTrue(r.live.pushBack(r.buf, 0), "the other producer pushes past it");

        MemorySegment out = TestRecords.buffer(4, RECORD);
        assertEquals(2, r.kernel.popMultiple(out, 0, 4), "the other producer's submit published the dead claim too");
        assertTrue(TestRecords.intact(out, 0, RECORD), "the dead slot's bytes are an intact old record...");
        assertEquals(7, TestRecords.producer(out, 0));
        assertEquals(0, TestRecords.sequence(out, 0), "...the previous lap's record 0, delivered a second time");
        assertEquals(2, TestRecords.producer(out, RECORD));
        assertEquals(200, TestRecords.sequence(out, RECORD), "the live record arrives after it");
        assertFalse(r.kernel.popFront(out, 0), "nothing else: the dead producer's own record is lost");
        assertEquals(0, r.queue.dropped(), "nothing is counted: the consumer cannot tell");
        assertEquals(0, r.queue.recover(owner -> true), "no recovery: even 'everyone is dead' changes nothing");
    }

    @Test
    void expectedFailureAProducerDeadHalfWayThroughWritingMakesTheConsumerReadATornRecord() {
        Rig r = rigAfterOneLap();
        SlotHandle dead = r.doomed.pushSlotBack();
        assertNotNull(dead);
        MemorySegment meant = TestRecords.buffer(1, RECORD);
        TestRecords.write(meant, 0, RECORD, 1, 100);
        MemorySegment.copy(meant, 0, dead.segment(), dead.offset(), RECORD / 2); // dies after half the record
        TestRecords.write(r.buf, 0, RECORD, 2, 200);
        assertTrue(r.live.pushBack(r.buf, 0));

        MemorySegment out = TestRecords.buffer(4, RECORD);
        assertEquals(2, r.kernel.popMultiple(out, 0, 4));
        assertFalse(TestRecords.intact(out, 0, RECORD), "the consumer received a torn record");
        assertEquals(1, TestRecords.producer(out, 0), "its first half is the dead producer's");
        assertTrue(TestRecords.intact(out, RECORD, RECORD));
        assertEquals(200, TestRecords.sequence(out, RECORD));
        assertEquals(0, r.queue.dropped());
    }

    @Test
    void expectedFailureInAFreshRingTheDeadClaimIsDeliveredAsAnAllZeroRecord() {
        QueueSpec spec = new QueueSpec(4, RECORD, 2, 1);
        SqRingQueue queue = PROVIDER.create(new HeapWordMemory(PROVIDER.footprint(spec)), 0, spec);
        assertNotNull(queue.producer(0).pushSlotBack()); // dies holding position 0
        MemorySegment buf = TestRecords.buffer(1, RECORD);
        TestRecords.write(buf, 0, RECORD, 2, 200);
        assertTrue(queue.producer(1).pushBack(buf, 0));

        MemorySegment out = TestRecords.buffer(4, RECORD);
        assertEquals(2, queue.consumer(0).popMultiple(out, 0, 4));
        for (int w = 0; w < RECORD / 8; w++) {
            assertEquals(0, out.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 8L * w), "word " + w + " of the ghost record");
        }
        assertEquals(200, TestRecords.sequence(out, RECORD));
    }

    /** If no other producer submits after the death, the ring does not stall: the claim is just never seen. */
    @Test
    void aDeadClaimWithNoLaterSubmitIsInvisibleAndTheRingKeepsAcceptingUntilItIsFull() {
        Rig r = rigAfterOneLap();
        assertNotNull(r.doomed.pushSlotBack());
        MemorySegment out = TestRecords.buffer(4, RECORD);
        assertFalse(r.kernel.popFront(out, 0), "nothing published: the consumer sees an empty ring");
        assertEquals(3, r.live.pushMultiple(r.buf, 0, 4, BatchMode.AS_MANY_AS_FIT),
                "the dead claim keeps one of the 4 slots: 3 fit");
        assertEquals(4, r.kernel.popMultiple(out, 0, 4), "and the dead slot comes out with them");
    }
}
