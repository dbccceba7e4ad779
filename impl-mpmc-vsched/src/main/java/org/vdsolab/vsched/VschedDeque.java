package org.vdsolab.vsched;

import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueSpec;

import java.lang.foreign.MemorySegment;

import static org.vdsolab.vsched.SlotState.READING;
import static org.vdsolab.vsched.SlotState.READY;
import static org.vdsolab.vsched.SlotState.REAPING;
import static org.vdsolab.vsched.SlotState.SKIPPED;
import static org.vdsolab.vsched.SlotState.WRITING;
import static org.vdsolab.vsched.StepHook.Op;
import static org.vdsolab.vsched.StepHook.Step;

/**
 * The corrected vsched deque over {@link WordMemory}: MPMC, both ends, per-slot states, with
 * vsched's slot-first order (claim the slot by CAS, then move the index by CAS, give the slot back
 * if the index CAS fails) and three changes that remove its flaws:
 * <ul>
 *   <li>one index word packs head and tail ({@link IndexWord}): both ends decide full and empty
 *       from the same word by one rule, {@code size = tail - head}, full iff size == capacity, and
 *       move it by one CAS of the pair; two pushes from different ends can no longer both take the
 *       last free slot, and no spare slot is needed;</li>
 *   <li>the positions are 32-bit counters, not raw indices, and every slot word carries the position
 *       it serves ({@link SlotWord}): a claimer whose snapshot is laps old fails at the slot CAS or
 *       at the index CAS and never corrupts;</li>
 *   <li>a popper that meets a slot not in the state its snapshot predicts re-reads the index
 *       instead of reporting "empty": "empty" is only ever answered from the index word.</li>
 * </ul>
 * Plus push_slot ({@link #claim}, {@link #publish}, {@link #abort}) and batches that move the index
 * once per run ({@link #pushMultiple}, {@link #popMultiple}).
 *
 * <p>Linearization points: a successful push or pop at its index CAS; "full"/"empty" at its index
 * load. A pushed position is in the index before its record is written, so a popper that reaches
 * a WRITING slot of its position waits for it: the design is not lock-free in the strict sense
 * (a producer stopped between its index CAS and its READY store, or holding a push_slot handle,
 * stops the consumers of that position). A stopped producer that is DEAD is handled by
 * {@link #recover}; a live one, however slow, is waited for.
 *
 * <p>Layout from the queue's base offset:
 * <pre>
 *     0  QueueHeader (64 bytes, cold)
 *    64  skipped  long  aborted or recovered slots still inside the index (rarely written)
 *    72  faults   long  the fault word ({@link #faults}): corrupt-index sweeps + scribble repairs
 *    80  corrupt  long  recovery sweeps that found the index corrupt
 *    88  skipRep  long  repair 1: slots inside the index that broke I1, made SKIPPED
 *    96  freeRep  long  repair 2: implausible slots outside the index, made FREE
 *   104  rebuilt  long  repair 3: corrupt indices rebuilt from the slot words
 *        (all diagnostics: written rarely, by sweeps only)
 *   128  index    long  tail (high 32 bits) | head (low 32 bits)   (own 128-byte block)
 *   256  slot[0..CAP): word long = position (high 32) | owner (bits 8..31) | state (low 8),
 *        then the record
 * </pre>
 * The index word is written by every party at both ends, so it has a 128-byte block to itself:
 * 64 bytes keep it off the header's and the first slot's cache line, 128 also off their
 * adjacent-line prefetch pair. The counters share the header's pair: all of them are cold.
 *
 * <p><b>Owners and recovery.</b> A handle made with an owner token ({@link OwnerToken}) stamps it
 * into the slot words it holds: WRITING (a push or push_slot claim, a batch run) and READING /
 * REAPING (a pop or a batch pop). READY and SKIPPED carry no owner; handles made without one
 * stamp NONE and are never recovered. Stamping costs one OR at claim; every other comparison is
 * unchanged: poppers compare slots exactly with (position, READY) / (position, SKIPPED), so a
 * WRITING slot with any owner makes them wait. {@link #recover} scans every slot once; for a word
 * (pos, held state, owner) whose owner is dead it reads the index and decides from whether pos is
 * inside [head, tail):
 * <ul>
 *   <li>WRITING inside: the claim's index CAS succeeded (single or batch) and the record was never
 *       published: SKIPPED (counted), which poppers remove without delivering anything. Outside:
 *       the index CAS never happened, or failed, or an abort already moved the index back: FREE.</li>
 *   <li>READING / REAPING inside: the popper died before its index CAS or before giving the slot
 *       back: back to READY / SKIPPED, exactly undoing it. Outside: it had moved the index past
 *       pos: FREE (a READING record is lost with the consumer that was copying it out).</li>
 * </ul>
 * Why the decision is stable: while a slot holds (pos, held, owner), no party but that owner can
 * move the index over pos, because every index move over a position first claims its slot (a
 * push claims FREE to WRITING before extending the index to pos, a pop claims READY/SKIPPED
 * before shrinking it past pos, a batch claims every slot of its run, and only an aborting owner
 * moves the index back over its own position). A dead owner moves nothing, so "pos inside the
 * index" cannot change between the sweep's load of the word, its load of the index and its CAS
 * from that exact word; and the word cannot reappear after another sweep replaced it, since only
 * its dead owner could write it (no ABA). A live owner's slot is never touched, however long it
 * stalls. Known drift: an owner that dies between counting an abort and storing SKIPPED, or a
 * reaper between FREE and its uncount, leaves the {@code skipped} diagnostic off by one.
 *
 * <p><b>Scribbles.</b> Any domain can write the index word and the slot words. If the index's size
 * {@code tail - head} is outside [0, capacity] the positions it names are not what the slots
 * hold, so nothing is trusted: pushes answer "full", pops "empty" (one unsigned compare, no spin),
 * a recovery sweep counts it and, once two scans agree, rebuilds the index from the slot words.
 * A slot word that breaks the algorithm's invariants is repaired by the sweeps too (SKIPPED inside
 * the index, FREE outside). The invariants, the repairs and why each is safe next to honest
 * parties: {@link ScribbleRepair}. Until a sweep repairs a scribbled slot, the parties that reach
 * it wait (they spin on a word the sweeper will change). Every party that gives a claimed slot
 * back after a lost index CAS does it by CAS from its own claimed word, never by a blind store, so
 * a repair that freed the slot under a stalled claimer is never undone.
 *
 * <p>Thread-safe: any number of threads may call any method.
 */
