package org.vdsolab.spsc;

import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueSupport;

import java.lang.foreign.MemorySegment;

/**
 * The kernel side of the submission rings: the single consumer, polling every ring round-robin.
 * Per ring it keeps Linux's {@code cached_sq_head} (and a cached {@code ktail}) privately, reads
 * {@code ktail} with acquire, reads each entry through {@code array[]} (an out-of-range index is
 * dropped and counted in the ring's {@code dropped} word, as Linux's {@code sq_dropped}), copies
 * the record out and releases {@code khead} once per batch.
 *
 * <p>Fairness: the next poll starts at the ring after the last one served, so a busy ring cannot
 * starve the others. Robustness (the shared design can move {@code ktail} backwards): a
 * {@code ktail - head} that is zero or negative reads as empty, larger than the ring is clamped to
 * it, and every entry is read at {@code position & mask}, so the consumer never reads outside a
 * ring and never consumes more than one ring's worth of positions per ring per call.
 *
 * <p>Not thread-safe; exactly one consumer handle may act on a queue (the designs validate
 * {@code consumers == 1}).
 */
final class RingPollingConsumer implements QueueConsumer {

    private final String provider;
    private final int id;
    private final SqRing[] rings;
    private final int recordBytes;
    /** Linux's cached_sq_head per ring: private, published through khead once per batch. */
    private final int[] heads;
    /** Last ktail read per ring: entries below it need no new acquire. */
    private final int[] tails;
    private int nextRing;

    RingPollingConsumer(String provider, int id, SqRing[] rings, int recordBytes) {
        this.provider = provider;
        this.id = id;
        this.rings = rings;
        this.recordBytes = recordBytes;
        this.heads = new int[rings.length];
        this.tails = new int[rings.length];
        for (int r = 0; r < rings.length; r++) {
            // Acquire, once at set-up: resume where a previous consumer handle stopped.
            heads[r] = rings[r].kheadAcquire();
            tails[r] = heads[r];
        }
    }

    @Override public int id() { return id; }

    @Override public boolean popFront(MemorySegment dst, long dstOffset) {
        int n = rings.length;
        int r = nextRing;
        for (int k = 0; k < n; k++) {
            if (take(r, dst, dstOffset, 1) == 1) {
                nextRing = r + 1 == n ? 0 : r + 1;
                return true;
            }
            r = r + 1 == n ? 0 : r + 1;
        }
        return false;
    }

    @Override public int popMultiple(MemorySegment dst, long dstOffset, int max) {
        QueueSupport.checkCount(max);
        int n = rings.length;
        int r = nextRing;
        int taken = 0;
        int lastServed = -1;
        for (int k = 0; k < n && taken < max; k++) {
            int got = take(r, dst, dstOffset + (long) taken * recordBytes, max - taken);
            if (got > 0) {
                taken += got;
                lastServed = r;
            }
            r = r + 1 == n ? 0 : r + 1;
        }
        if (lastServed >= 0) {
            nextRing = lastServed + 1 == n ? 0 : lastServed + 1;
        }
        return taken;
    }

    @Override public boolean popBack(MemorySegment dst, long dstOffset) {
        throw QueueSupport.unsupported(provider, "popBack", QueueCapability.DOUBLE_ENDED);
    }

    /**
     * Copies up to {@code max} records out of ring {@code r} into {@code dst} back to back and
     * releases its khead once if anything (delivered or dropped) was consumed.
     */
    private int take(int r, MemorySegment dst, long dstOffset, int max) {
        SqRing ring = rings[r];
        int entries = ring.entries();
        int head = heads[r];
        int start = head;
        int delivered = 0;
        long dropped = 0;
        // Bounded: at most one ring's worth of positions per call, even against a ktail that a
        // faulty or hostile submitter moved arbitrarily; ktail is re-read only when used up.
        int budget = entries;
        int available = available(r, head, entries);
        while (delivered < max && available > 0 && budget > 0) {
            int slot = ring.arrayEntry(head); // plain: ordered by the ktail acquire in available()
            head++;
            available--;
            budget--;
            if (Integer.compareUnsigned(slot, entries) >= 0) {
                dropped++;
            } else {
                ring.memory().copyOut(ring.sqeOffset(slot), dst, dstOffset + (long) delivered * recordBytes,
                        recordBytes);
                delivered++;
            }
            if (available == 0 && delivered < max && budget > 0) {
                available = available(r, head, entries);
            }
        }
        if (head != start) {
            heads[r] = head;
            if (dropped > 0) {
                ring.addDropped(dropped);
            }
            // Release: our copy-outs of the consumed slots complete before a producer may reuse them.
            ring.kheadRelease(head);
        }
        return delivered;
    }

    /** Published, unconsumed entries of ring {@code r} after {@code head}, in [0, entries]. */
    private int available(int r, int head, int entries) {
        int available = tails[r] - head;
        if (available <= 0) {
            // Acquire: pairs with the submitter's ktail release, so array[] and the records below
            // the tail are visible before we read them.
            tails[r] = rings[r].ktailAcquire();
            available = tails[r] - head;
            if (available <= 0) {
                return 0; // empty, or ktail moved backwards (spsc-shared's racing submits)
            }
        }
        return Math.min(available, entries);
    }
}
