package org.vdsolab.disruptor;

import org.vdsolab.api.testing.StallGuard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A claim that overshoots (its slot not yet freed for its lap) waits with the producer's idle
 * strategy and then succeeds once consumers free the slot. Both ways to overshoot are produced
 * deterministically: a producer that raced past the room check (simulated by claiming without
 * it, which is exactly the code path after the check), and a consumer that has moved the cursor
 * but not yet freed its slot.
 */
class OvershootTest {

    private final List<CountingIdleStrategy> idles = new CopyOnWriteArrayList<>();

    private Ring ring(Backend backend, int capacity) {
        DisruptorQueueProvider provider = DisruptorQueueProvider.withIdleStrategy(() -> {
            CountingIdleStrategy s = new CountingIdleStrategy();
            idles.add(s);
            return s;
        });
        QueueSpec spec = new QueueSpec(capacity, 16, 2, 1);
        return new Ring(spec, backend.memory(Ring.BASE + provider.footprint(spec)), provider);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aProducerThatRacedPastTheRoomCheckWaitsThenSucceeds(Backend backend) throws Exception {
        Ring r = ring(backend, 2);
        assertTrue(r.push(0));
        assertTrue(r.push(1));
        assertFalse(r.push(99), "the room check refuses a clearly full ring");
        assertEquals(2, r.queue.producerCursor(), "a refused push claims nothing");

        DisruptorProducer racer = (DisruptorProducer) r.queue.producer(1);
        CountingIdleStrategy racerIdle = idles.get(idles.size() - 1);
        MemorySegment src = Arena.ofAuto().allocate(16, 8);
        Records.write(src, 0, 16, 2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                racer.writeClaimed(racer.claimUnchecked(1), src, 0, 1);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "racer");
        t.start();

        StallGuard.awaitEvent("the racer to wait on its slot", () -> racerIdle.idles.get() > 0);
        assertEquals(3, r.queue.producerCursor(), "the claim happened (getAndAdd cannot be undone)");
        assertTrue(t.isAlive(), "the racer must be waiting, not done");
        assertEquals(SlotState.published(0), r.availability(2), "slot of seq 2 still holds lap 0's record");

        assertEquals(0, r.pop(), "freeing slot 0 for lap 1 lets the racer in");
        StallGuard.join(t);
        assertNull(failure.get());
        assertEquals(1, r.pop());
        assertEquals(2, r.pop());
        assertFalse(r.consumer.popFront(r.out, 0));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBatchClaimPastTheRingWaitsSlotBySlotAcrossLaps(Backend backend) throws Exception {
        Ring r = ring(backend, 2);
        assertTrue(r.push(0));
        assertTrue(r.push(1));
        DisruptorProducer racer = (DisruptorProducer) r.queue.producer(1);
        CountingIdleStrategy racerIdle = idles.get(idles.size() - 1);
        MemorySegment src = Arena.ofAuto().allocate(3 * 16, 8);
        for (int k = 0; k < 3; k++) {
            Records.write(src, 16L * k, 16, 2 + k);
        }
        Thread t = new Thread(() -> racer.writeClaimed(racer.claimUnchecked(3), src, 0, 3), "batch-racer");
        t.start();
        StallGuard.awaitEvent("the batch claim", () -> r.queue.producerCursor() == 5);
        StallGuard.awaitEvent("the batch producer to wait for slot 0", () -> racerIdle.idles.get() > 0);
        // Seqs 2, 3, 4 need slots 0, 1, 0: the last one only after seq 2 itself is consumed.
        long[] popped = {0};
        StallGuard.awaitEvent("seqs 0..4 to arrive in order", () -> {
            if (r.consumer.popFront(r.out, 0)) {
                assertEquals(popped[0]++, Records.check(r.out, 0, 16));
            }
            return popped[0] == 5;
        });
        StallGuard.join(t);
        assertFalse(r.consumer.popFront(r.out, 0));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aProducerWaitsForAConsumerThatClaimedButHasNotFreedItsSlot(Backend backend) throws Exception {
        Ring r = ring(backend, 2);
        assertTrue(r.push(0));
        assertTrue(r.push(1));
        // A consumer mid-pop: it moved the cursor past seq 0 but is still copying slot 0 out.
        long cursor = r.queue.ring().consumerCursor;
        assertTrue(r.memory.compareAndSetLong(cursor, 0, 1));
        CountingIdleStrategy idle = idles.get(0);
        AtomicReference<Boolean> pushed = new AtomicReference<>();
        MemorySegment src = Arena.ofAuto().allocate(32, 8);
        Records.write(src, 0, 16, 2);
        Thread t = new Thread(() -> pushed.set(r.producer.pushMultiple(src, 0, 1, BatchMode.ALL_OR_NOTHING) == 1), "producer");
        t.start();
        StallGuard.awaitEvent("the producer to wait for slot 0", () -> idle.idles.get() > 0);
        assertEquals(3, r.queue.producerCursor());
        // The consumer finishes: frees slot 0 for lap 1 (what DisruptorConsumer.free does).
        r.memory.setLongRelease(r.queue.ring().availabilityOf(0), SlotState.free(1));
        StallGuard.join(t);
        assertTrue(pushed.get());
        assertEquals(1, r.pop());
        assertEquals(2, r.pop());
        assertFalse(r.consumer.popFront(r.out, 0));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSlotClaimWaitsTooAndItsHandleAddressesTheFreedSlot(Backend backend) throws Exception {
        Ring r = ring(backend, 2);
        assertTrue(r.push(0));
        assertTrue(r.push(1));
        assertTrue(r.memory.compareAndSetLong(r.queue.ring().consumerCursor, 0, 1));
        AtomicReference<Long> offset = new AtomicReference<>();
        Thread t = new Thread(() -> {
            var h = r.producer.pushSlotBack();
            offset.set(h.offset());
            Records.write(h.segment(), h.offset(), 16, 2);
            h.close();
        }, "slot-producer");
        t.start();
        StallGuard.awaitEvent("the slot claim to wait", () -> idles.get(0).idles.get() > 0);
        r.memory.setLongRelease(r.queue.ring().availabilityOf(0), SlotState.free(1));
        StallGuard.join(t);
        assertEquals(r.queue.ring().recordOf(2), offset.get());
        assertEquals(1, r.pop());
        assertEquals(2, r.pop());
    }
}
