package org.vdsolab.vsched;

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
 * stops the consumers of that position).
 *
 * <p>Layout from the queue's base offset:
 * <pre>
 *     0  QueueHeader (64 bytes, cold)
 *    64  skipped  long  aborted slots still inside the index (rarely written)
 *   128  index    long  tail (high 32 bits) | head (low 32 bits)   (own 128-byte block)
 *   256  slot[0..CAP): word long = position (high 32) | state (low 32), then the record
 * </pre>
 * The index word is written by every party at both ends, so it has a 128-byte block to itself:
 * 64 bytes keep it off the header's and the first slot's cache line, 128 also off their
 * adjacent-line prefetch pair. The skipped counter shares the header's pair: both are cold.
 * Thread-safe: any number of threads may call any method.
 */
final class VschedDeque {

    static final long SKIPPED_COUNT = 64;
    static final long INDEX = 128;
    static final long SLOTS = 256;

    /** What {@link #claim} and {@link #take} return when they got no position: full, empty or interrupted. */
    static final long NONE = Long.MIN_VALUE;

    private final WordMemory memory;
    private final RingGeometry ring;
    private final long indexOffset;
    private final long skippedOffset;
    private final int capacity;
    private final int recordBytes;
    private final StepHook hook;

    VschedDeque(WordMemory memory, long offset, QueueSpec spec, StepHook hook) {
        this.memory = memory;
        this.ring = new RingGeometry(offset + SLOTS, spec);
        this.indexOffset = offset + INDEX;
        this.skippedOffset = offset + SKIPPED_COUNT;
        this.capacity = spec.capacity();
        this.recordBytes = spec.recordBytes();
        this.hook = hook;
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

    boolean pushBack(MemorySegment src, long srcOffset) {
        return push(false, src, srcOffset);
    }

    boolean pushFront(MemorySegment src, long srcOffset) {
        return push(true, src, srcOffset);
    }

    private boolean push(boolean front, MemorySegment src, long srcOffset) {
        long position = claim(front);
        if (position == NONE) {
            return false;
        }
        memory.copyIn(ring.dataOffset((int) position), src, srcOffset, recordBytes);
        publish((int) position);
        return true;
    }

    /**
     * Claims the next position at one end: the slot goes EMPTY to (position, WRITING), then the
     * index moves to include the position. The caller writes the record and calls
     * {@link #publish} or {@link #abort}.
     *
     * @return the position, or {@link #NONE} if the deque is full (or the thread was interrupted)
     */
    long claim(boolean front) {
        Op op = front ? Op.PUSH_FRONT : Op.PUSH_BACK;
        while (true) {
            long index = index();
            int head = IndexWord.head(index);
            int tail = IndexWord.tail(index);
            if (tail - head == capacity) {
                return NONE; // full: the same word and the same rule at both ends
            }
            int position = front ? head - 1 : tail;
            hook.at(Step.AFTER_SNAPSHOT, op);
            long slot = ring.slotOffset(position);
            // Acquire: pairs with the release of FREE by the last popper of this slot. Loaded
            // before the CAS so that a pusher waiting on a busy slot spins on a shared cache line
            // instead of stealing it from the party that is using it.
            // CAS (volatile strength): only one claimer owns a slot; a slot still being read or
            // claimed by a stale claimer is not FREE and makes us retry.
            if (memory.getLongAcquire(slot) == SlotWord.FREE
                    && memory.compareAndSetLong(slot, SlotWord.FREE, SlotWord.of(position, WRITING))) {
                hook.at(Step.AFTER_SLOT_CLAIM, op);
                long moved = front ? IndexWord.of(position, tail) : IndexWord.of(head, tail + 1);
                // CAS of the whole pair: fails if either end moved since the snapshot.
                if (memory.compareAndSetLong(indexOffset, index, moved)) {
                    hook.at(Step.AFTER_INDEX_MOVE, op);
                    return position;
                }
                memory.setLongRelease(slot, SlotWord.FREE); // release: give the slot back
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
    int pushMultiple(MemorySegment src, long srcOffset, int count, BatchMode mode) {
        if (count == 0) {
            return 0;
        }
        while (true) {
            long index = index();
            int head = IndexWord.head(index);
            int tail = IndexWord.tail(index);
            int free = capacity - (tail - head);
            int n = Math.min(count, free);
            if (n == 0 || (mode == BatchMode.ALL_OR_NOTHING && n < count)) {
                return 0;
            }
            hook.at(Step.AFTER_SNAPSHOT, Op.PUSH_MULTIPLE);
            int claimed = claimEmptyRun(tail, n);
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
                memory.setLongRelease(ring.slotOffset(tail + k), SlotWord.FREE); // release: give back
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
    private int claimEmptyRun(int first, int n) {
        for (int k = 0; k < n; k++) {
            int position = first + k;
            if (!memory.compareAndSetLong(ring.slotOffset(position), SlotWord.FREE, SlotWord.of(position, WRITING))) {
                return k;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- pops

    boolean popFront(MemorySegment dst, long dstOffset) {
        return pop(true, dst, dstOffset);
    }

    boolean popBack(MemorySegment dst, long dstOffset) {
        return pop(false, dst, dstOffset);
    }

    private boolean pop(boolean front, MemorySegment dst, long dstOffset) {
        long position = take(front);
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
     * Removes the position at one end: the slot goes (position, READY) to (position, READING),
     * then the index moves to exclude it. Aborted (SKIPPED) slots met on the way are removed
     * without being returned. The caller reads the record and stores EMPTY.
     *
     * @return the position, or {@link #NONE} if the deque is empty (or the thread was interrupted)
     */
    long take(boolean front) {
        Op op = front ? Op.POP_FRONT : Op.POP_BACK;
        while (true) {
            long index = index();
            int head = IndexWord.head(index);
            int tail = IndexWord.tail(index);
            if (head == tail) {
                return NONE;
            }
            int position = front ? head : tail - 1;
            hook.at(Step.AFTER_SNAPSHOT, op);
            long slot = ring.slotOffset(position);
            // Acquire: pairs with the pusher's release of READY (or an aborter's SKIPPED).
            long seen = memory.getLongAcquire(slot);
            int claimedState = claimedStateFor(seen, position);
            if (claimedState != NO_CLAIM && memory.compareAndSetLong(slot, seen, SlotWord.of(position, claimedState))) {
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
                memory.setLongRelease(slot, seen); // release: give the slot back as it was
            }
            // (position, WRITING): its pusher has not published yet, wait. Anything else: the
            // snapshot is stale (or a stale claimer holds the slot for a moment): look again.
            if (!Spin.retry(hook, op)) {
                return NONE;
            }
        }
    }

    /** READING for a published record of this position, REAPING for an aborted one, NO_CLAIM otherwise. */
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
    int popMultiple(MemorySegment dst, long dstOffset, int max) {
        if (max == 0) {
            return 0;
        }
        while (true) {
            long index = index();
            int head = IndexWord.head(index);
            int tail = IndexWord.tail(index);
            if (head == tail) {
                return 0;
            }
            hook.at(Step.AFTER_SNAPSHOT, Op.POP_MULTIPLE);
            int n = publishedRun(head, tail - head, max);
            if (n > 0) {
                int claimed = claimPublishedRun(head, n);
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
                releaseRun(head, claimed);
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
    private int claimPublishedRun(int first, int n) {
        for (int k = 0; k < n; k++) {
            int position = first + k;
            long slot = ring.slotOffset(position);
            long ready = SlotWord.of(position, READY);
            long seen = memory.compareAndExchangeLong(slot, ready, SlotWord.of(position, READING));
            if (seen != ready && (seen != SlotWord.of(position, SKIPPED)
                    || !memory.compareAndSetLong(slot, seen, SlotWord.of(position, REAPING)))) {
                return k;
            }
        }
        return n;
    }

    /** Gives back the first {@code claimed} slots of a run whose index CAS failed: READING to READY, REAPING to SKIPPED. */
    private void releaseRun(int first, int claimed) {
        for (int k = 0; k < claimed; k++) {
            int position = first + k;
            long slot = ring.slotOffset(position);
            int state = SlotWord.state(memory.getLong(slot)); // plain: our own claim, nobody else writes it
            memory.setLongRelease(slot, SlotWord.of(position, state == READING ? READY : SKIPPED));
        }
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

    /** Diagnostics for tests: the index word (volatile). */
    long indexWord() {
        return index();
    }

    /** Diagnostics for tests: the word of the slot serving {@code position} (acquire). */
    long slotWord(int position) {
        return memory.getLongAcquire(ring.slotOffset(position));
    }
}