final class VschedDeque {

    static final long SKIPPED_COUNT = 64;
    static final long FAULTS = 72;
    static final long CORRUPT_INDEX_COUNT = 80;
    static final long SKIPPED_REPAIRS = 88;
    static final long FREED_REPAIRS = 96;
    static final long INDEX_REBUILDS = 104;
    static final long INDEX = 128;
    static final long SLOTS = 256;

    /** What {@link #claim} and {@link #take} return when they got no position: full, empty or interrupted. */
    static final long NONE = Long.MIN_VALUE;

    private final WordMemory memory;
    private final RingGeometry ring;
    private final long indexOffset;
    private final long skippedOffset;
    private final Counters counters;
    private final ScribbleRepair repair;
    private final int capacity;
    private final int recordBytes;
    private final StepHook hook;

    VschedDeque(WordMemory memory, long offset, QueueSpec spec, StepHook hook) {
        this.memory = memory;
        this.ring = new RingGeometry(offset + SLOTS, spec);
        this.indexOffset = offset + INDEX;
        this.skippedOffset = offset + SKIPPED_COUNT;
        this.counters = new Counters(memory, offset);
        this.capacity = spec.capacity();
        this.recordBytes = spec.recordBytes();
        this.hook = hook;
        this.repair = new ScribbleRepair(memory, ring, indexOffset, skippedOffset, counters, capacity);
    }

