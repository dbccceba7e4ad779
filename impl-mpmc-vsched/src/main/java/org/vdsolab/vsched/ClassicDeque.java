package org.vdsolab.vsched;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueSpec;

import java.lang.foreign.MemorySegment;

import static org.vdsolab.vsched.SlotState.EMPTY;
import static org.vdsolab.vsched.SlotState.READING;
import static org.vdsolab.vsched.SlotState.READY;
import static org.vdsolab.vsched.SlotState.WRITING;
import static org.vdsolab.vsched.StepHook.Op;
import static org.vdsolab.vsched.StepHook.Step;

/**
 * A faithful model of vsched's lock-free deque (AsyncModules/vsched {@code utils/src/deque.rs})
 * over {@link WordMemory}, flaws included: {@code head} and {@code tail} are raw ring indices in
 * [0, CAP) with no lap, the full checks of the two ends read different words (so near full a
 * push_front and a push_back can both take the last spare slot: the mixed-end livelock), the
 * index is published before the data, and a popper that meets an EMPTY slot reports "empty".
 *
 * <p>Layout from the queue's base offset:
 * <pre>
 *     0  QueueHeader (64 bytes, cold)
 *   128  head  long  raw index of the first element         (own 128-byte block)
 *   256  tail  long  raw index one past the last element    (own 128-byte block)
 *   384  slot[0..CAP): state long (EMPTY/WRITING/READY/READING), record bytes
 * </pre>
 * head is written by the front-end operations and tail by the back-end ones, so each lives alone
 * in a 128-byte block: 64 bytes keep them off one cache line, 128 also off one adjacent-line
 * prefetch pair.
 *
 * <p>Deviations from the Rust code: compare-and-set is strong (vsched uses the weak form, whose
 * spurious failures only add retries), and an interrupted thread stops spinning and reports
 * full/empty (see {@link Spin#retry}). Thread-safe: any number of threads may call any method.
 */
final class ClassicDeque {

    static final long HEAD = 128;
    static final long TAIL = 256;
    static final long SLOTS = 384;

    private final WordMemory memory;
    private final RingGeometry ring;
    private final long headOffset;
    private final long tailOffset;
    private final int capacity;
    private final StepHook hook;

    ClassicDeque(WordMemory memory, long offset, QueueSpec spec, StepHook hook) {
        this.memory = memory;
        this.ring = new RingGeometry(offset + SLOTS, spec);
        this.headOffset = offset + HEAD;
        this.tailOffset = offset + TAIL;
        this.capacity = spec.capacity();
        this.hook = hook;
    }

    static long footprint(QueueSpec spec) {
        return RingGeometry.footprint(SLOTS, spec);
    }

    // Acquire loads of the indices, as in vsched: they pair with the release-strength CASes that
    // move them, so a snapshot sees at least the slot claims made before those moves.
    private int head() {
        return (int) memory.getLongAcquire(headOffset);
    }

    private int tail() {
        return (int) memory.getLongAcquire(tailOffset);
    }

    private int next(int index) {
        return index + 1 == capacity ? 0 : index + 1;
    }

    private int previous(int index) {
        return index == 0 ? capacity - 1 : index - 1;
    }

    boolean pushBack(MemorySegment src, long srcOffset) {
        while (true) {
            // vsched's consistent snapshot: tail, head, then tail again.
            int tail = tail();
            int head = head();
            if (tail() != tail) {
                if (!Spin.retry(hook, Op.PUSH_BACK)) {
                    return false;
                }
                continue;
            }
            int newTail = next(tail);
            if (newTail == head) {
                return false; // full as seen from the back: reads tail and head, never the front's view
            }
            hook.at(Step.AFTER_SNAPSHOT, Op.PUSH_BACK);
            if (claimAndPush(ring.slotOffset(tail), tailOffset, tail, newTail, src, srcOffset, Op.PUSH_BACK)) {
                return true;
            }
            if (!Spin.retry(hook, Op.PUSH_BACK)) {
                return false;
            }
        }
    }

    boolean pushFront(MemorySegment src, long srcOffset) {
        while (true) {
            int head = head();
            int tail = tail();
            if (head() != head) {
                if (!Spin.retry(hook, Op.PUSH_FRONT)) {
                    return false;
                }
                continue;
            }
            int newHead = previous(head);
            if (newHead == tail) {
                return false; // full as seen from the front
            }
            hook.at(Step.AFTER_SNAPSHOT, Op.PUSH_FRONT);
            if (claimAndPush(ring.slotOffset(newHead), headOffset, head, newHead, src, srcOffset, Op.PUSH_FRONT)) {
                return true;
            }
            if (!Spin.retry(hook, Op.PUSH_FRONT)) {
                return false;
            }
        }
    }

