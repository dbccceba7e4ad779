package org.vdsolab.disruptor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.liveness.OwnerToken;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile domain scribbles a cursor, an availability word or a claim record of a ring holding
 * records 2..5 (consumer cursor 2, producer cursor 6): honest parties refuse or wait, two sweeps
 * repair, and the ring moves again with every honest record delivered exactly once (except the
 * record of a scribbled slot), each repair counted. Both backends, both claim strategies.
 */
class CursorAndWordRepairTest {

    static final int CAPACITY = 8;

    static Stream<Arguments> rings() {
        List<Arguments> all = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (ClaimStrategy c : ClaimStrategy.values()) {
                all.add(Arguments.of(b, c));
            }
        }
        return all.stream();
    }

    enum CursorScribble {
        CONSUMER_ABOVE_PRODUCER, CONSUMER_HUGE, CONSUMER_NEGATIVE, PRODUCER_BELOW_CONSUMER, PRODUCER_FAR_AHEAD,
        PRODUCER_NEGATIVE, BOTH
    }

    static Stream<Arguments> cursorScribbles() {
        return rings().flatMap(a -> Stream.of(CursorScribble.values())
                .map(s -> Arguments.of(a.get()[0], a.get()[1], s)));
    }

    /** Records 2..5 in the ring: pushes 0..5 through producer 0, pops 0 and 1. */
    private static Recovering filled(Backend backend, ClaimStrategy claim, DisruptorProducer[] p, DisruptorConsumer[] c) {
        Recovering r = new Recovering(backend, claim, CAPACITY, 2, 1);
        p[0] = r.producer(0, r.owner());
        p[1] = r.producer(1, r.owner());
        c[0] = r.consumer(0, r.owner());
        for (int k = 0; k < 6; k++) {
            assertTrue(r.push(p[0], k));
        }
        assertEquals(2, c[0].popMultiple(r.out, 0, 2));
        return r;
    }

    private static void sweepTwice(Recovering r) {
        r.recover(); // sees the damage
        r.recover(); // the same damage again: repairs
    }

    @ParameterizedTest
    @MethodSource("cursorScribbles")
    void aScribbledCursorIsRebuiltFromTheWordsAndTheRingMovesAgain(Backend backend, ClaimStrategy claim, CursorScribble kind) {
        DisruptorProducer[] p = new DisruptorProducer[2];
        DisruptorConsumer[] c = new DisruptorConsumer[1];
        Recovering r = filled(backend, claim, p, c);
        RingLayout ring = r.queue.ring();
        long lead = ring.maxHonestLead();
        switch (kind) {
            case CONSUMER_ABOVE_PRODUCER -> r.memory.setLongVolatile(ring.consumerCursor, 9);
            case CONSUMER_HUGE -> r.memory.setLongVolatile(ring.consumerCursor, Long.MAX_VALUE - 5);
            case CONSUMER_NEGATIVE -> r.memory.setLongVolatile(ring.consumerCursor, -7);
            case PRODUCER_BELOW_CONSUMER -> r.memory.setLongVolatile(ring.producerCursor, 1);
            case PRODUCER_FAR_AHEAD -> r.memory.setLongVolatile(ring.producerCursor, 2 + lead + 9);
            case PRODUCER_NEGATIVE -> r.memory.setLongVolatile(ring.producerCursor, Long.MIN_VALUE + 3);
            case BOTH -> {
                r.memory.setLongVolatile(ring.producerCursor, 0x5555_5555_5555L);
                r.memory.setLongVolatile(ring.consumerCursor, 0x7777_7777_7777L);
            }
        }
        assertEquals(0, c[0].popMultiple(r.out, 0, 4), "a consumer refuses impossible cursors, never waits");
        long refusals = r.queue.cursorFaults();
        assertEquals(1, refusals, "the refusal is counted");

        r.recover();
        assertEquals(0, r.queue.faultCount(RingFaults.CURSOR_REPAIRS), "one sighting repairs nothing");
        r.recover();
        long repairs = r.queue.faultCount(RingFaults.CURSOR_REPAIRS);
        assertEquals(kind == CursorScribble.BOTH ? 2 : 1, repairs, "one CAS per scribbled cursor");
        assertEquals(6, r.queue.producerCursor(), "producer cursor rebuilt: one past the highest published");
        assertEquals(2, r.queue.consumerCursor(), "consumer cursor rebuilt: the lowest unconsumed");
        assertEquals(refusals + repairs, r.queue.cursorFaults(), "repairs are counted in faults()");

        assertTrue(r.push(p[1], 6), "the ring moves again");
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), r.drain(c[0]), "every record once, none invented");
        r.recover();
        assertEquals(repairs, r.queue.faultCount(RingFaults.CURSOR_REPAIRS), "a repaired ring needs no more repairs");
        r.lapsAfter(p[0], c[0]);
        assertEquals(0, r.queue.faultCount(RingFaults.WORD_REPAIRS));
    }

    @ParameterizedTest
    @MethodSource("rings")
    void garbageWordsInsideAndOutsideTheClaimedRangeAreRepairedAfterTwoSweeps(Backend backend, ClaimStrategy claim) {
        DisruptorProducer[] p = new DisruptorProducer[2];
        DisruptorConsumer[] c = new DisruptorConsumer[1];
        Recovering r = filled(backend, claim, p, c);
        RingLayout ring = r.queue.ring();
        r.memory.setLongVolatile(ring.availabilityOf(3), 0xBAD_F00DL << 2 | 3); // inside [C, P): record 3's word
        r.memory.setLongVolatile(ring.availabilityOf(7), Long.MIN_VALUE | SlotState.PUBLISHED); // outside, unclaimed
        r.memory.setLongVolatile(ring.availabilityOf(8), SlotState.skipped(5)); // slot 0, consumed: outside
        r.recover();
        assertEquals(0, r.queue.faultCount(RingFaults.WORD_REPAIRS), "one sighting repairs nothing");
        r.recover();
        assertEquals(3, r.queue.faultCount(RingFaults.WORD_REPAIRS));
        assertEquals(3, r.queue.cursorFaults());
        assertEquals(SlotState.skipped(0), r.queue.availabilityWord(3), "inside: FREE for its lap, then skipped as an orphan");
        assertEquals(SlotState.free(0), r.queue.availabilityWord(7), "outside: FREE for the lap producers expect");
        assertEquals(SlotState.free(1), r.queue.availabilityWord(8));
        assertEquals(List.of(2L, 4L, 5L), r.drain(c[0]), "honest records once; the scribbled slot's is lost");
        r.lapsAfter(p[1], c[0]);
        r.recover();
        assertEquals(3, r.queue.cursorFaults(), "no repair on honest states");
    }

    @ParameterizedTest
    @MethodSource("rings")
    void aConsumerCursorMovedForwardWithinBoundsStrandsNoSlot(Backend backend, ClaimStrategy claim) {
        DisruptorProducer[] p = new DisruptorProducer[2];
        DisruptorConsumer[] c = new DisruptorConsumer[1];
        Recovering r = filled(backend, claim, p, c);
        r.memory.setLongVolatile(r.queue.ring().consumerCursor, 4); // records 2 and 3 passed, their slots taken
        sweepTwice(r);
        assertEquals(2, r.queue.faultCount(RingFaults.WORD_REPAIRS), "the two stranded slots are freed");
        assertEquals(List.of(4L, 5L), r.drain(c[0]));
        r.lapsAfter(p[0], c[0]);
    }

    @ParameterizedTest
    @MethodSource("rings")
    void aConsumerCursorMovedBackWithinBoundsDeliversNothingTwice(Backend backend, ClaimStrategy claim) {
        DisruptorProducer[] p = new DisruptorProducer[2];
        DisruptorConsumer[] c = new DisruptorConsumer[1];
        Recovering r = filled(backend, claim, p, c);
        r.memory.setLongVolatile(r.queue.ring().consumerCursor, 0); // records 0 and 1 were already delivered
        sweepTwice(r);
        assertEquals(2, r.queue.faultCount(RingFaults.WORD_REPAIRS), "their slots are re-run as skipped");
        assertEquals(List.of(2L, 3L, 4L, 5L), r.drain(c[0]));
        r.lapsAfter(p[0], c[0]);
    }

    @ParameterizedTest
    @MethodSource("rings")
    void aProducerCursorMovedBackBelowPublishedRecordsIsRaised(Backend backend, ClaimStrategy claim) {
        DisruptorProducer[] p = new DisruptorProducer[2];
        DisruptorConsumer[] c = new DisruptorConsumer[1];
        Recovering r = filled(backend, claim, p, c);
        r.memory.setLongVolatile(r.queue.ring().producerCursor, 4); // records 4 and 5 above it
        sweepTwice(r);
        assertEquals(1, r.queue.faultCount(RingFaults.CURSOR_REPAIRS));
        assertEquals(6, r.queue.producerCursor());
        assertEquals(List.of(2L, 3L, 4L, 5L), r.drain(c[0]), "nothing lost, nothing twice");
        r.lapsAfter(p[0], c[0]);
    }

    @ParameterizedTest
    @MethodSource("rings")
    void aProducerReclaimingAPublishedSequenceAbandonsInsteadOfWaiting(Backend backend, ClaimStrategy claim) {
        DisruptorProducer[] p = new DisruptorProducer[2];
        DisruptorConsumer[] c = new DisruptorConsumer[1];
        Recovering r = filled(backend, claim, p, c);
        r.memory.setLongVolatile(r.queue.ring().producerCursor, 5); // sequence 5 will be handed out again
        assertFalse(r.push(p[1], 99), "its slot is already PUBLISHED for that lap: the claim is void");
        assertEquals(1, r.queue.faultCount(RingFaults.CLAIMS_ABANDONED));
        assertTrue(r.push(p[1], 6));
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), r.drain(c[0]));
        r.lapsAfter(p[0], c[0]);
    }

    @ParameterizedTest
    @MethodSource("rings")
    void impossibleClaimRecordsAreIgnoredAndCounted(Backend backend, ClaimStrategy claim) {
        DisruptorProducer[] p = new DisruptorProducer[2];
        DisruptorConsumer[] c = new DisruptorConsumer[1];
        Recovering r = filled(backend, claim, p, c);
        RingLayout ring = r.queue.ring();
        int dead = r.owner();
        r.liveness.declareDead(dead);
        long rec = ring.producerRecord(1);
        // A dead owner HOLDING 100 sequences over live claims: impossible (more than capacity).
        r.memory.setLongVolatile(rec + ClaimRecord.FIRST, 2);
        r.memory.setLongVolatile(rec + ClaimRecord.COUNT, 100);
        r.memory.setLongVolatile(rec, ClaimRecord.state(dead, ClaimRecord.HOLDING));
        // An INVALID consumer phase once blocked dead-consumer recovery.
        r.memory.setLongVolatile(ring.consumerRecord(0), 0x1234_5678_9ABCL << 2 | 3);
        assertEquals(0, r.recover(), "nothing skipped for a forged range");
        assertEquals(2, r.queue.faultCount(RingFaults.RECORDS_IGNORED));
        r.recover();
        assertEquals(2, r.queue.faultCount(RingFaults.RECORDS_IGNORED), "each forged value counted once");
        // An INVALID producer phase once blocked the orphan pass: orphans 6 and 7 are skipped anyway.
        r.memory.setLongVolatile(rec, -1L);
        long pc = ring.producerCursor;
        r.memory.setLongVolatile(pc, r.memory.getLongVolatile(pc) + 2);
        assertEquals(2, r.recover(), "orphans skipped despite the scribbled record");
        assertEquals(3, r.queue.faultCount(RingFaults.RECORDS_IGNORED));
        assertEquals(List.of(2L, 3L, 4L, 5L), r.drain(c[0]));
        assertEquals(0, r.queue.faultCount(RingFaults.WORD_REPAIRS) + r.queue.faultCount(RingFaults.CURSOR_REPAIRS));
        r.memory.setLongVolatile(rec, ClaimRecord.state(OwnerToken.NONE, ClaimRecord.IDLE));
        r.lapsAfter(p[0], c[0]);
    }
}