    static long footprint(QueueSpec spec) {
        return RingGeometry.footprint(SLOTS, spec);
    }

    RingGeometry ring() {
        return ring;
    }

    // Volatile: the snapshot takes its place in the one total order of every party's index CASes;
    // "full" and "empty" answers are linearized at this load. (On x86 a plain load.)
    private long index() {
        return memory.getLongVolatile(indexOffset);
    }

    // ---------------------------------------------------------------- pushes

    boolean pushBack(MemorySegment src, long srcOffset, long ownerBits) {
        return push(false, src, srcOffset, ownerBits);
    }

    boolean pushFront(MemorySegment src, long srcOffset, long ownerBits) {
        return push(true, src, srcOffset, ownerBits);
    }

    private boolean push(boolean front, MemorySegment src, long srcOffset, long ownerBits) {
        long position = claim(front, ownerBits);
        if (position == NONE) {
            return false;
        }
        memory.copyIn(ring.dataOffset((int) position), src, srcOffset, recordBytes);
        publish((int) position);
        return true;
    }

    /**
     * Claims the next position at one end: the slot goes EMPTY to (position, WRITING, owner), then
     * the index moves to include the position. The caller writes the record and calls
     * {@link #publish} or {@link #abort}.
     *
     * @param ownerBits {@link SlotWord#ownerBits} of the claimer's owner token (0: no owner)
     * @return the position, or {@link #NONE} if the deque is full, its index is corrupt (or the
     *         thread was interrupted)
     */
    long claim(boolean front, long ownerBits) {
        Op op = front ? Op.PUSH_FRONT : Op.PUSH_BACK;
        while (true) {
            long index = index();
            int head = IndexWord.head(index);
            int tail = IndexWord.tail(index);
            // Unsigned: full (size == capacity) and a corrupt index (size outside [0, capacity]) in
            // one compare; the same word and the same rule at both ends.
            if (Integer.compareUnsigned(tail - head, capacity) >= 0) {
                return NONE;
            }
            int position = front ? head - 1 : tail;
            hook.at(Step.AFTER_SNAPSHOT, op);
            long slot = ring.slotOffset(position);
            // Acquire: pairs with the release of FREE by the last popper of this slot. Loaded
            // before the CAS so that a pusher waiting on a busy slot spins on a shared cache line
            // instead of stealing it from the party that is using it.
            // CAS (volatile strength): only one claimer owns a slot; a slot still being read or
            // claimed by a stale claimer is not FREE and makes us retry.
            long claimed = SlotWord.of(position, WRITING, ownerBits);
            if (memory.getLongAcquire(slot) == SlotWord.FREE
                    && memory.compareAndSetLong(slot, SlotWord.FREE, claimed)) {
                hook.at(Step.AFTER_SLOT_CLAIM, op);
                long moved = front ? IndexWord.of(position, tail) : IndexWord.of(head, tail + 1);
                // CAS of the whole pair: fails if either end moved since the snapshot.
                if (memory.compareAndSetLong(indexOffset, index, moved)) {
                    hook.at(Step.AFTER_INDEX_MOVE, op);
                    return position;
                }
                giveBack(slot, claimed, SlotWord.FREE);
            }
            if (!Spin.retry(hook, op)) {
                return NONE;
            }
        }
    }

    /** Publishes a claimed position: its record is written. */
    void publish(int position) {
        // Release: the record bytes are visible to whoever acquires READY.
        memory.setLongRelease(ring.slotOffset(position), SlotWord.of(position, READY));
    }

