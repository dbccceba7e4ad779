package org.vdsolab.disruptor;

import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueSupport;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One consumer's handle on a {@code disruptor} ring.
 *
 * <p>Algorithm: read the shared consumer cursor {@code c}, then the producer cursor {@code p};
 * scan availability words from {@code c} while each is PUBLISHED or SKIPPED <em>for the lap of
 * its sequence</em>; claim the scanned run with ONE CAS of the consumer cursor from {@code c} to
 * {@code c + run}; copy the PUBLISHED records out; store {@code FREE(lap + 1)} into each slot with
 * release, which is what producers of the next lap wait for. A failed CAS means another consumer
 * claimed first: rescan from the new cursor (lock-free among consumers).
 *
 * <p>Claimed but unpublished sequences: a sequence below {@code p} whose word is not yet
 * PUBLISHED or SKIPPED belongs to a producer that is still copying its record in (or holds a
 * push_slot handle open). Consumers wait for it with their {@link IdleStrategy} (JCTools'
 * {@code poll}, vsched's wait on WRITING) instead of answering "empty" while a record that was
 * pushed after it is already published. So false / 0 means the queue was really empty: the
 * producer cursor had not passed the consumer cursor. A thread must therefore not pop from a
 * queue while it holds an open slot handle on that same queue: it would wait for itself.
 *
 * <p>Why a successful CAS is enough: it proves that no other consumer claimed the run, and only
 * the claiming consumer ever changes a PUBLISHED or SKIPPED word, so the words read in the scan
 * still hold. SKIPPED slots (aborted push_slot claims) are claimed and freed but never
 * delivered: popFront goes on to the next record, popMultiple returns only delivered records.
 *
 * <p><b>Claim record</b> (for recovery of a dead consumer): before its CAS the consumer stores
 * {first, count} and CLAIMING ({@link ClaimRecord#INTENT}) into its own line, HOLDING after a
 * successful CAS, IDLE after a failed one and after freeing the run: three release stores per
 * attempt plus two per claimed run. A sweep that finds a dead consumer's record frees the slots of
 * its run that no live consumer covers; the records that consumer was copying out are lost with
 * it.
 *
 * <p><b>Scribbled cursors</b>: a consumer cursor above the producer cursor, or a producer cursor
 * further ahead than honest producers can get ({@link RingLayout#maxHonestLead()}), is counted
 * in the ring's fault counter and answered with "empty" instead of a wait for sequences nobody
 * will ever publish; a recovery sweep rebuilds such cursors ({@link RingRepair}). A producer cursor
 * bumped by less is repaired by the orphan pass (its orphan sequences become SKIPPED) and a garbage
 * word by a word repair; until then consumers wait. A waiting consumer rescans if the producer
 * cursor goes down (a repair), so it never waits on a sequence nobody claims any more.
 *
 * <p>Allocation-free. Not thread-safe: one thread at a time (the {@link QueueConsumer} contract).
 */
final class DisruptorConsumer implements QueueConsumer {

    private final WordMemory memory;
    private final RingLayout ring;
    private final int id;
    private final IdleStrategy idle;
    private final int owner;
    /** Offset of this consumer's claim record (its own line). */
    private final long record;
    private final long claimingState;
    private final long holdingState;
    private final long idleState;

    /** First sequence of the last run {@link #claimRun} claimed; a field so that claiming allocates nothing. */
    private long claimedFirst;

    DisruptorConsumer(DisruptorQueue queue, int id, IdleStrategy idle) {
        this(queue, id, OwnerToken.NONE, idle);
    }

    DisruptorConsumer(DisruptorQueue queue, int id, int owner, IdleStrategy idle) {
        this.memory = queue.memory();
        this.ring = queue.ring();
        this.id = id;
        this.owner = owner;
        this.record = ring.consumerRecord(id);
        this.claimingState = ClaimRecord.state(owner, ClaimRecord.INTENT);
        this.holdingState = ClaimRecord.state(owner, ClaimRecord.HOLDING);
        this.idleState = ClaimRecord.state(owner, ClaimRecord.IDLE);
        this.idle = Objects.requireNonNull(idle, "the idle strategy factory returned null for consumer " + id);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public boolean popFront(MemorySegment dst, long dstOffset) {
        return popMultiple(dst, dstOffset, 1) == 1;
    }

    @Override
    public boolean popBack(MemorySegment dst, long dstOffset) {
        throw QueueSupport.unsupported(DisruptorQueueProvider.NAME, "popBack", QueueCapability.DOUBLE_ENDED);
    }

    @Override
    public int popMultiple(MemorySegment dst, long dstOffset, int max) {
        QueueSupport.checkCount(max);
        if (max == 0) {
            return 0;
        }
        while (true) {
            int run = claimRun(max);
            if (run == 0) {
                return 0;
            }
            int delivered = copyOutAndFree(claimedFirst, run, dst, dstOffset);
            if (delivered > 0) {
                return delivered;
            }
            // The whole run was SKIPPED slots (aborted claims): nothing delivered, look again.
        }
    }

    /** Copies the PUBLISHED records of the claimed run out, frees every slot, goes IDLE; returns how many it delivered. */
    private int copyOutAndFree(long first, int run, MemorySegment dst, long dstOffset) {
        int delivered = 0;
        for (int k = 0; k < run; k++) {
            long sequence = first + k;
            if (isPublished(sequence)) {
                memory.copyOut(ring.recordOf(sequence), dst, dstOffset + (long) delivered * ring.recordBytes,
                        ring.recordBytes);
                delivered++;
            }
            free(sequence);
        }
        // Release: the frees above are visible to a sweep that reads IDLE with acquire.
        memory.setLongRelease(record, idleState);
        return delivered;
    }

    /** Test stand-in for a consumer that dies after its claim: claims a run and stops (returns its length). */
    int claimRunAndStop(int max) {
        return claimRun(max);
    }

    /**
     * Claims, with one CAS of the consumer cursor, the run of PUBLISHED or SKIPPED sequences from
     * the cursor that holds at most {@code max} PUBLISHED ones (and at most a ring's worth), waiting
     * for claimed but unpublished sequences below the producer cursor.
     *
     * @return the run's length, 0 if the queue was empty (nothing claimed by producers)
     */
    private int claimRun(int max) {
        boolean waited = false;
        while (true) {
            // Acquire on both cursors: values to CAS from and to bound the scan; any fresh-enough
            // value is safe because the CAS re-checks the consumer cursor. The producer cursor is read
            // AFTER the consumer cursor: if it is not above it, nothing was claimed, so the queue was
            // empty at that moment (consumers never pass the producer cursor).
            long cursor = memory.getLongAcquire(ring.consumerCursor);
            long claimed = memory.getLongAcquire(ring.producerCursor);
            if (ring.impossible(cursor, claimed)) {
                // Impossible for honest parties (the producer cursor, read after the consumer cursor, is
                // never below it, and never further ahead than the room checks allow): a scribbled
                // cursor. Count it and answer empty rather than wait for sequences nobody will publish.
                RingFaults.count(memory, ring, RingFaults.TOTAL);
                return 0;
            }
            int run = 0;
            int deliverable = 0;
            boolean stale = false;
            while (deliverable < max && run < ring.capacity && cursor + run < claimed) {
                long sequence = cursor + run;
                long lap = ring.lapOf(sequence);
                // Acquire: pairs with the producer's release of PUBLISHED / SKIPPED, so the record
                // bytes it wrote are visible to the copy-out after the claim.
                long state = memory.getLongAcquire(ring.availabilityOf(sequence));
                if (state == SlotState.published(lap)) {
                    deliverable++;
                    run++;
                } else if (state == SlotState.skipped(lap)) {
                    run++;
                } else if (memory.getLongAcquire(ring.consumerCursor) != cursor) {
                    stale = true; // another consumer moved on; our scan is out of date
                    break;
                } else if (memory.getLongAcquire(ring.producerCursor) < claimed) {
                    // Acquire: honest producers only move the cursor up; a lower value was rebuilt by a
                    // sweep (or scribbled): rescan, so that the sanity check above sees it, instead of
                    // waiting on a sequence that may no longer be claimed by anyone.
                    stale = true;
                    break;
                } else {
                    // Claimed by a producer that has not published yet: wait for it.
                    if (!waited) {
                        idle.reset();
                        waited = true;
                    }
                    idle.idle();
                }
            }
            if (stale) {
                continue;
            }
            if (run == 0) {
                return 0;
            }
            // Release on the record: a sweep that reads CLAIMING with acquire sees this run; the CAS
            // below is a volatile RMW, so a sweep that sees the cursor moved sees CLAIMING too.
            memory.setLongRelease(record + ClaimRecord.FIRST, cursor);
            memory.setLongRelease(record + ClaimRecord.COUNT, run);
            memory.setLongRelease(record + ClaimRecord.STATE, claimingState);
            // CAS (volatile): claims the whole run [cursor, cursor + run) with one cursor move.
            if (memory.compareAndSetLong(ring.consumerCursor, cursor, cursor + run)) {
                memory.setLongRelease(record, holdingState); // release: as above
                claimedFirst = cursor;
                return run;
            }
            memory.setLongRelease(record, idleState); // release: the attempt is over
        }
    }

    private boolean isPublished(long sequence) {
        // Plain: this consumer owns the slot since its CAS and read the word with acquire in the
        // scan; nobody else writes it until we free it, so this re-read returns the same value.
        return memory.getLong(ring.availabilityOf(sequence)) == SlotState.published(ring.lapOf(sequence));
    }

    private void free(long sequence) {
        // Release: our copy-out of the record completes before a producer of the next lap, which
        // reads FREE with acquire, may overwrite it.
        memory.setLongRelease(ring.availabilityOf(sequence), SlotState.free(ring.lapOf(sequence) + 1));
    }

    @Override
    public String toString() {
 return "disruptor consumer " + id + " of " + OwnerToken.describe(owner) + " (" + idle + ")";
    }
}
