package org.vdsolab.spsc;

import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;

/**
 * The {@code spsc-shared} producer: liburing's submitter with {@code sqe_head}/{@code sqe_tail}
 * moved into the shared ring so several producers can claim slots of one ring.
 *
 * <p><b>This design loses exactly-once, on purpose.</b> get_sqe claims a slot with a CAS on the
 * shared {@code sqe_tail} after the room check; {@link #submit()} stores the <i>current</i> shared
 * {@code sqe_tail} into {@code ktail} (release). That tail covers every slot any producer has
 * claimed so far, including slots whose owners are still copying their record in, so one
 * producer's submit publishes another's half-written entry and the consumer (the kernel) reads it
 * torn. The release store orders only the submitter's own writes. Nothing here hides the race:
 * there are no per-slot ready flags and no producer waits for another.
 *
 * <p>Further faces of the same race, also left visible: two racing submits can store
 * {@code ktail} out of order (it moves backwards; the consumer treats that as empty); the
 * {@code array[]} entry of a slot is written by its claimer, so a consumer can read a stale one.
 * {@code abort} un-stages (CAS {@code sqe_tail} back) when this claim is still the newest; when
 * another producer has claimed behind it that is impossible without per-slot state, so the slot's
 * {@code array[]} entry is set out of range and the consumer drops it into {@code dropped} (Linux's
 * drop path as a tombstone) — unless a submit already published the slot, in which case whatever
 * bytes it held are delivered. A claim that finds no room submits before answering "full" (what an
 * io_uring application does when get_sqe returns NULL), so a ktail left behind by racing submits
 * cannot freeze a full ring; records behind such a ktail otherwise wait for the next submit.
 *
 * <p>Not thread-safe: one thread per handle; many handles (producer ids) may share the ring.
 */
final class SharedTailProducer implements QueueProducer, RingSlotHandle.Owner {

    private final String provider;
    private final int id;
    private final SqRing ring;
    private final int entries;
    private final int mask;
    private final int recordBytes;
    private final RingSlotHandle slot;

    /** Cached khead, private: re-read only when it says there is not enough room. */
    private int cachedHead;
    /** First position of the last successful claim (set by {@link #claim}). */
    private int claimed;

    SharedTailProducer(String provider, int id, SqRing ring, int recordBytes) {
        this.provider = provider;
        this.id = id;
        this.ring = ring;
        this.entries = ring.entries();
        this.mask = ring.mask();
        this.recordBytes = recordBytes;
        this.slot = new RingSlotHandle(this, ring.memory().segment(), "producer " + id + " of queue '" + provider + "'");
        this.cachedHead = ring.kheadAcquire();
    }

    @Override public int id() { return id; }

    // ---- the shared-sqe_tail versions of get_sqe and submit ----

    /**
     * get_sqe on the shared sqe_tail, for up to {@code wanted} slots: room check, then one CAS of
     * sqe_tail by n. Writes each claimed slot's array[] entry (its claimer is the only party that
     * knows it exists). Returns n and leaves the first position in {@link #claimed}; when nothing
     * can be claimed it submits (flushes) and returns 0.
     */
    private int claim(int wanted, boolean allOrNothing) {
        while (true) {
            // Volatile: we are about to CAS this word, start from its latest value.
            int tail = ring.sqeTailVolatile();
            int free = entries - (tail - cachedHead);
            if (free < wanted) {
                // Acquire: pairs with the consumer's khead release (its copy-out precedes our reuse).
                cachedHead = ring.kheadAcquire();
                free = entries - (tail - cachedHead);
            }
            // Clamp: an aborted claim rolled back under a published ktail can leave sqe_tail behind khead.
            free = Math.min(free, entries);
            int n = allOrNothing ? (free >= wanted ? wanted : 0) : Math.min(free, wanted);
            if (n <= 0) {
                // As an io_uring application does when get_sqe returns NULL: submit, here re-publishing
                // the current sqe_tail. Without it a ktail that racing submits moved backwards could
                // stay behind a full ring forever (no claim, so no submit). Hides nothing: it publishes
                // whatever is claimed, finished or not, like every submit of this design.
                submit();
                return 0;
            }
            // CAS (volatile): the claim itself; failure means another producer claimed first, retry.
            if (ring.casSqeTail(tail, tail + n)) {
                for (int position = tail; position != tail + n; position++) {
                    ring.setArrayEntry(position, position & mask); // plain: "published" by whoever submits next
                }
                claimed = tail;
                return n;
            }
        }
    }

    /**
     * submit with a shared sqe_tail: publish the CURRENT shared sqe_tail. This is the flaw: the
     * range may hold slots other producers claimed and have not finished writing.
     */
    private void submit() {
        // Volatile read of the shared claim counter; it orders nothing about other producers'
        // slot writes (they happen after their CAS), which is exactly the race being modelled.
        int tail = ring.sqeTailVolatile();
        // Release (as liburing's sqe_head bookkeeping, now shared): the submitted boundary.
        ring.sqeHeadRelease(tail);
        // Release: orders this producer's own record writes before the tail; nobody else's.
        ring.ktailRelease(tail);
    }

    // ---- SPI ----

    @Override public boolean pushBack(MemorySegment src, long srcOffset) {
        checkNoOpenSlot("pushBack");
        if (claim(1, true) == 0) {
            return false;
        }
        ring.memory().copyIn(ring.sqeOffset(claimed & mask), src, srcOffset, recordBytes);
        submit();
        return true;
    }

    @Override public SlotHandle pushSlotBack() {
        checkNoOpenSlot("pushSlotBack");
        if (claim(1, true) == 0) {
            return null;
        }
        return slot.open(claimed, ring.sqeOffset(claimed & mask));
    }

    @Override public int pushMultiple(MemorySegment src, long srcOffset, int count, BatchMode mode) {
        QueueSupport.checkCount(count);
        checkNoOpenSlot("pushMultiple");
        if (count == 0) {
            return 0;
        }
        int n = claim(count, mode == BatchMode.ALL_OR_NOTHING);
        for (int i = 0; i < n; i++) {
            ring.memory().copyIn(ring.sqeOffset((claimed + i) & mask), src, srcOffset + (long) i * recordBytes,
                    recordBytes);
        }
        if (n > 0) {
            submit();
        }
        return n;
    }

    @Override public boolean pushFront(MemorySegment src, long srcOffset) {
        throw QueueSupport.unsupported(provider, "pushFront", QueueCapability.DOUBLE_ENDED);
    }

    @Override public SlotHandle pushSlotFront() {
        throw QueueSupport.unsupported(provider, "pushSlotFront", QueueCapability.DOUBLE_ENDED);
    }

    // ---- slot handle owner ----

    @Override public void publishSlot(int position) {
        submit();
    }

    @Override public void abandonSlot(int position) {
        // CAS (volatile): un-stage only if ours is still the newest claim.
        if (!ring.casSqeTail(position + 1, position)) {
            // Someone claimed behind us: mark the entry out of range so the consumer drops it
            // (plain, like every array[] write here; see the class comment for when this loses).
            ring.setArrayEntry(position, entries);
        }
    }

    private void checkNoOpenSlot(String operation) {
        if (slot.isOpen()) {
            throw new IllegalStateException("producer " + id + " of queue '" + provider + "' called " + operation
                    + " while its slot handle is open: close() or abort() it first");
        }
    }
}
