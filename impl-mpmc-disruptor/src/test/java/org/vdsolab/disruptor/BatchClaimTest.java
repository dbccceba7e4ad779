package org.vdsolab.disruptor;

import org.vdsolab.api.testing.StallGuard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.testing.CountingWordMemory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Batches move each cursor once: pushMultiple with one getAndAdd of exactly n, popMultiple with
 * one CAS over the published prefix. Counted on a decorating WordMemory, not timed.
 */
class BatchClaimTest {

    private static final int CAP = 8;

    private CountingWordMemory counting;
    private Ring r;
    private MemorySegment src;

    private void setUp(Backend backend) {
        DisruptorQueueProvider provider = new DisruptorQueueProvider();
        QueueSpec spec = QueueSpec.of(CAP, 16);
        counting = new CountingWordMemory(backend.memory(Ring.BASE + provider.footprint(spec)));
        r = new Ring(spec, counting, provider);
        src = Arena.ofAuto().allocate(16L * CAP, 8);
    }

    private void fill(long first, int n) {
        for (int k = 0; k < n; k++) {
            Records.write(src, 16L * k, 16, first + k);
        }
    }

    private long producerAdds() {
        return counting.getAndAdds(r.queue.ring().producerCursor);
    }

    private long consumerCases() {
        return counting.compareAndSets(r.queue.ring().consumerCursor);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pushMultipleMovesTheProducerCursorByExactlyNWithOneGetAndAdd(Backend backend) {
        setUp(backend);
        for (int n = 1; n <= CAP; n++) {
            counting.reset();
            long before = r.queue.producerCursor();
            fill(before, n);
            assertEquals(n, r.producer.pushMultiple(src, 0, n, BatchMode.ALL_OR_NOTHING));
            assertEquals(before + n, r.queue.producerCursor(), "batch of " + n);
            assertEquals(1, producerAdds(), "one getAndAdd for a batch of " + n);

            assertEquals(n, r.consumer.popMultiple(r.out, 0, CAP));
            assertEquals(1, consumerCases(), "one CAS to pop a published run of " + n);
            assertEquals(before + n, r.queue.consumerCursor());
            for (int k = 0; k < n; k++) {
                assertEquals(before + k, Records.check(r.out, 16L * k, 16));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void asManyAsFitClaimsOnlyTheRoomSeen(Backend backend) {
        setUp(backend);
        fill(0, 5);
        assertEquals(5, r.producer.pushMultiple(src, 0, 5, BatchMode.AS_MANY_AS_FIT));
        counting.reset();
        fill(5, 6);
        assertEquals(3, r.producer.pushMultiple(src, 0, 6, BatchMode.AS_MANY_AS_FIT), "room for 3 of 6");
        assertEquals(CAP, r.queue.producerCursor(), "cursor moved by exactly the 3 that fit");
        assertEquals(1, producerAdds());
        counting.reset();
        assertEquals(0, r.producer.pushMultiple(src, 0, 1, BatchMode.AS_MANY_AS_FIT), "full");
        assertEquals(0, producerAdds(), "a full ring costs no claim");
        assertEquals(CAP, r.consumer.popMultiple(r.out, 0, CAP + 3));
        for (int k = 0; k < CAP; k++) {
            assertEquals(k, Records.check(r.out, 16L * k, 16));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void allOrNothingClaimsNothingWhenTheBatchDoesNotFit(Backend backend) {
        setUp(backend);
        fill(0, 3);
        assertEquals(3, r.producer.pushMultiple(src, 0, 3, BatchMode.ALL_OR_NOTHING));
        counting.reset();
        fill(3, 6);
        assertEquals(0, r.producer.pushMultiple(src, 0, 6, BatchMode.ALL_OR_NOTHING), "6 do not fit in 5");
        assertEquals(3, r.queue.producerCursor());
        assertEquals(0, producerAdds());
        assertEquals(0, r.producer.pushMultiple(src, 0, CAP + 1, BatchMode.ALL_OR_NOTHING), "larger than the ring");
        assertEquals(5, r.producer.pushMultiple(src, 0, 5, BatchMode.ALL_OR_NOTHING), "exactly the room");
        assertEquals(CAP, r.consumer.popMultiple(r.out, 0, CAP));
        for (int k = 0; k < CAP; k++) {
            assertEquals(k, Records.check(r.out, 16L * k, 16));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void popMultipleClaimsOnlyPublishedSlotsAndWaitsForAClaimedHole(Backend backend) throws Exception {
        setUp(backend);
        assertEquals(true, r.push(0));
        assertEquals(true, r.push(1));
        var open = r.producer.pushSlotBack();          // seq 2 claimed, not published
        DisruptorProducer other = (DisruptorProducer) r.queue.producer(0);
        Records.write(src, 0, 16, 3);
        assertEquals(true, other.pushBack(src, 0));    // seq 3 published after the hole
        counting.reset();

        // popFront needs only seq 0: it does not wait for the hole.
        assertEquals(0, r.pop());
        assertEquals(1, consumerCases());

        // popMultiple(8) must not answer [1] while 3 is published behind the claimed seq 2: it
        // waits for the hole, then claims [1, 4) with one CAS.
        counting.reset();
        CountingIdleStrategy idle = new CountingIdleStrategy();
        DisruptorConsumer consumer = new DisruptorConsumer(r.queue, 0, idle);
        MemorySegment dst = Arena.ofAuto().allocate(16L * CAP, 8);
        AtomicInteger popped = new AtomicInteger(-1);
        Thread t = new Thread(() -> popped.set(consumer.popMultiple(dst, 0, CAP)), "batch-consumer");
        t.start();
        StallGuard.awaitEvent("the consumer to wait for seq 2", () -> idle.idles.get() > 0);
        assertEquals(1, r.queue.consumerCursor(), "nothing claimed while waiting");
        Records.write(open.segment(), open.offset(), 16, 2);
        open.close();
        StallGuard.join(t);
        assertEquals(3, popped.get());
        for (int k = 0; k < 3; k++) {
            assertEquals(1 + k, Records.check(dst, 16L * k, 16));
        }
        assertEquals(1, consumerCases(), "one CAS for the run");
        assertEquals(4, r.queue.consumerCursor());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void zeroAndNegativeCounts(Backend backend) {
        setUp(backend);
        assertEquals(0, r.producer.pushMultiple(src, 0, 0, BatchMode.ALL_OR_NOTHING));
        assertEquals(0, r.producer.pushMultiple(src, 0, 0, BatchMode.AS_MANY_AS_FIT));
        assertEquals(0, r.consumer.popMultiple(r.out, 0, 0));
        assertEquals(0, producerAdds());
        assertThrows(IllegalArgumentException.class, () -> r.producer.pushMultiple(src, 0, -1, BatchMode.AS_MANY_AS_FIT));
        assertThrows(IllegalArgumentException.class, () -> r.consumer.popMultiple(r.out, 0, -1));
    }
}
