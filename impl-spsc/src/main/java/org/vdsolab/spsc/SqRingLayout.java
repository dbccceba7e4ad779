package org.vdsolab.spsc;

import org.vdsolab.api.queue.QueueSpec;

/**
 * Byte offsets of one io_uring-style submission ring, relative to the ring's base, and the
 * ring's stride. Pure arithmetic: immutable and thread-safe.
 *
 * <pre>
 *   +0     ring_mask     u32   read-only after create        \ block 0 (128 B): read-only
 *   +4     ring_entries  u32                                 /
 *   +128   khead         u32   written by the consumer       \ block 1 (128 B): consumer-written
 *   +136   dropped       u64   written by the consumer       /
 *   +256   ktail         u32   written by submitters         \ block 2 (128 B): submit-written
 *   +264   sqe_head      u32   (shared design only)          /
 *   +384   sqe_tail      u32   (shared design only)            block 3 (128 B): claim CAS target
 *   +A     array[entries] u32  index indirection (A = 384, or 512 for the shared design)
 *   +S     sqes[entries]       recordBytes each (S = A + 4*entries rounded up to 64)
 *   stride = S + entries*recordBytes rounded up to 128
 * </pre>
 *
 * Every block written by a different party starts 128 bytes after the previous one: 64 would
 * separate cache lines, but Intel's adjacent-line prefetcher pulls lines in 128-byte pairs, and
 * khead (consumer) against ktail (producer) is exactly the ping-pong that would then false-share.
 * The ring base is only 64-byte aligned (after the 64-byte queue header); a 128-byte distance
 * still keeps two words out of one 128-byte pair whatever the base.
 */
final class SqRingLayout {

    static final long BLOCK = 128;

    static final long RING_MASK = 0;
    static final long RING_ENTRIES = 4;
    static final long KHEAD = BLOCK;
    static final long DROPPED = BLOCK + 8;
    static final long KTAIL = 2 * BLOCK;
    static final long SQE_HEAD = 2 * BLOCK + 8;
    static final long SQE_TAIL = 3 * BLOCK;

    /** Bytes of one index-array entry (Linux's {@code u32 *array}). */
    static final long ARRAY_ENTRY_BYTES = 4;

    private final int entries;
    private final int recordBytes;
    private final long array;
    private final long sqes;
    private final long stride;

    /**
     * @param sharedSubmitter true for the spsc-shared design, whose sqe_head/sqe_tail live in the
     *                        ring (one more 128-byte block); false for liburing's private ones
     */
    SqRingLayout(QueueSpec spec, boolean sharedSubmitter) {
        this.entries = spec.capacity();
        this.recordBytes = spec.recordBytes();
        this.array = sharedSubmitter ? 4 * BLOCK : 3 * BLOCK;
        this.sqes = roundUp(array + ARRAY_ENTRY_BYTES * entries, 64);
        this.stride = roundUp(sqes + (long) entries * recordBytes, BLOCK);
    }

    static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    int entries() { return entries; }

    int mask() { return entries - 1; }

    int recordBytes() { return recordBytes; }

    /** Offset of {@code array[0]} from the ring base. */
    long array() { return array; }

    /** Offset of {@code sqes[0]} from the ring base (64-byte aligned relative to it). */
    long sqes() { return sqes; }

    /** Bytes one ring occupies, a multiple of 128. */
    long stride() { return stride; }
}