    /**
     * Gives up a claimed position without a record. If the position is still at its end of the
     * index (nothing was pushed beyond it from that end) the index moves back and the slot is
     * EMPTY again, exactly undoing the claim; otherwise the slot becomes SKIPPED and stays in the
     * index until a popper reaches it and removes it without delivering anything.
     */
    void abort(int position, boolean front) {
        long slot = ring.slotOffset(position);
        while (true) {
            long index = index();
            int head = IndexWord.head(index);
            int tail = IndexWord.tail(index);
            boolean atEdge = front ? head == position : tail == position + 1;
            if (!atEdge) {
                // Counted before it is visible, so the reaper's decrement never comes first.
                memory.getAndAddLong(skippedOffset, 1);
                memory.setLongRelease(slot, SlotWord.of(position, SKIPPED)); // release: poppers acquire it
                return;
            }
            long undone = front ? IndexWord.of(position + 1, tail) : IndexWord.of(head, position);
            if (memory.compareAndSetLong(indexOffset, index, undone)) {
                memory.setLongRelease(slot, SlotWord.FREE); // release: free for the next pusher
                return;
            }
            // The other end moved under us: look again.
        }
    }

    /**
     * Pushes up to {@code count} records at the back: claims the run of slots one CAS each, then
     * moves the index over the whole run with one CAS, writes the records and publishes each slot.
     * A run that cannot be claimed whole (a slot still busy, or a lost index CAS) is given back
     * and retried, so the answer is exactly what the mode promises for the snapshot it is
     * linearized at.
     */
    int pushMultiple(MemorySegment src, long srcOffset, int count, BatchMode mode, long ownerBits) {
        if (count == 0) {
            return 0;
        }
        while (true) {
            long index = index();
            int head = IndexWord.head(index);
            int tail = IndexWord.tail(index);
            int size = tail - head;
            if (Integer.compareUnsigned(size, capacity) > 0) {
                return 0; // corrupt index: refuse rather than claim slots it does not describe
            }
            int n = Math.min(count, capacity - size);
            if (n == 0 || (mode == BatchMode.ALL_OR_NOTHING && n < count)) {
                return 0;
            }
            hook.at(Step.AFTER_SNAPSHOT, Op.PUSH_MULTIPLE);
            int claimed = claimEmptyRun(tail, n, ownerBits);
            if (claimed == n) {
                hook.at(Step.AFTER_SLOT_CLAIM, Op.PUSH_MULTIPLE);
                if (memory.compareAndSetLong(indexOffset, index, IndexWord.of(head, tail + n))) {
                    hook.at(Step.AFTER_INDEX_MOVE, Op.PUSH_MULTIPLE);
                    for (int k = 0; k < n; k++) {
                        memory.copyIn(ring.dataOffset(tail + k), src, srcOffset + (long) k * recordBytes, recordBytes);
                        publish(tail + k);
                    }
                    return n;
                }
            }
            for (int k = 0; k < claimed; k++) {
                giveBack(ring.slotOffset(tail + k), SlotWord.of(tail + k, WRITING, ownerBits), SlotWord.FREE);
            }
            if (!Spin.retry(hook, Op.PUSH_MULTIPLE)) {
                return 0;
            }
        }
    }

