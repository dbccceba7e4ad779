package org.vdsolab.disruptor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.testing.CountingWordMemory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each claim strategy moves the producer cursor with exactly one successful atomic of its kind. */
class ClaimStrategyTest {

    @ParameterizedTest
    @EnumSource(ClaimStrategy.class)
    void oneAtomicPerClaimOfTheStrategysKindAndNoneWhenFull(ClaimStrategy claim) {
        DisruptorQueueProvider provider = DisruptorQueueProvider.withClaimStrategy(claim);
        assertEquals(claim, provider.claimStrategy());
        QueueSpec spec = QueueSpec.of(8, 16);
        CountingWordMemory counting = new CountingWordMemory(Backend.SEGMENT.memory(Ring.BASE + provider.footprint(spec)));
        Ring r = new Ring(spec, counting, provider);
        long cursor = r.queue.ring().producerCursor;
        MemorySegment src = Arena.ofAuto().allocate(16 * 8, 8);
        for (int k = 0; k < 8; k++) {
            Records.write(src, 16L * k, 16, k);
        }

        assertEquals(5, r.producer.pushMultiple(src, 0, 5, BatchMode.ALL_OR_NOTHING));
        assertTrue(r.producer.pushBack(src, 16L * 5));
        assertTrue(r.producer.pushSlotBack() != null);
        assertThrows(IllegalStateException.class, r.producer::pushSlotBack, "still open: refused before any atomic");
        long expectedGetAndAdds = claim == ClaimStrategy.GET_AND_ADD ? 3 : 0;
        long expectedCas = claim == ClaimStrategy.COMPARE_AND_SET ? 3 : 0;
        assertEquals(expectedGetAndAdds, counting.getAndAdds(cursor));
        assertEquals(expectedCas, counting.compareAndSets(cursor));
        assertEquals(7, r.queue.producerCursor());
    }

    @ParameterizedTest
    @EnumSource(ClaimStrategy.class)
    void fullAnswersCostNoAtomic(ClaimStrategy claim) {
        DisruptorQueueProvider provider = DisruptorQueueProvider.withClaimStrategy(claim);
        QueueSpec spec = QueueSpec.of(2, 16);
        CountingWordMemory counting = new CountingWordMemory(Backend.HEAP.memory(Ring.BASE + provider.footprint(spec)));
        Ring r = new Ring(spec, counting, provider);
        assertTrue(r.push(0));
        assertTrue(r.push(1));
        counting.reset();
        long cursor = r.queue.ring().producerCursor;
        assertTrue(!r.push(2));
        assertNull(r.producer.pushSlotBack());
        assertEquals(0, r.producer.pushMultiple(r.in, 0, 1, BatchMode.AS_MANY_AS_FIT));
        assertEquals(0, counting.getAndAdds(cursor) + counting.compareAndSets(cursor));
        assertEquals(0, r.pop());
        assertEquals(1, r.producer.pushMultiple(r.in, 0, 2, BatchMode.AS_MANY_AS_FIT), "one fits after a pop");
        assertEquals(1, counting.getAndAdds(cursor) + counting.compareAndSets(cursor));
    }
}
