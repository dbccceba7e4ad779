package org.vdsolab.disruptor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.liveness.OwnerLiveness;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer that dies holding a run (its slots are freed for the next lap; the records it was
 * copying out are lost with it), and cursors scribbled by a hostile domain: parties count them
 * and answer instead of waiting forever, and a sweep repairs a producer cursor bumped forward.
 */
class ConsumerRecoveryAndCursorSanityTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aConsumerDeadHoldingARunIsFreedSoProducersOfTheNextLapProceed(Backend backend) {
        Recovering r = new Recovering(backend, ClaimStrategy.COMPARE_AND_SET, 4, 1, 2);
        DisruptorProducer producer = r.producer(0, r.owner());
        int doomed = r.owner();
        DisruptorConsumer dying = r.consumer(0, doomed);
        int stalledOwner = r.owner();
        DisruptorConsumer live = r.consumer(1, stalledOwner);
        for (int k = 0; k < 4; k++) {
            assertTrue(r.push(producer, k));
        }
        assertEquals(3, dying.claimRunAndStop(3), "the dying consumer claims seqs 0..2 and stops");
        assertEquals(1, live.claimRunAndStop(1), "a live consumer claims seq 3 and stalls");
        assertEquals(SlotState.published(0), r.queue.availabilityWord(0), "lap 1 waits for the dead consumer's slots");
        assertEquals(0, r.recover(), "a live consumer's run is never freed");

        r.liveness.declareDead(doomed);
        assertEquals(3, r.recover(), "the dead consumer's three slots are freed for lap 1");
        assertEquals(SlotState.free(1), r.queue.availabilityWord(0));
        assertEquals(SlotState.published(0), r.queue.availabilityWord(3), "the live consumer's slot is untouched");
        assertEquals(ClaimRecord.IDLE, ClaimRecord.phaseOf(r.queue.consumerRecordState(0)));
        assertEquals(0, r.recover());

        for (int k = 4; k < 7; k++) {
            assertTrue(r.push(producer, k), "producers of the next lap proceed");
        }
        // The stalled live consumer finishes its run: free seq 3 as its popMultiple would.
        r.memory.setLongRelease(r.queue.ring().availabilityOf(3), SlotState.free(1));
        r.memory.setLongRelease(r.queue.ring().consumerRecord(1), ClaimRecord.state(stalledOwner, ClaimRecord.IDLE));
        assertEquals(List.of(4L, 5L, 6L), r.drain(live), "records 0..2 are lost with the dead consumer; nothing else");
        r.lapsAfter(producer, live);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aConsumerDeadBeforeItsCasHeldNothing(Backend backend) {
        Recovering r = new Recovering(backend, ClaimStrategy.GET_AND_ADD, 4, 1, 2);
        DisruptorProducer producer = r.producer(0, r.owner());
        int doomed = r.owner();
        DisruptorConsumer live = r.consumer(1, r.owner());
        r.push(producer, 0);
        r.push(producer, 1);
        // CLAIMING [0, 2) recorded, died before the CAS: the cursor never moved.
        long record = r.queue.ring().consumerRecord(0);
        r.memory.setLongRelease(record + ClaimRecord.FIRST, 0);
        r.memory.setLongRelease(record + ClaimRecord.COUNT, 2);
        r.memory.setLongRelease(record, ClaimRecord.state(doomed, ClaimRecord.INTENT));
        r.liveness.declareDead(doomed);
        assertEquals(0, r.recover(), "nothing below the consumer cursor was the dead consumer's");
        assertEquals(ClaimRecord.IDLE, ClaimRecord.phaseOf(r.queue.consumerRecordState(0)));
        assertEquals(List.of(0L, 1L), r.drain(live), "no record is lost");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aProducerCursorBumpedForwardIsRepairedByASweep(Backend backend) {
        Recovering r = new Recovering(backend, ClaimStrategy.GET_AND_ADD, 8, 2, 1);
        DisruptorProducer producer = r.producer(0, r.owner());
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        r.push(producer, 0);
        r.push(producer, 1);
        long p = r.queue.ring().producerCursor;
        r.memory.setLongVolatile(p, r.memory.getLongVolatile(p) + 3); // hostile: seqs 2..4 claimed by nobody
        r.push(producer, 5);
        assertEquals(3, r.queue.recover(OwnerLiveness.NONE_DEAD), "no owner needs to be dead: the orphans have none");
        assertEquals(List.of(0L, 1L, 5L), r.drain(consumer));
        r.lapsAfter(producer, consumer);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aConsumerCursorAboveTheProducerCursorIsCountedNotWaitedOn(Backend backend) {
        Recovering r = new Recovering(backend, ClaimStrategy.GET_AND_ADD, 4, 1, 1);
        DisruptorProducer producer = r.producer(0, r.owner());
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        for (int k = 0; k < 4; k++) {
            r.push(producer, k);
        }
        r.memory.setLongVolatile(r.queue.ring().consumerCursor, 9); // hostile: above every claim (4)
        assertFalse(r.push(producer, 4), "no claim below a consumer cursor nobody will come back to");
        assertEquals(1, r.queue.cursorFaults());
        assertEquals(0, consumer.popMultiple(r.out, 0, 4), "empty, not a wait");
        assertEquals(2, r.queue.cursorFaults());
        assertEquals(4, r.queue.producerCursor(), "nothing was claimed");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aProducerCursorFurtherAheadThanHonestProducersCanGetIsCountedNotWaitedOn(Backend backend) {
        Recovering r = new Recovering(backend, ClaimStrategy.GET_AND_ADD, 4, 2, 1);
        DisruptorProducer producer = r.producer(0, r.owner());
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        r.push(producer, 0);
        assertEquals(1, consumer.popMultiple(r.out, 0, 1));
        long lead = r.queue.ring().maxHonestLead();
        r.memory.setLongVolatile(r.queue.ring().producerCursor, 1 + lead + 1);
        assertEquals(0, consumer.popMultiple(r.out, 0, 1), "empty, not a wait for sequences nobody claimed");
        assertEquals(1, r.queue.cursorFaults());
        assertFalse(r.push(producer, 1), "a producer sees the ring full and claims nothing");
    }
}
