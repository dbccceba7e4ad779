package org.vdsolab.spsc;

import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;

/**
 * The {@code spsc} producer: liburing's submitter on its own ring. {@code sqe_head},
 * {@code sqe_tail} and the cached {@code khead} are fields of this handle (private memory, one
 * copy per process), so {@link #getSqe()} writes nothing shared and reads {@code khead} only when
 * the cached copy says the ring is full; {@link #submit()} fills {@code array[]} for the staged
 * range and publishes the whole batch with one release store of {@code ktail}.
 *
 * <p>SPI mapping: {@code pushBack} = get_sqe + copy + submit; {@code pushSlotBack} = get_sqe,
 * {@code close} = submit, {@code abort} = un-stage (private only); {@code pushMultiple} = n
 * get_sqe, n copies, one submit. Every SPI call ends with nothing staged, so the staged range a
 * submit publishes is always exactly this call's records.
 *
 * <p>Not thread-safe: one thread at a time, and one handle per producer id (two handles on one
 * ring would be two submitters on an SPSC ring).
 */
final class PrivateRingProducer implements QueueProducer, RingSlotHandle.Owner {

    private static final int FULL = -1;

    private final String provider;
    private final int id;
    private final SqRing ring;
    private final int entries;
    private final int mask;
    private final int recordBytes;
    private final RingSlotHandle slot;

    // liburing's private submitter state (struct io_uring_sq: sqe_head, sqe_tail) plus a cached khead.
    private int sqeHead;
    private int sqeTail;
    private int cachedHead;

    PrivateRingProducer(String provider, int id, SqRing ring, int recordBytes) {
        this.provider = provider;
        this.id = id;
        this.ring = ring;
        this.entries = ring.entries();
        this.mask = ring.mask();
        this.recordBytes = recordBytes;
        this.slot = new RingSlotHandle(this, ring.memory().segment(), "producer " + id + " of queue '" + provider + "'");
        // A new handle (e.g. in a domain that attached) resumes where the ring's submitter left
        // off: we are its only writer, so ktail is everything ever submitted. Acquire: read once at set-up.
        this.sqeHead = ring.ktailAcquire();
        this.sqeTail = sqeHead;
        this.cachedHead = ring.kheadAcquire();
    }

    @Override public int id() { return id; }

    // ---- liburing operations ----

    /**
     * io_uring_get_sqe: stages the next slot and returns its ring position, or {@link #FULL}.
     * Touches no shared word unless the cached khead says full.
     */
    private int getSqe() {
        if (sqeTail - cachedHead >= entries) {
            // Acquire: pairs with the consumer's release of khead, so its copy-out of the slot we
            // are about to reuse happened before our writes to it.
            cachedHead = ring.kheadAcquire();
            if (sqeTail - cachedHead >= entries) {
                return FULL;
            }
        }
        return sqeTail++;
    }

    /** Free slots, re-reading khead (acquire, as in getSqe) only if the cache shows fewer than {@code wanted}. */
    private int room(int wanted) {
        int free = entries - (sqeTail - cachedHead);
        if (free < wanted) {
            cachedHead = ring.kheadAcquire();
            free = entries - (sqeTail - cachedHead);
        }
        return free;
    }

    /** io_uring_submit's flush: array[] for the staged range, then one ktail release store. */
    private void submit() {
        int tail = sqeTail;
        if (sqeHead == tail) {
            return;
        }
        // We are ktail's only writer and every submit publishes everything staged, so ktail == sqeHead:
        // array[ktail & mask] = sqe_head & mask, exactly liburing's loop. Plain: published by the release below.
        for (int position = sqeHead; position != tail; position++) {
            ring.setArrayEntry(position, position & mask);
        }
        sqeHead = tail;
        // Release: every staged record's bytes and array entry are visible before the new tail.
        ring.ktailRelease(tail);
    }

    // ---- SPI ----

    @Override public boolean pushBack(MemorySegment src, long srcOffset) {
        checkNoOpenSlot("pushBack");
        int position = getSqe();
        if (position == FULL) {
            return false;
        }
        ring.memory().copyIn(ring.sqeOffset(position & mask), src, srcOffset, recordBytes);
        submit();
        return true;
    }

    @Override public SlotHandle pushSlotBack() {
        checkNoOpenSlot("pushSlotBack");
        int position = getSqe();
        return position == FULL ? null : slot.open(position, ring.sqeOffset(position & mask));
    }

    @Override public int pushMultiple(MemorySegment src, long srcOffset, int count, BatchMode mode) {
        QueueSupport.checkCount(count);
        checkNoOpenSlot("pushMultiple");
        if (count == 0) {
            return 0;
        }
        int free = room(count);
        int n = mode == BatchMode.ALL_OR_NOTHING ? (free >= count ? count : 0) : Math.min(free, count);
        for (int i = 0; i < n; i++) {
            int position = getSqe(); // never FULL: room() refreshed cachedHead for n slots
            ring.memory().copyIn(ring.sqeOffset(position & mask), src, srcOffset + (long) i * recordBytes, recordBytes);
        }
        submit();
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
        // Un-stage: the open slot is the only staged one (see class comment), so this is
        // sqe_tail-- in private memory; nothing shared was written by getSqe, nothing to undo there.
        sqeTail = position;
    }

    private void checkNoOpenSlot(String operation) {
        if (slot.isOpen()) {
            throw new IllegalStateException("producer " + id + " of queue '" + provider + "' called " + operation
                    + " while its slot handle is open: close() or abort() it first (a submit would publish it)");
        }
    }
}
