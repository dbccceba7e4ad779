package org.vdsolab.disruptor;

import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.memory.WordMemory;

import java.util.HashMap;
import java.util.Map;

/**
 * One recovery sweep of a {@code disruptor} ring ({@link DisruptorQueue#recover}): makes harmless
 * what dead producers and consumers held, using their {@link ClaimRecord}s.
 *
 * <p><b>Dead producer, HOLDING [first, first + count) and/or an open push_slot (SLOT word)</b>:
 * every such sequence whose word is still {@code FREE(lap)} becomes {@code SKIPPED(lap)} by CAS
 * (consumers pass SKIPPED without delivering). A sequence whose slot still holds an earlier lap
 * (the producer overshot and died waiting for room) cannot be skipped yet: the record stays
 * HOLDING and a later sweep finishes it. When every sequence is resolved the record goes IDLE
 * (the SLOT word 0) by CAS.
 *
 * <p><b>Orphan sweep</b> (dead producer in INTENT: it died around its atomic, so its claim, if any,
 * is unknown; also repairs a producer cursor scribbled forward). Read the producer cursor P
 * (acquire), THEN every producer record. If no live producer is in INTENT, every sequence in
 * [consumerCursor, P) that is {@code FREE(lap)} and inside no HOLDING range is an orphan and becomes
 * SKIPPED by CAS. Why that is sound, i.e. never takes a live producer's sequence s &lt; P: a live
 * producer stores INTENT before the volatile RMW that claims s, and that RMW precedes the value P
 * we read in the cursor's modification order; our acquire read of P therefore happens-after its
 * INTENT store, so its record reads INTENT (sweep skipped), HOLDING with a range covering s or
 * a SLOT word naming s (excluded; a torn {first, count, slot} read is caught because the state
 * word is re-read and every record word is written with release), or IDLE without s in SLOT,
 * which it stores only after publishing s, so s's
 * word (read after the record, with acquire) is no longer {@code FREE(lap)}. Claims made after we
 * read P are at or above P, outside the range. The argument needs one handle per producer id at a
 * time (the queue's contract); it also holds for handles without an owner, whose records count as
 * live. The dead INTENT records go IDLE once a sweep finds nothing left unresolved.
 *
 * <p><b>Dead consumer, CLAIMING or HOLDING [first, first + count)</b>: frees ({@code FREE(lap + 1)}, by
 * CAS from {@code PUBLISHED(lap)} / {@code SKIPPED(lap)}) the sequences of the range below the
 * consumer cursor that no live consumer's record covers, then moves the record IDLE. The records
 * the dead consumer was copying out are lost with it. If a live consumer is CLAIMING a range that
 * overlaps (its CAS is about to fail) or a live record changed while read, this dead consumer
 * waits for the next sweep.
 *
 * <p>A live owner's claim is never touched, however long it has been stopped. Owners are asked once
 * per sweep ({@link OwnerLiveness#isDead} may ask the OS). Tokens that are not valid
 * {@link OwnerToken}s (scribbled records) count as live: never recovered.
 *
 * <p>Allocates (a sweep is not a hot path). Thread-safe: concurrent sweeps resolve every slot
 * with a CAS, so each recovered slot is counted by exactly one sweep.
 */
final class RingRecovery {

    private final WordMemory memory;
    private final RingLayout ring;
    private final Map<Integer, Boolean> deadCache = new HashMap<>();
    private final OwnerLiveness liveness;
    private final RingRepair repair;

    private RingRecovery(WordMemory memory, RingLayout ring, OwnerLiveness liveness, RingRepair repair) {
        this.memory = memory;
        this.ring = ring;
        this.liveness = liveness;
        this.repair = repair;
    }

    /**
     * Runs one sweep; returns the slots it skipped (dead producers) plus those it freed (dead
     * consumers). Records that {@link RingRepair#impossibleRecord} rejects are ignored (read as
     * IDLE with no open slot): a scribbled record neither blocks the sweep nor steers it.
     */
    static long sweep(WordMemory memory, RingLayout ring, OwnerLiveness liveness, RingRepair repair) {
        RingRecovery r = new RingRecovery(memory, ring, liveness, repair);
        return r.recoverProducers() + r.recoverConsumers();
    }

    /** One record as read by a sweep: consistent only if {@code stable}; impossible values are {@code ignored}. */
    private record Snapshot(long offset, long state, long first, long count, long slot, boolean stable, boolean dead,
                            boolean ignored) {

        long phase() {
            return ignored ? ClaimRecord.IDLE : ClaimRecord.phaseOf(state);
        }

        /** The record's state word once retired: IDLE, same owner. */
        long idle() {
            return ClaimRecord.state(ClaimRecord.ownerOf(state), ClaimRecord.IDLE);
        }

        boolean covers(long sequence) {
            return sequence >= first && sequence - first < count;
        }

        /** True if the record names an open push_slot handle on {@code sequence}. */
        boolean slotIs(long sequence) {
            return slot != 0 && slot - 1 == sequence;
        }

        boolean overlaps(long from, long to) {
            return first < to && from < first + count;
        }
    }

