package org.vdsolab.disruptor;

import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One producer's handle on a {@code disruptor} ring: the Disruptor 4 {@code MultiProducerSequencer}
 * claim and publish, over shared memory.
 *
 * <p>Algorithm, for a push of {@code n} records:
 * <ol>
 *   <li>Room check: {@code room = capacity - (producerCursor - consumerCursor)}, using a privately
 *       cached consumer cursor and re-reading the shared one only when the cache says there is not
 *       enough room. Clearly full: return false / 0 / null, or claim what fits (AS_MANY_AS_FIT).</li>
 *   <li>Claim, by the queue's {@link ClaimStrategy}: ONE {@code getAndAdd(n)} on the shared
 *       producer cursor (default), or a CAS of it that re-checks the room on every attempt. Either
 *       gives this producer the sequences {@code [s, s+n)}.</li>
 *   <li>For each sequence: wait (idle strategy) until its slot's availability word is
 *       {@code FREE(lap)}, i.e. the consumer of the previous lap has copied the old record out;
 *       copy the record in; store {@code PUBLISHED(lap)} with release.</li>
 * </ol>
 *
 * <p><b>Overshoot wait</b> ({@link ClaimStrategy#GET_AND_ADD}). A getAndAdd cannot be undone.
 * Producers that pass the room check at the same time can together claim past the consumers; the
 * producer whose slot still holds an unconsumed record then waits for it with its
 * {@link IdleStrategy}, exactly like the Disruptor's {@code next()}. The wait ends when a consumer
 * frees the slot; nothing in the algorithm bounds it by time, so with no consumer running an
 * overshooting producer waits indefinitely (a caller that needs a bound watches the queue from
 * outside, as Aeron does with its liveness timeout). With either strategy a producer also waits,
 * briefly, for a consumer that has moved the consumer cursor past the slot's previous record but
 * is still copying it out.
 *
 * <p><b>Claim record</b> (for {@link SharedQueue#recover}): every handle, with or without an
 * owner, keeps its {@link ClaimRecord} line up to date: INTENT just before the atomic on the
 * producer cursor, {first, count} then HOLDING after it, IDLE once every claimed sequence is
 * published or skipped. Handles without an owner ({@link OwnerToken#NONE}) are never recovered,
 * but their records still tell a sweep which sequences are theirs. Cost: three release stores
 * and one plain store per claim (two more for a push_slot), all on this handle's own line. Recovery relies on one handle per
 * producer id acting at a time (the {@link SharedQueue#producer(int)} contract); a handle
 * may push while its own slot handle is open: the open slot has its own word in the record.
 *
 * <p>Allocation-free on every push path: the slot handle and idle strategy are created once with
 * the handle. Not thread-safe: one thread at a time (the {@link QueueProducer} contract).
 */
final class DisruptorProducer implements QueueProducer {

    private final WordMemory memory;
    private final RingLayout ring;
    private final ClaimStrategy claimStrategy;
    private final int id;
    private final IdleStrategy idle;
    private final DisruptorSlotHandle slot;
    private final int owner;
    /** Offset of this producer's claim record (its own line). */
    private final long record;
    private final long intentState;
    private final long holdingState;
    private final long idleState;

    /** Last consumer cursor this producer read; consumers only move it up, so it is a safe underestimate. */
    private long cachedConsumerCursor;

    /** First sequence of the last successful {@link #claim}; a field so that claiming allocates nothing. */
    private long claimedFirst;

    DisruptorProducer(DisruptorQueue queue, int id, IdleStrategy idle) {
        this(queue, id, OwnerToken.NONE, idle);
    }

    DisruptorProducer(DisruptorQueue queue, int id, int owner, IdleStrategy idle) {
        this.memory = queue.memory();
        this.ring = queue.ring();
        this.claimStrategy = queue.claimStrategy();
        this.id = id;
        this.owner = owner;
        this.record = ring.producerRecord(id);
        this.intentState = ClaimRecord.state(owner, ClaimRecord.INTENT);
        this.holdingState = ClaimRecord.state(owner, ClaimRecord.HOLDING);
        this.idleState = ClaimRecord.state(owner, ClaimRecord.IDLE);
        this.idle = Objects.requireNonNull(idle, "the idle strategy factory returned null for producer " + id);
        this.slot = new DisruptorSlotHandle(this, memory.segment());
    }

    @Override
    public int id() {
        return id;
    }

    /** The domain registration this handle acts for ({@link OwnerToken#NONE} if none). */
    int owner() {
        return owner;
    }

    @Override
    public boolean pushBack(MemorySegment src, long srcOffset) {
        if (claim(1, true) == 0) {
            return false;
        }
        return writeClaimed(claimedFirst, src, srcOffset, 1) == 1;
    }

    @Override
    public boolean pushFront(MemorySegment src, long srcOffset) {
        throw QueueSupport.unsupported(DisruptorQueueProvider.NAME, "pushFront", QueueCapability.DOUBLE_ENDED);
    }

    @Override
    public SlotHandle pushSlotBack() {
        checkNoSlotOpen("pushSlotBack");
        if (claim(1, true) == 0) {
            return null;
        }
        long sequence = claimedFirst;
        if (!awaitFree(sequence)) {
            idle();
            return null; // the claim was voided by a scribbled or repaired ring (see awaitFree)
        }
        slot.open(sequence, ring.recordOf(sequence));
        slotOpened(sequence);
        return slot;
    }

    @Override
    public SlotHandle pushSlotFront() {
        throw QueueSupport.unsupported(DisruptorQueueProvider.NAME, "pushSlotFront", QueueCapability.DOUBLE_ENDED);
    }

    @Override
    public int pushMultiple(MemorySegment src, long srcOffset, int count, BatchMode mode) {
        QueueSupport.checkCount(count);
        Objects.requireNonNull(mode, "mode");
        if (count == 0) {
            return 0;
        }
        int n = claim(count, mode == BatchMode.ALL_OR_NOTHING);
        return n > 0 ? writeClaimed(claimedFirst, src, srcOffset, n) : 0;
    }

    private void checkNoSlotOpen(String operation) {
        if (slot.isOpen()) {
            throw new IllegalStateException("producer " + id + " of the '" + DisruptorQueueProvider.NAME
                    + "' queue still has a slot handle open (sequence " + slot.sequence() + "); close() or abort() it before "
                    + operation);
        }
    }

    /**
     * Claims up to {@code wanted} sequences (exactly {@code wanted} or none when {@code exact}) with
     * ONE successful atomic on the producer cursor; stores the first in {@link #claimedFirst}.
     *
     * @return how many were claimed, 0 when the room seen does not allow any
     */
    int claim(int wanted, boolean exact) {
        boolean intent = false;
        while (true) {
            // Acquire: a fresh-enough view of the claims; no data is read on the strength of it (the
            // availability word orders the data). Read BEFORE the consumer cursor, so that a "full"
            // answer held at the moment the consumer cursor was read.
            long claimed = memory.getLongAcquire(ring.producerCursor);
            long room = ring.capacity - (claimed - cachedConsumerCursor);
            // room > capacity: the cache is above the producer cursor, which honest histories never
            // allow (a cursor repaired down after a scribble): refresh it rather than trust it.
            if (room < wanted || room > ring.capacity) {
                // Acquire, same reason; the cursor only grows, so the refreshed value is never smaller.
                cachedConsumerCursor = memory.getLongAcquire(ring.consumerCursor);
                room = ring.capacity - (claimed - cachedConsumerCursor);
                if (ring.impossible(cachedConsumerCursor, claimed)) {
                    // Consumers may have passed the value of `claimed` read earlier; honest consumers never
                    // pass the producer cursor itself, so re-read it (acquire, AFTER the consumer cursor).
                    if (!ring.impossible(cachedConsumerCursor, memory.getLongAcquire(ring.producerCursor))) {
                        continue; // an honest race: look again with both values fresh
                    }
                    // Cursors no honest history produces (the consumer cursor above every claim, or either
                    // scribbled far off; the test is overflow-safe): claiming would hand out sequences
                    // nobody will ever consume. Count it and claim nothing.
                    countCursorFault();
                    room = 0;
                }
            }
            int n = exact ? (room >= wanted ? wanted : 0) : (int) Math.max(0, Math.min(wanted, room));
            if (n == 0) {
                if (intent) {
                    idle();
                }
                return 0;
            }
            if (!intent) {
                // Plain: the volatile RMW on the producer cursor below orders this store before the
                // claim, so a sweep that reads the cursor with acquire and sees the claim sees INTENT.
                memory.setLong(record, intentState);
                intent = true;
            }
            if (claimStrategy == ClaimStrategy.GET_AND_ADD) {
                claimedFirst = claimUnchecked(n);
                holding(claimedFirst, n);
                return n;
            }
            // CAS (volatile RMW): claims [claimed, claimed + n) only if no producer claimed since the
            // room check, so the claim never passes the consumer cursor (Disruptor tryNext).
            if (memory.compareAndSetLong(ring.producerCursor, claimed, claimed + n)) {
                claimedFirst = claimed;
                holding(claimed, n);
                return n;
            }
            // Another producer claimed first: look again (lock-free, someone progressed).
        }
    }

    /** Stores INTENT in this producer's claim record (also the test stand-in for "about to claim"). */
    void intent() {
        // Release (rather than plain) only because tests call it outside claim(); see claim().
        memory.setLongRelease(record, intentState);
    }

    /** Records the claim [first, first + n) and moves the record to HOLDING. */
    void holding(long first, long n) {
        // Release on all three: a sweep that reads any of them with acquire also sees the earlier
        // stores, so a torn {first, count} pair is caught by re-reading the state word (RingRecovery).
        memory.setLongRelease(record + ClaimRecord.FIRST, first);
        memory.setLongRelease(record + ClaimRecord.COUNT, n);
        memory.setLongRelease(record + ClaimRecord.STATE, holdingState);
    }

    /** Moves the claim record to IDLE: everything claimed is published or skipped. */
    void idle() {
        // Release: the PUBLISHED / SKIPPED stores before it are visible to a sweep that reads IDLE.
        memory.setLongRelease(record, idleState);
    }

    /** Records the open push_slot handle's sequence in the SLOT word, then ends the claim (IDLE). */
    private void slotOpened(long sequence) {
        // Release, and before IDLE: a sweep that reads IDLE with acquire also sees the slot.
        memory.setLongRelease(record + ClaimRecord.SLOT, sequence + 1);
        idle();
    }

    /** Clears the SLOT word once the slot handle has published or skipped its sequence. */
    void slotClosed() {
        // Release: the PUBLISHED / SKIPPED store before it is visible to a sweep that reads 0.
        memory.setLongRelease(record + ClaimRecord.SLOT, 0);
    }

    private void countCursorFault() {
        RingFaults.count(memory, ring, RingFaults.TOTAL);
    }

    /**
     * Claims {@code n} sequences with one getAndAdd, whatever the room, and returns the first.
     * Package-private so that a test can stand in for a producer that raced past the room check.
     */
    long claimUnchecked(int n) {
        // getAndAdd (volatile RMW): the claim itself; the total order of RMWs on the cursor gives
        // every producer a distinct run of sequences.
        return memory.getAndAddLong(ring.producerCursor, n);
    }

    /**
     * Waits for, fills and publishes the {@code n} claimed sequences from {@code first}, in order.
     *
     * @return how many were published: {@code n}, or fewer if the ring voided the rest of the claim
     *         (see {@link #awaitFree}); the unpublished rest become orphans that a sweep skips
     */
    int writeClaimed(long first, MemorySegment src, long srcOffset, int n) {
        int bytes = ring.recordBytes;
        int published = 0;
        while (published < n) {
            long sequence = first + published;
            if (!awaitFree(sequence)) {
                break;
            }
            memory.copyIn(ring.recordOf(sequence), src, srcOffset + (long) published * bytes, bytes);
            publish(sequence, SlotState.published(ring.lapOf(sequence)));
            published++;
        }
        idle();
        return published;
    }

    /**
     * Waits until {@code sequence}'s slot is FREE for its lap (see the class comment).
     *
     * <p>Returns false, and counts a fault, when the claim can no longer be honest: the producer
     * cursor is at or below the claimed sequence (a sweep rebuilt it, or a domain scribbled it), the
     * cursors are impossible ({@link RingLayout#impossible}), or the slot's word is already past
     * {@code FREE(lap)} (another party published or consumed this sequence: the claim was handed out
     * twice after a scribble). Honest claims never meet any of these, and waiting on them would be
     * waiting on a word no live party will change. The checks run only on the waiting path.
     */
    boolean awaitFree(long sequence) {
        long word = ring.availabilityOf(sequence);
        long expected = SlotState.free(ring.lapOf(sequence));
        // Acquire: pairs with the consumer's release of FREE, so its copy-out of the previous lap's
        // record happens-before our copy-in overwrites the slot.
        long seen = memory.getLongAcquire(word);
        if (seen == expected) {
            return true;
        }
        idle.reset();
        while (true) {
            // Unsigned: a word of this lap or later that is not FREE(lap) compares above it; honest
            // words we wait on are of an earlier lap and compare below.
            boolean ahead = Long.compareUnsigned(seen, expected) > 0;
            // Acquire on both cursors: fresh-enough values; they only decide whether to keep waiting.
            long consumed = memory.getLongAcquire(ring.consumerCursor);
            long claimed = memory.getLongAcquire(ring.producerCursor);
            if (ahead || claimed <= sequence || ring.impossible(consumed, claimed)) {
                RingFaults.count(memory, ring, RingFaults.CLAIMS_ABANDONED);
                return false;
            }
            idle.idle();
            seen = memory.getLongAcquire(word); // acquire: as above
            if (seen == expected) {
                return true;
            }
        }
    }

    /** Stores the availability word of a claimed slot: PUBLISHED or SKIPPED for its lap. */
    void publish(long sequence, long state) {
        // Release: the record bytes written before (plain copyIn or the caller's in-place writes)
        // become visible to any consumer that reads this word with acquire.
        memory.setLongRelease(ring.availabilityOf(sequence), state);
    }

    long lapOf(long sequence) {
        return ring.lapOf(sequence);
    }

    @Override
    public String toString() {
        return "disruptor producer " + id + " of " + OwnerToken.describe(owner) + " (" + claimStrategy + ", " + idle + ")";
    }
}