    /**
     * CASes slots {@code first..first+n-1} FREE to WRITING; stops at the first that is not FREE.
     * One CAS per slot, no load first: the index just said these positions are free, so their
     * slots almost always are; a busy one makes the batch give its run back and retry.
     */
    private int claimEmptyRun(int first, int n, long ownerBits) {
        for (int k = 0; k < n; k++) {
            int position = first + k;
            if (!memory.compareAndSetLong(ring.slotOffset(position), SlotWord.FREE, SlotWord.of(position, WRITING, ownerBits))) {
                return k;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- pops

    boolean popFront(MemorySegment dst, long dstOffset, long ownerBits) {
        return pop(true, dst, dstOffset, ownerBits);
    }

    boolean popBack(MemorySegment dst, long dstOffset, long ownerBits) {
        return pop(false, dst, dstOffset, ownerBits);
    }

    private boolean pop(boolean front, MemorySegment dst, long dstOffset, long ownerBits) {
        long position = take(front, ownerBits);
        if (position == NONE) {
            return false;
        }
        long slot = ring.slotOffset((int) position);
        memory.copyOut(slot + RingGeometry.STATE_BYTES, dst, dstOffset, recordBytes);
        // Release: our reads of the record complete before a pusher can claim the slot again.
        memory.setLongRelease(slot, SlotWord.FREE);
        return true;
    }

    /**
     * Removes the position at one end: the slot goes (position, READY) to (position, READING,
     * owner), then the index moves to exclude it. Aborted (SKIPPED) slots met on the way are
     * removed without being returned. The caller reads the record and stores EMPTY.
     *
     * @param ownerBits {@link SlotWord#ownerBits} of the popper's owner token (0: no owner)
     * @return the position, or {@link #NONE} if the deque is empty, its index is corrupt (or the
     *         thread was interrupted)
     */
    long take(boolean front, long ownerBits) {
        Op op = front ? Op.POP_FRONT : Op.POP_BACK;
        while (true) {
            long index = index();
            int head = IndexWord.head(index);
            int tail = IndexWord.tail(index);
            if (isEmptyOrCorrupt(head, tail)) {
                return NONE;
            }
            int position = front ? head : tail - 1;
            hook.at(Step.AFTER_SNAPSHOT, op);
            long slot = ring.slotOffset(position);
            // Acquire: pairs with the pusher's release of READY (or an aborter's SKIPPED).
            long seen = memory.getLongAcquire(slot);
            int claimedState = claimedStateFor(seen, position);
            if (claimedState != NO_CLAIM
                    && memory.compareAndSetLong(slot, seen, SlotWord.of(position, claimedState, ownerBits))) {
                hook.at(Step.AFTER_SLOT_CLAIM, op);
                long moved = front ? IndexWord.of(head + 1, tail) : IndexWord.of(head, tail - 1);
                if (memory.compareAndSetLong(indexOffset, index, moved)) {
                    hook.at(Step.AFTER_INDEX_MOVE, op);
                    if (claimedState == READING) {
                        return position;
                    }
                    reaped(slot, position);
                    continue;
                }
                giveBack(slot, SlotWord.of(position, claimedState, ownerBits), seen); // as it was
            }
            // (position, WRITING): its pusher has not published yet, wait. Anything else: the
            // snapshot is stale (or a stale claimer holds the slot for a moment): look again.
            if (!Spin.retry(hook, op)) {
                return NONE;
            }
        }
    }

    /**
     * Empty (size 0), or a corrupt index (size outside [0, capacity], a hostile write): a popper
     * answers "empty" for both rather than wait for positions the slots do not hold.
     */
    private boolean isEmptyOrCorrupt(int head, int tail) {
        int size = tail - head;
        return size == 0 || Integer.compareUnsigned(size, capacity) > 0;
    }

    /**
     * READING for a published record of this position, REAPING for an aborted one, NO_CLAIM
     * otherwise. Exact comparisons: READY and SKIPPED carry no owner. A (position, WRITING, any
     * owner) slot answers NO_CLAIM, so the popper waits for its pusher (or for a recovery sweep).
     */
    private static int claimedStateFor(long seen, int position) {
        if (seen == SlotWord.of(position, READY)) {
            return READING;
        }
        if (seen == SlotWord.of(position, SKIPPED)) {
            return REAPING;
        }
        return NO_CLAIM;
    }

    /** What {@link #claimedStateFor} answers for a slot that is not ours to claim. */
    private static final int NO_CLAIM = -1;

    /**
     * Pops up to {@code max} records from the front with one index CAS: looks ahead until the run
     * of positions holding {@code min(max, records)} records is published (waiting for any of its
     * positions still being written), claims each slot of the run by CAS, moves the head over the
     * whole run, then copies the records out back to back and frees the slots. Aborted slots in
     * the run are removed without being delivered.
     */
    int popMultiple(MemorySegment dst, long dstOffset, int max, long ownerBits) {
        if (max == 0) {
            return 0;
        }
        while (true) {
            long index = index();
            int head = IndexWord.head(index);
            int tail = IndexWord.tail(index);
            if (isEmptyOrCorrupt(head, tail)) {
                return 0;
            }
            hook.at(Step.AFTER_SNAPSHOT, Op.POP_MULTIPLE);
            int n = publishedRun(head, tail - head, max);
            if (n > 0) {
                int claimed = claimPublishedRun(head, n, ownerBits);
                if (claimed == n) {
                    hook.at(Step.AFTER_SLOT_CLAIM, Op.POP_MULTIPLE);
                    if (memory.compareAndSetLong(indexOffset, index, IndexWord.of(head + n, tail))) {
                        hook.at(Step.AFTER_INDEX_MOVE, Op.POP_MULTIPLE);
                        int delivered = drainRun(head, n, dst, dstOffset);
                        if (delivered > 0) {
                            return delivered;
                        }
                        continue; // only aborted slots: removed, look again
                    }
                }
                releaseRun(head, claimed, ownerBits);
            }
            if (!Spin.retry(hook, Op.POP_MULTIPLE)) {
                return 0;
            }
        }
    }

    /**
     * Look-ahead without claiming, from {@code first} over at most {@code available} positions:
     * the length of the shortest run holding {@code max} records (or all of them), or 0 if a
     * position of that run is not published for its position (still being written, or a stale
     * snapshot).
     */
    private int publishedRun(int first, int available, int max) {
        int records = 0;
        int k = 0;
        while (k < available && records < max) {
            int position = first + k;
            int claimedState = claimedStateFor(memory.getLongAcquire(ring.slotOffset(position)), position);
            if (claimedState == NO_CLAIM) {
                return 0;
            }
            if (claimedState == READING) {
                records++;
            }
            k++;
        }
        return k;
    }

    /**
     * Claims the run the look-ahead found published: one compare-and-exchange per slot from the
     * word it almost certainly holds, (position, READY); an aborted slot costs a second CAS.
     * Stops at the first slot that changed since the look-ahead.
     */
    private int claimPublishedRun(int first, int n, long ownerBits) {
        for (int k = 0; k < n; k++) {
            int position = first + k;
            long slot = ring.slotOffset(position);
            long ready = SlotWord.of(position, READY);
            long seen = memory.compareAndExchangeLong(slot, ready, SlotWord.of(position, READING, ownerBits));
            if (seen != ready && (seen != SlotWord.of(position, SKIPPED)
                    || !memory.compareAndSetLong(slot, seen, SlotWord.of(position, REAPING, ownerBits)))) {
                return k;
            }
        }
        return n;
    }

    /** Gives back the first {@code claimed} slots of a run whose index CAS failed: READING to READY, REAPING to SKIPPED. */
    private void releaseRun(int first, int claimed, long ownerBits) {
        for (int k = 0; k < claimed; k++) {
            int position = first + k;
            long slot = ring.slotOffset(position);
            // Our claim was READING (a record) or REAPING (an aborted slot): give back whichever it is.
            if (!memory.compareAndSetLong(slot, SlotWord.of(position, READING, ownerBits), SlotWord.of(position, READY))) {
                giveBack(slot, SlotWord.of(position, REAPING, ownerBits), SlotWord.of(position, SKIPPED));
            }
        }
    }

    /**
     * Gives back a slot claimed by an attempt whose index CAS failed. CAS (volatile, so at least
     * release: the slot's next user sees it as given back) from our own claimed word, not a blind
     * store: if a scribble, or a repair of a claim stalled across sweeps, replaced it, the slot is
     * someone else's now and must not be overwritten. Failure paths only; the hot path keeps its
     * release stores.
     */
    private void giveBack(long slot, long claimed, long restored) {
        memory.compareAndSetLong(slot, claimed, restored);
    }

    private int drainRun(int first, int n, MemorySegment dst, long dstOffset) {
        int delivered = 0;
        for (int k = 0; k < n; k++) {
            int position = first + k;
            long slot = ring.slotOffset(position);
            if (SlotWord.state(memory.getLong(slot)) == READING) { // plain: our own claim
                memory.copyOut(slot + RingGeometry.STATE_BYTES, dst, dstOffset + (long) delivered * recordBytes, recordBytes);
                delivered++;
                memory.setLongRelease(slot, SlotWord.FREE); // release: reads done before reuse
            } else {
                reaped(slot, position);
            }
        }
        return delivered;
    }

    /** An aborted slot has left the index: free it and uncount it. */
    private void reaped(long slot, int position) {
        memory.setLongRelease(slot, SlotWord.FREE); // release: free for the next pusher
        memory.getAndAddLong(skippedOffset, -1);
    }

    // ---------------------------------------------------------------- recovery

    /**
     * One recovery sweep (see the class comment for the argument): every slot held (WRITING,
     * READING, REAPING) by an owner that {@code liveness} says is dead is made harmless. Safe to
     * run concurrently with every operation and with other sweeps; slots of live owners and of
     * owner NONE are never touched. Then the scribble repairs of {@link ScribbleRepair} (counted
     * in {@link #faults}, not in the result). An index whose size is outside [0, capacity] is not
     * trusted: the sweep counts it ({@link #corruptIndexSweeps}), recovers nothing, and rebuilds it
     * once two scans of the slots agree.
     * Allocates (a per-sweep cache of liveness answers); not for hot paths.
     *
     * @return slots recovered by this sweep
     */
    long recover(OwnerLiveness liveness) {
        long start = index();
        if (isCorrupt(start)) {
            counters.corruptIndexSweep();
            repair.rebuildIndex(start);
            return 0;
        }
        DeadOwners dead = new DeadOwners(liveness);
        long recovered = 0;
        for (int i = 0; i < capacity; i++) {
            long slot = ring.slotOffset(i);
            // Acquire: pairs with the claimer's CAS, so the index we read next is at least as new
            // as the one the holder saw when it took the slot.
            long word = memory.getLongAcquire(slot);
            int state = SlotWord.state(word);
            int owner = SlotWord.owner(word);
            if (owner == OwnerToken.NONE || (state != WRITING && state != READING && state != REAPING)
                    || (SlotWord.position(word) & ring.mask) != i   // a scribbled word: not ours to judge
                    || !dead.isDead(owner)) {
                continue;
            }
            long index = index(); // volatile, read after the slot word: see the class comment
            if (isCorrupt(index)) {
                break; // scribbled meanwhile: the next sweep counts it and rebuilds
            }
            if (recoverSlot(slot, word, state, insideIndex(SlotWord.position(word), index))) {
                recovered++;
            }
        }
        repair.repairSlots();
        return recovered;
    }

    /**
     * Replaces a dead holder's word, if it is still there, by what the holder's next step would
     * have left for the others: a claim inside the index becomes SKIPPED (poppers reap it), a
     * claim outside it FREE; a popper's claim inside the index is given back (READY / SKIPPED,
     * undoing a popper that died before its index CAS), outside it FREE (the popper had moved
     * the index: the record it was copying out is lost with it).
     */
    private boolean recoverSlot(long slot, long word, int state, boolean inside) {
        int position = SlotWord.position(word);
        long replacement;
        if (state == WRITING) {
            replacement = inside ? SlotWord.of(position, SKIPPED) : SlotWord.FREE;
        } else if (state == READING) {
            replacement = inside ? SlotWord.of(position, READY) : SlotWord.FREE;
        } else {
            replacement = inside ? SlotWord.of(position, SKIPPED) : SlotWord.FREE;
        }
        boolean newSkip = state == WRITING && inside;
        if (newSkip) {
            memory.getAndAddLong(skippedOffset, 1); // counted before it is visible, as abort does
        }
        // CAS (volatile) from the exact word read: only one sweep recovers a slot, and a word
        // that changed (another sweep won) is left alone. The dead holder never writes it again,
        // so the word cannot come back (no ABA).
        if (memory.compareAndSetLong(slot, word, replacement)) {
            if (state == REAPING && !inside) {
                memory.getAndAddLong(skippedOffset, -1); // the dead reaper's uncount
            }
            return true;
        }
        if (newSkip) {
            memory.getAndAddLong(skippedOffset, -1); // another sweep recovered it and counted it
        }
        return false;
    }

    /** True if {@code position} is in [head, tail) of {@code index} (wrapping, unsigned). */
    private static boolean insideIndex(int position, long index) {
        int head = IndexWord.head(index);
        return Integer.compareUnsigned(position - head, IndexWord.size(index)) < 0;
    }

    private boolean isCorrupt(long index) {
        return Integer.compareUnsigned(IndexWord.size(index), capacity) > 0;
    }

    /** One sweep's cache of liveness answers: {@link OwnerLiveness#isDead} asks the OS. */
    private static final class DeadOwners {
        private final OwnerLiveness liveness;
        private final java.util.Map<Integer, Boolean> verdicts = new java.util.HashMap<>();

        DeadOwners(OwnerLiveness liveness) {
            this.liveness = liveness;
        }

        boolean isDead(int owner) {
            return verdicts.computeIfAbsent(owner, liveness::isDead);
        }
    }

    // ---------------------------------------------------------------- queries

    /**
     * Records in the index: published ones and ones being written, not aborted ones still waiting
     * for a popper to remove them. Exact when nothing runs concurrently.
     */
    long size() {
        long size = IndexWord.size(index()) - memory.getLongVolatile(skippedOffset);
        return Math.max(0, size);
    }

    /** Aborted slots still inside the index (volatile read). */
    long skipped() {
        return memory.getLongVolatile(skippedOffset);
    }

    /** Sweeps that found the index corrupt (size outside [0, capacity]) and recovered nothing (volatile read). */
    long corruptIndexSweeps() {
        return memory.getLongVolatile(counters.base + CORRUPT_INDEX_COUNT);
    }

    /** The fault word: corrupt-index sweeps plus every scribble repair (volatile read). */
    long faults() {
        return memory.getLongVolatile(counters.base + FAULTS);
    }

    /** Repair 1 so far: slots inside the index that broke I1, made SKIPPED (volatile read). */
    long skippedRepairs() {
        return memory.getLongVolatile(counters.base + SKIPPED_REPAIRS);
    }

    /** Repair 2 so far: implausible slots outside the index, made FREE (volatile read). */
    long freedRepairs() {
        return memory.getLongVolatile(counters.base + FREED_REPAIRS);
    }

    /** Repair 3 so far: corrupt indices rebuilt (volatile read). */
    long indexRebuilds() {
        return memory.getLongVolatile(counters.base + INDEX_REBUILDS);
    }

    /** All scribble repairs so far (0 while only honest parties ran). */
    long repairs() {
        return skippedRepairs() + freedRepairs() + indexRebuilds();
    }

    /**
     * The shared diagnostic counters a sweep writes: each event adds 1 to its own counter and to
     * the fault word. Atomic adds (volatile): sweeps of several domains count concurrently.
     * Thread-safe.
     */
    static final class Counters {
        final long base;
        private final WordMemory memory;

        Counters(WordMemory memory, long base) {
            this.memory = memory;
            this.base = base;
        }

        private void count(long counter) {
            memory.getAndAddLong(base + counter, 1);
            memory.getAndAddLong(base + FAULTS, 1);
        }

        void corruptIndexSweep() {
            count(CORRUPT_INDEX_COUNT);
        }

        void skippedInside() {
            count(SKIPPED_REPAIRS);
        }

        void freedOutside() {
            count(FREED_REPAIRS);
        }

        void indexRebuilt() {
            count(INDEX_REBUILDS);
        }
    }

    /** True if the index word's size is outside [0, capacity] (volatile read). */
    boolean indexCorrupt() {
        return isCorrupt(index());
    }

    /** Diagnostics for tests: the index word (volatile). */
    long indexWord() {
        return index();
    }

    /** Diagnostics for tests: the word of the slot serving {@code position} (acquire). */
    long slotWord(int position) {
        return memory.getLongAcquire(ring.slotOffset(position));
    }
}
