package org.vdsolab.disruptor;

import org.vdsolab.api.testing.StallGuard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The availability word carries the lap: on capacity-2 and capacity-4 rings driven through
 * thousands of wrap-arounds, every slot's word is FREE(lap) before a claim, PUBLISHED(lap) after
 * publish and FREE(lap + 1) after consumption, and records come out in order and intact.
 */
class LapMarkerTest {

    static final int LAPS = 2_000;

    static Stream<org.junit.jupiter.params.provider.Arguments> rings() {
        return Stream.of(Backend.values()).flatMap(b -> Stream.of(arguments(b, 2), arguments(b, 4)));
    }

    @ParameterizedTest(name = "{0} capacity {1}")
    @MethodSource("rings")
    void wordsCarryTheLapThroughManyWrapArounds(Backend backend, int capacity) {
        Ring r = new Ring(backend, QueueSpec.of(capacity, 16));
        long next = 0;
        long expectedOut = 0;
        for (int lap = 0; lap < LAPS; lap++) {
            // Vary the fill level so the cursors sit at every offset relative to the wrap point.
            int fill = 1 + lap % capacity;
            for (int k = 0; k < fill; k++) {
                long seq = next;
                assertEquals(SlotState.free(seq / capacity), r.availability(seq), "before publish of " + seq);
                assertTrue(r.push(seq), "push " + seq);
                assertEquals(SlotState.published(seq / capacity), r.availability(seq), "after publish of " + seq);
                next++;
            }
            for (int k = 0; k < fill; k++) {
                long seq = expectedOut;
                assertEquals(seq, r.pop());
                assertEquals(SlotState.free(seq / capacity + 1), r.availability(seq), "after consuming " + seq);
                expectedOut++;
            }
            assertFalse(r.consumer.popFront(r.out, 0), "empty after draining lap " + lap);
        }
        assertEquals(next, r.queue.producerCursor());
        assertEquals(next, r.queue.consumerCursor());
        assertTrue(next / capacity > 1_000, "the test must wrap the ring many times");
    }

    @ParameterizedTest(name = "{0} capacity {1}")
    @MethodSource("rings")
    void fullRingUsesEverySlotAndAnOldLapIsNeverTakenForANewOne(Backend backend, int capacity) {
        Ring r = new Ring(backend, QueueSpec.of(capacity, 16));
        long next = 0;
        long expectedOut = 0;
        for (int round = 0; round < LAPS; round++) {
            while (r.push(next)) {
                next++;
            }
            // Full at exactly capacity: laps distinguish full from empty, no spare slot.
            assertEquals(capacity, r.queue.size());
            assertEquals(capacity, next - expectedOut);
            // Every slot holds PUBLISHED for the newest lap; the next producer lap's FREE is absent.
            for (long s = expectedOut; s < next; s++) {
                assertEquals(SlotState.published(s / capacity), r.availability(s));
            }
            // Drain half (at least one), so the next round's writes land in slots of mixed laps.
            int drain = Math.max(1, capacity / 2);
            for (int k = 0; k < drain; k++) {
                assertEquals(expectedOut++, r.pop());
            }
        }
        while (expectedOut < next) {
            assertEquals(expectedOut++, r.pop());
        }
        assertFalse(r.consumer.popFront(r.out, 0));
        assertEquals(0, r.queue.size());
    }

    @ParameterizedTest(name = "{0} capacity {1}")
    @MethodSource("rings")
    void aWordOfAnOlderLapIsNotTakenForTheCurrentLapsRecord(Backend backend, int capacity) throws Exception {
        Ring r = new Ring(backend, QueueSpec.of(capacity, 16));
        // One full lap in and out: every slot now says FREE(lap 1).
        for (int k = 0; k < capacity; k++) {
            assertTrue(r.push(k));
        }
        for (int k = 0; k < capacity; k++) {
            assertEquals(k, r.pop());
        }
        // Claim sequence `capacity` (lap 1) and forge its word back to lap 0's PUBLISHED, which is
        // what a per-slot state without a lap would look like: the consumer must keep waiting for
        // lap 1's record and must not deliver the stale bytes.
        SlotHandle h = r.producer.pushSlotBack();
        long word = r.queue.ring().availabilityOf(capacity);
        r.memory.setLongVolatile(word, SlotState.published(0));
        CountingIdleStrategy idle = new CountingIdleStrategy();
        DisruptorConsumer consumer = new DisruptorConsumer(r.queue, 0, idle);
        MemorySegment dst = Arena.ofAuto().allocate(16, 8);
        AtomicBoolean popped = new AtomicBoolean();
        Thread t = new Thread(() -> popped.set(consumer.popFront(dst, 0)), "consumer");
        t.start();
        StallGuard.awaitEvent("the consumer to wait on the stale word", () -> idle.idles.get() > 0);
        assertEquals(capacity, r.queue.consumerCursor(), "a lap-0 word must not be claimed as lap 1's record");
        Records.write(h.segment(), h.offset(), 16, 1_000);
        h.close();
        StallGuard.join(t);
        assertTrue(popped.get());
        assertEquals(1_000, Records.check(dst, 0, 16));
        assertEquals(SlotState.free(2), r.availability(capacity));
    }
}