    /**
     * vsched's push step: CAS the slot EMPTY to WRITING, then CAS the index; only then write the
     * record and store READY. If the index CAS fails the slot goes back to EMPTY.
     */
    private boolean claimAndPush(long slot, long indexOffset, int index, int newIndex, MemorySegment src, long srcOffset, Op op) {
        // CAS (volatile strength; vsched: acquire): the slot is ours from here on.
        if (!memory.compareAndSetLong(slot, EMPTY, WRITING)) {
            return false; // not EMPTY: WRITING (another pusher) or still occupied; vsched spins and retries
        }
        hook.at(Step.AFTER_SLOT_CLAIM, op);
        // CAS (volatile strength; vsched: release): publishes the index before the data.
        if (!memory.compareAndSetLong(indexOffset, index, newIndex)) {
            memory.setLongRelease(slot, EMPTY); // release: give the slot back
            return false;
        }
        hook.at(Step.AFTER_INDEX_MOVE, op);
        memory.copyIn(slot + RingGeometry.STATE_BYTES, src, srcOffset, ring.recordBytes);
        memory.setLongRelease(slot, READY); // release: the record bytes are visible before READY
        return true;
    }

    boolean popFront(MemorySegment dst, long dstOffset) {
        while (true) {
            int head = head();
            int tail = tail();
            if (head() != head) {
                if (!Spin.retry(hook, Op.POP_FRONT)) {
                    return false;
                }
                continue;
            }
            if (head == tail) {
                return false; // empty; also what CAP records look like after the double take
            }
            hook.at(Step.AFTER_SNAPSHOT, Op.POP_FRONT);
            int outcome = claimAndPop(ring.slotOffset(head), headOffset, head, next(head), dst, dstOffset, Op.POP_FRONT);
            if (outcome != RETRY) {
                return outcome == POPPED;
            }
            if (!Spin.retry(hook, Op.POP_FRONT)) {
                return false;
            }
        }
    }

    boolean popBack(MemorySegment dst, long dstOffset) {
        while (true) {
            int tail = tail();
            int head = head();
            if (tail() != tail) {
                if (!Spin.retry(hook, Op.POP_BACK)) {
                    return false;
                }
                continue;
            }
            if (head == tail) {
                return false;
            }
            hook.at(Step.AFTER_SNAPSHOT, Op.POP_BACK);
            int last = previous(tail);
            int outcome = claimAndPop(ring.slotOffset(last), tailOffset, tail, last, dst, dstOffset, Op.POP_BACK);
            if (outcome != RETRY) {
                return outcome == POPPED;
            }
            if (!Spin.retry(hook, Op.POP_BACK)) {
                return false;
            }
        }
    }

    private static final int POPPED = 0;
    private static final int SAW_EMPTY = 1;
    private static final int RETRY = 2;

    /**
     * vsched's pop step: CAS the slot READY to READING, then CAS the index; read; store EMPTY.
     * If the index CAS fails the slot goes back to READY. A slot seen EMPTY ends the pop with
     * "empty" (vsched's spurious None); WRITING or READING means retry.
     */
    private int claimAndPop(long slot, long indexOffset, int index, int newIndex, MemorySegment dst, long dstOffset, Op op) {
        // CAS (volatile strength; vsched: acquire): pairs with the pusher's release of READY.
        long seen = memory.compareAndExchangeLong(slot, READY, READING);
        if (seen != READY) {
            return seen == EMPTY ? SAW_EMPTY : RETRY;
        }
        hook.at(Step.AFTER_SLOT_CLAIM, op);
        if (!memory.compareAndSetLong(indexOffset, index, newIndex)) {
            memory.setLongRelease(slot, READY); // release: give the record back untouched
            return RETRY;
        }
        hook.at(Step.AFTER_INDEX_MOVE, op);
        memory.copyOut(slot + RingGeometry.STATE_BYTES, dst, dstOffset, ring.recordBytes);
        memory.setLongRelease(slot, EMPTY); // release: our reads of the record finish before a pusher may reuse it
        return POPPED;
    }

    /** Elements as vsched's {@code len()} computes them from a consistent snapshot: (tail - head) mod CAP. */
    long size() {
        while (true) {
            int head = head();
            int tail = tail();
            if (head() == head) {
                return tail >= head ? tail - head : capacity - head + tail;
            }
            Thread.onSpinWait();
        }
    }

    /** Diagnostics for tests: the raw head index. */
    int rawHead() {
        return head();
    }

    /** Diagnostics for tests: the raw tail index. */
    int rawTail() {
        return tail();
    }

    /** Diagnostics for tests: the state of slot {@code index} (acquire). */
    int slotState(int index) {
        return (int) memory.getLongAcquire(ring.slotOffset(index));
    }
}