    private Snapshot read(int party, long offset, boolean producer) {
        // Acquire on every word: pairs with the owner's release stores (see the class comment).
        long state = memory.getLongAcquire(offset + ClaimRecord.STATE);
        long phase = ClaimRecord.phaseOf(state);
        boolean idle = phase == ClaimRecord.IDLE;
        long first = idle ? 0 : memory.getLongAcquire(offset + ClaimRecord.FIRST);
        long count = idle ? 0 : memory.getLongAcquire(offset + ClaimRecord.COUNT);
        long slot = producer ? memory.getLongAcquire(offset + ClaimRecord.SLOT) : 0;
        boolean stable = memory.getLongAcquire(offset + ClaimRecord.STATE) == state;
        boolean ignored = false;
        if (stable) {
            // Acquire, after the record: an honest range ends at or below any later producer cursor.
            long claimedAfter = memory.getLongAcquire(ring.producerCursor);
            boolean hasRange = phase == ClaimRecord.HOLDING || (!producer && phase == ClaimRecord.INTENT);
            ignored = repair.impossibleRecord(producer ? party : ring.producers + party, state, first, count, hasRange,
                    claimedAfter);
        }
        if (ignored) {
            slot = 0;
        }
        boolean holdsSomething = !ignored && (!idle || slot != 0);
        return new Snapshot(offset, state, first, Math.max(0, Math.min(count, ring.capacity)), slot, stable,
                holdsSomething && isDead(ClaimRecord.ownerOf(state)), ignored);
    }

    private boolean isDead(int owner) {
        if (!OwnerToken.isValid(owner)) {
            return false; // NONE, or a scribbled word: never recovered
        }
        return deadCache.computeIfAbsent(owner, o -> {
            try {
                return liveness.isDead(o);
            } catch (IllegalArgumentException e) {
                return false; // a token the liveness table does not know: not provably dead
            }
        });
    }

    private long recoverProducers() {
        // Acquire, and BEFORE the records: the order the orphan sweep's soundness rests on.
        long claimed = memory.getLongAcquire(ring.producerCursor);
        Snapshot[] records = new Snapshot[ring.producers];
        boolean liveIntent = false;
        boolean deadIntent = false;
        boolean unstable = false;
        for (int i = 0; i < ring.producers; i++) {
            Snapshot s = read(i, ring.producerRecord(i), true);
            records[i] = s;
            if (!s.stable) {
                unstable = true; // a live producer moved while we read it: its range is unknown
            } else if (s.phase() == ClaimRecord.INTENT) {
                if (s.dead) {
                    deadIntent = true;
                } else {
                    liveIntent = true;
                }
            } else if (s.phase() != ClaimRecord.HOLDING && s.phase() != ClaimRecord.IDLE) {
                unstable = true; // INVALID phase (scribbled): cannot reason about this producer
            }
        }
        long recovered = 0;
        for (Snapshot s : records) {
            if (s.stable && s.dead && s.phase() == ClaimRecord.HOLDING) {
                recovered += recoverDeadProducer(s, claimed);
            }
            if (s.stable && s.dead && s.slot != 0) {
                recovered += recoverDeadSlot(s, claimed);
            }
        }
        if (!liveIntent && !unstable) {
            recovered += skipOrphans(records, claimed, deadIntent);
        }
        return recovered;
    }

    /** Skips the FREE sequences of a dead producer's range; IDLEs the record once all are resolved. */
    private long recoverDeadProducer(Snapshot s, long claimed) {
        long recovered = 0;
        boolean resolved = true;
        long end = Math.min(s.first + s.count, claimed); // a claim always lies below the producer cursor
        for (long seq = s.first; seq < end; seq++) {
            int outcome = skipIfFree(seq);
            if (outcome > 0) {
                recovered++;
            } else if (outcome < 0) {
                resolved = false;
            }
        }
        if (resolved) {
            // CAS: only the sweep that still sees this dead HOLDING word retires it.
            memory.compareAndSetLong(s.offset, s.state, s.idle());
        }
        return recovered;
    }

    /** Skips a dead producer's open push_slot sequence and clears the SLOT word. */
    private long recoverDeadSlot(Snapshot s, long claimed) {
        long sequence = s.slot - 1;
        if (sequence >= claimed) {
            return 0; // a scribbled SLOT word: names nothing that was claimed
        }
        int outcome = skipIfFree(sequence);
        if (outcome >= 0) {
            // CAS: only the sweep that still sees this SLOT value clears it.
            memory.compareAndSetLong(s.offset + ClaimRecord.SLOT, s.slot, 0);
        }
        return outcome > 0 ? 1 : 0;
    }

