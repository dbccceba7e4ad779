package org.vdsolab.disruptor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.queue.SlotHandle;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Dead producers, killed at a chosen step ({@code declareDead} stands in for the kill): the sweep
 * skips exactly what they claimed and never published, other producers' records are delivered
 * exactly once and in order, a live producer is never recovered however long it stalls, and the
 * ring runs many laps afterwards. Every case over both backends and both claim strategies.
 */
class ProducerRecoveryTest {

    static Stream<Arguments> setups() {
        return Stream.of(Backend.values()).flatMap(b -> Stream.of(ClaimStrategy.values()).map(c -> Arguments.of(b, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void deadAfterASingleClaimBeforePublishIsSkipped(Backend backend, ClaimStrategy claim) {
        Recovering r = new Recovering(backend, claim, 8, 3, 1);
        DisruptorProducer live = r.producer(0, r.owner());
        int doomed = r.owner();
        DisruptorProducer dying = r.producer(1, doomed);
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        r.push(live, 0);
        r.push(live, 1);
        assertEquals(1, dying.claim(1, true), "the dying producer claims seq 2");
        r.push(live, 3);
        r.push(live, 4);
        assertEquals(0, r.recover(), "a live producer's claim is never recovered, however long it stalls");
        assertEquals(ClaimRecord.state(doomed, ClaimRecord.HOLDING), r.producerState(1));

        r.liveness.declareDead(doomed);
        assertEquals(1, r.recover(), "exactly the one claimed, unpublished sequence is skipped");
        assertEquals(SlotState.skipped(0), r.queue.availabilityWord(2));
        assertEquals(ClaimRecord.IDLE, ClaimRecord.phaseOf(r.producerState(1)), "the dead record is retired");
        assertEquals(0, r.recover(), "a second sweep finds nothing");
        assertEquals(List.of(0L, 1L, 3L, 4L), r.drain(consumer), "the live producer's records, exactly once, in order");
        r.lapsAfter(live, consumer);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void deadInTheMiddleOfABatchLosesOnlyItsUnpublishedRecords(Backend backend, ClaimStrategy claim) {
        Recovering r = new Recovering(backend, claim, 8, 3, 1);
        DisruptorProducer live = r.producer(0, r.owner());
        int doomed = r.owner();
        DisruptorProducer dying = r.producer(1, doomed);
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        r.push(live, 0);
        assertEquals(3, dying.claim(3, true), "the dying producer claims seqs 1..3");
        r.publishOne(dying, 1, 100); // it publishes its first record, then dies
        r.push(live, 4);
        r.liveness.declareDead(doomed);
        assertEquals(2, r.recover(), "seqs 2 and 3 are skipped; the published seq 1 is kept");
        assertEquals(List.of(0L, 100L, 4L), r.drain(consumer));
        r.lapsAfter(live, consumer);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void deadHoldingAnOpenPushSlotIsSkipped(Backend backend, ClaimStrategy claim) {
        Recovering r = new Recovering(backend, claim, 8, 3, 1);
        DisruptorProducer live = r.producer(0, r.owner());
        int doomed = r.owner();
        DisruptorProducer dying = r.producer(1, doomed);
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        r.push(live, 0);
        SlotHandle open = dying.pushSlotBack();
        assertNotNull(open);
        r.push(live, 2);
        assertEquals(0, r.recover(), "an open slot of a live owner is never touched");
        r.liveness.declareDead(doomed);
        assertEquals(1, r.recover());
        assertEquals(List.of(0L, 2L), r.drain(consumer));
        r.lapsAfter(live, consumer);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void deadInIntentWithAClaimIsFoundByTheOrphanSweep(Backend backend, ClaimStrategy claim) {
        Recovering r = new Recovering(backend, claim, 8, 3, 1);
        DisruptorProducer live = r.producer(0, r.owner());
        int doomed = r.owner();
        DisruptorProducer dying = r.producer(1, doomed);
        int stalledOwner = r.owner();
        DisruptorProducer stalled = r.producer(2, stalledOwner);
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        r.push(live, 0);
        dying.intent();
        assertEquals(1, dying.claimUnchecked(2), "died after its atomic, before recording the claim");
        r.push(live, 3);

        stalled.intent(); // a LIVE producer about to claim: its claim could be any orphan-looking sequence
        r.liveness.declareDead(doomed);
        assertEquals(0, r.recover(), "while a live producer is in INTENT the orphan sweep waits");
        stalled.idle();

        assertEquals(2, r.recover(), "seqs 1 and 2 belong to nobody live: skipped");
        assertEquals(ClaimRecord.IDLE, ClaimRecord.phaseOf(r.producerState(1)), "the dead INTENT record is retired once all is resolved");
        assertEquals(0, r.recover());
        assertEquals(List.of(0L, 3L), r.drain(consumer));
        r.lapsAfter(live, consumer);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void deadInIntentWithoutAClaimSkipsNothingAndSparesLiveClaims(Backend backend, ClaimStrategy claim) {
        Recovering r = new Recovering(backend, claim, 8, 3, 1);
        DisruptorProducer live = r.producer(0, r.owner());
        int doomed = r.owner();
        DisruptorProducer dying = r.producer(1, doomed);
        DisruptorProducer stalled = r.producer(2, r.owner());
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        r.push(live, 0);
        assertEquals(1, stalled.claim(1, true), "a live producer claims seq 1 and stalls");
        r.push(live, 2);
        dying.intent(); // died before its atomic
        r.liveness.declareDead(doomed);

        assertEquals(0, r.recover(), "nothing is skipped: the only unpublished sequence is a live claim");
        assertEquals(ClaimRecord.IDLE, ClaimRecord.phaseOf(r.producerState(1)), "the dead INTENT record is retired");
        assertEquals(SlotState.free(0), r.queue.availabilityWord(1), "the live claim is untouched");

        r.publishOne(stalled, 1, 1);
        stalled.idle();
        assertEquals(List.of(0L, 1L, 2L), r.drain(consumer), "the stalled producer's later publish is delivered");
        r.lapsAfter(live, consumer);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void aDeadClaimIsFoundEvenAfterItsProducerIdWasReused(Backend backend, ClaimStrategy claim) {
        Recovering r = new Recovering(backend, claim, 8, 2, 1);
        DisruptorProducer live = r.producer(0, r.owner());
        int doomed = r.owner();
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        r.push(live, 0);
        assertEquals(1, r.producer(1, doomed).claim(1, true));
        r.liveness.declareDead(doomed);
        // The restarted domain takes producer id 1 before any sweep: its pushes overwrite the record.
        DisruptorProducer successor = r.producer(1, r.owner());
        r.push(successor, 2);
        assertEquals(1, r.recover(), "the orphan sweep finds the claim the overwritten record forgot");
        assertEquals(List.of(0L, 2L), r.drain(consumer));
        r.lapsAfter(successor, consumer);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void handlesWithoutAnOwnerAreNeverRecoveredYetNeverMistakenForOrphans(Backend backend, ClaimStrategy claim) {
        Recovering r = new Recovering(backend, claim, 8, 2, 1);
        DisruptorProducer anonymous = (DisruptorProducer) r.queue.producer(0);
        DisruptorProducer other = r.producer(1, r.owner());
        DisruptorConsumer consumer = (DisruptorConsumer) r.queue.consumer(0);
        assertEquals(1, anonymous.claim(1, true));
        r.push(other, 1);
        assertEquals(0, r.queue.recover(owner -> true), "even an 'everyone is dead' liveness skips no NONE claim");
        r.publishOne(anonymous, 0, 0);
        anonymous.idle();
        assertEquals(List.of(0L, 1L), r.drain(consumer));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void aDeadProducerThatOvershotIsFinishedWhenItsSlotFrees(Backend backend, ClaimStrategy claim) {
        Recovering r = new Recovering(backend, claim, 4, 2, 1);
        DisruptorProducer live = r.producer(0, r.owner());
        int doomed = r.owner();
        DisruptorProducer dying = r.producer(1, doomed);
        DisruptorConsumer consumer = r.consumer(0, r.owner());
        for (int k = 0; k < 4; k++) {
            r.push(live, k);
        }
        // Raced past the room check (getAndAdd cannot be undone), then died waiting for slot 0.
        dying.intent();
        long first = dying.claimUnchecked(1);
        dying.holding(first, 1);
        r.liveness.declareDead(doomed);
        assertEquals(0, r.recover(), "seq 4's slot still holds lap 0's record: nothing to skip yet");
        assertEquals(ClaimRecord.state(doomed, ClaimRecord.HOLDING), r.producerState(1), "kept for a later sweep");
        // Exactly the four published records: a fifth pop would wait on seq 4 until the sweep.
        assertEquals(4, consumer.popMultiple(r.out, 0, 4));
        for (int k = 0; k < 4; k++) {
            assertEquals(k, Records.check(r.out, 16L * k, 16));
        }
        assertEquals(1, r.recover(), "once slot 0 is free for lap 1, seq 4 is skipped");
        assertEquals(ClaimRecord.IDLE, ClaimRecord.phaseOf(r.producerState(1)));
        assertEquals(List.of(), r.drain(consumer));
        r.lapsAfter(live, consumer);
    }
}
