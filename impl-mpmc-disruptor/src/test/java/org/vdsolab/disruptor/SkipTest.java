package org.vdsolab.disruptor;

import org.vdsolab.api.testing.StallGuard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aborted push_slot claims are published as SKIPPED: never delivered, always reclaimed. */
class SkipTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anAbortedSlotIsSkippedByPopFrontWhichGoesOnToTheNextRecord(Backend backend) {
        Ring r = new Ring(backend, QueueSpec.of(4, 16));
        SlotHandle h = r.producer.pushSlotBack();
        assertNotNull(h);
        Records.write(h.segment(), h.offset(), 16, 111);
        h.abort();
        assertEquals(SlotState.skipped(0), r.availability(0));
        assertTrue(r.push(7));
        assertEquals(7, r.pop(), "the aborted record is never delivered; the next one is");
        assertEquals(SlotState.free(1), r.availability(0), "the skipped slot is freed for the next lap");
        assertFalse(r.consumer.popFront(r.out, 0));
        assertEquals(2, r.queue.consumerCursor());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSkippedSlotAloneReadsAsEmptyAndIsStillReclaimed(Backend backend) {
        Ring r = new Ring(backend, QueueSpec.of(2, 16));
        r.producer.pushSlotBack().abort();
        assertFalse(r.consumer.popFront(r.out, 0));
        assertEquals(1, r.queue.consumerCursor(), "the skipped sequence was claimed and freed");
        r.producer.pushSlotBack().abort();
        assertEquals(0, r.consumer.popMultiple(r.out, 0, 2));
        assertEquals(2, r.queue.consumerCursor());
        assertEquals(0, r.queue.size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void popMultipleReturnsOnlyDeliveredRecordsInOrder(Backend backend) {
        Ring r = new Ring(backend, QueueSpec.of(8, 16));
        // 0 skip 1 skip skip 2 3 skip
        assertTrue(r.push(0));
        r.producer.pushSlotBack().abort();
        assertTrue(r.push(1));
        r.producer.pushSlotBack().abort();
        r.producer.pushSlotBack().abort();
        assertTrue(r.push(2));
        assertTrue(r.push(3));
        r.producer.pushSlotBack().abort();
        assertEquals(3, r.consumer.popMultiple(r.out, 0, 3));
        for (int k = 0; k < 3; k++) {
            assertEquals(k, Records.check(r.out, 16L * k, 16));
        }
        assertEquals(6, r.queue.consumerCursor(), "the run up to the third delivered record was claimed");
        assertEquals(1, r.consumer.popMultiple(r.out, 0, 8));
        assertEquals(3, Records.check(r.out, 0, 16));
        assertEquals(8, r.queue.consumerCursor(), "the trailing skip is claimed with the run");
        assertEquals(0, r.consumer.popMultiple(r.out, 0, 8));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void skippedSlotsAreReusableOverManyLaps(Backend backend) {
        Ring r = new Ring(backend, QueueSpec.of(2, 64));
        long delivered = 0;
        SlotHandle previous = null;
        for (int i = 0; i < 3_000; i++) {
            SlotHandle h = r.producer.pushSlotBack();
            assertNotNull(h, "a ring of skipped slots must never fill up (round " + i + ")");
            if (previous != null) {
                assertSame(previous, h, "the producer reuses its one handle");
            }
            previous = h;
            Records.write(h.segment(), h.offset(), 64, i);
            if (i % 3 == 0) {
                h.abort();
            } else {
                h.close();
            }
            if (i % 2 == 1) {
                while (r.consumer.popFront(r.out, 0)) {
                    long v = Records.check(r.out, 0, 64);
                    assertTrue(v % 3 != 0, "aborted record " + v + " delivered");
                    delivered++;
                }
            }
        }
        while (r.consumer.popFront(r.out, 0)) {
            delivered++;
        }
        assertEquals(2_000, delivered);
        assertEquals(3_000, r.queue.consumerCursor());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anOpenSlotIsInvisibleUntilClosedAndConsumersWaitForIt(Backend backend) throws Exception {
        Ring r = new Ring(backend, QueueSpec.of(4, 16));
        SlotHandle h = r.producer.pushSlotBack();
        assertThrows(IllegalStateException.class, r.producer::pushSlotBack, "one open handle per producer");
        assertTrue(r.push(5), "a plain push may follow an open slot");
        assertEquals(SlotState.free(0), r.availability(0), "the open slot is not published");

        CountingIdleStrategy consumerIdle = new CountingIdleStrategy();
        DisruptorConsumer consumer = new DisruptorConsumer(r.queue, 0, consumerIdle);
        MemorySegment dst = Arena.ofAuto().allocate(32, 8);
        AtomicInteger popped = new AtomicInteger(-1);
        Thread t = new Thread(() -> popped.set(consumer.popMultiple(dst, 0, 2)), "consumer");
        t.start();
        StallGuard.awaitEvent("the consumer to wait for the open slot", () -> consumerIdle.idles.get() > 0);
        assertEquals(0, r.queue.consumerCursor(), "nothing is claimed past or at an unpublished slot");
        Records.write(h.segment(), h.offset(), 16, 4);
        h.close();
        StallGuard.join(t);
        assertEquals(2, popped.get());
        assertEquals(4, Records.check(dst, 0, 16));
        assertEquals(5, Records.check(dst, 16, 16));
        assertThrows(IllegalStateException.class, h::close);
        assertThrows(IllegalStateException.class, h::abort);
        assertThrows(IllegalStateException.class, h::offset);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pushSlotOnAFullRingReturnsNullWithoutClaiming(Backend backend) {
        Ring r = new Ring(backend, QueueSpec.of(2, 16));
        assertTrue(r.push(0));
        assertTrue(r.push(1));
        assertNull(r.producer.pushSlotBack());
        assertEquals(2, r.queue.producerCursor());
    }
}