    private long skipOrphans(Snapshot[] records, long claimed, boolean deadIntent) {
        // Acquire: any value at most the current one is safe; sequences below it are all resolved.
        long cursor = memory.getLongAcquire(ring.consumerCursor);
        long window = 2L * ring.capacity; // bounded work per sweep, also against a scribbled cursor
        long end = Math.min(claimed, cursor + window);
        boolean complete = claimed - cursor <= window;
        long recovered = 0;
        for (long seq = cursor; seq < end; seq++) {
            if (heldBy(records, seq)) {
                continue;
            }
            int outcome = skipIfFree(seq);
            if (outcome > 0) {
                recovered++;
            } else if (outcome < 0) {
                complete = false; // an orphan whose slot still holds an earlier lap: a later sweep
            }
        }
        if (deadIntent && complete) {
            for (Snapshot s : records) {
                if (s.stable && s.dead && s.phase() == ClaimRecord.INTENT) {
                    memory.compareAndSetLong(s.offset, s.state, s.idle()); // CAS: retired once
                }
            }
        }
        return recovered;
    }

    private static boolean heldBy(Snapshot[] records, long sequence) {
        for (Snapshot s : records) {
            if ((s.phase() == ClaimRecord.HOLDING && s.covers(sequence)) || s.slotIs(sequence)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Turns {@code sequence}'s word from FREE(lap) into SKIPPED(lap).
     *
     * @return 1 if this sweep skipped it, 0 if it is resolved (published, skipped, consumed, or
     *         skipped by a concurrent sweep), -1 if its slot still holds an earlier lap
     */
    private int skipIfFree(long sequence) {
        long lap = ring.lapOf(sequence);
        long word = ring.availabilityOf(sequence);
        long free = SlotState.free(lap);
        // Acquire: pairs with the release of the word's last writer (see the class comment).
        long seen = memory.getLongAcquire(word);
        if (seen == free) {
            // CAS (volatile): FREE(lap) can only move to PUBLISHED / SKIPPED(lap); whoever wins decides.
            return memory.compareAndSetLong(word, free, SlotState.skipped(lap)) ? 1 : 0;
        }
        return Long.compareUnsigned(seen, free) < 0 ? -1 : 0;
    }

    private long recoverConsumers() {
        // Acquire: a dead consumer's run lies below the cursor only if its CAS (or a rival's) moved it.
        long cursor = memory.getLongAcquire(ring.consumerCursor);
        Snapshot[] records = new Snapshot[ring.consumers];
        boolean unstable = false;
        boolean anyDead = false;
        for (int i = 0; i < ring.consumers; i++) {
            Snapshot s = read(i, ring.consumerRecord(i), false);
            records[i] = s;
            if (s.phase() != ClaimRecord.IDLE && !s.stable) {
                unstable = true;
            }
            anyDead |= s.stable && s.dead && s.phase() != ClaimRecord.IDLE;
        }
        if (!anyDead || unstable) {
            return 0;
        }
        long recovered = 0;
        for (Snapshot dead : records) {
            if (dead.phase() == ClaimRecord.IDLE || !dead.dead) {
                continue;
            }
            long end = Math.min(dead.first + dead.count, cursor);
            if (liveClaimingOverlaps(records, dead.first, end)) {
                continue; // a live consumer's CAS on this range is in flight: next sweep
            }
            for (long seq = dead.first; seq < end; seq++) {
                if (!liveHolds(records, seq) && freeIfTaken(seq)) {
                    recovered++;
                }
            }
            memory.compareAndSetLong(dead.offset, dead.state, dead.idle()); // CAS: retired once
        }
        return recovered;
    }

    private static boolean liveClaimingOverlaps(Snapshot[] records, long from, long to) {
        for (Snapshot s : records) {
            if (!s.dead && s.phase() == ClaimRecord.INTENT && s.overlaps(from, to)) {
                return true;
            }
        }
        return false;
    }

    private static boolean liveHolds(Snapshot[] records, long sequence) {
        for (Snapshot s : records) {
            if (!s.dead && s.phase() == ClaimRecord.HOLDING && s.covers(sequence)) {
                return true;
            }
        }
        return false;
    }

    /** Frees a slot a dead consumer claimed and never freed: PUBLISHED / SKIPPED(lap) to FREE(lap + 1). */
    private boolean freeIfTaken(long sequence) {
        long lap = ring.lapOf(sequence);
        long word = ring.availabilityOf(sequence);
        // Acquire: pairs with the producer's release of PUBLISHED / SKIPPED.
        long seen = memory.getLongAcquire(word);
        if (seen != SlotState.published(lap) && seen != SlotState.skipped(lap)) {
            return false; // already freed (by its consumer or a concurrent sweep)
        }
        // CAS (volatile): only one sweep frees it; release, so producers of the next lap that read
        // FREE(lap + 1) with acquire see a settled slot.
        return memory.compareAndSetLong(word, seen, SlotState.free(lap + 1));
    }
}
