package org.vdsolab.spsc;

import org.vdsolab.api.memory.WordMemory;

/**
 * One submission ring in shared memory, seen from this domain: the words of {@link SqRingLayout}
 * at a fixed base offset, with one accessor per word and the access mode each use needs. Holds no
 * state of its own besides the (immutable) memory and offsets, so it is thread-safe; the
 * ordering of every access is the caller's choice and is justified where it is called.
 *
 * <p>Ring positions ({@code khead}, {@code ktail}, {@code sqe_head}, {@code sqe_tail}) are free-running
 * u32 counters as in Linux: Java {@code int}s compared by wrapping subtraction, masked to find the
 * slot. Correct while fewer than 2^31 positions separate any two of them, which the capacity bound
 * (2^30) guarantees.
 */
final class SqRing {

    private static final long ARRAY_BYTES = SqRingLayout.ARRAY_ENTRY_BYTES;

    private final WordMemory memory;
    private final SqRingLayout layout;
    private final int index;
    private final long base;
    private final long khead;
    private final long ktail;
    private final long dropped;
    private final long sqeHead;
    private final long sqeTail;
    private final long array;
    private final long sqes;
    private final int recordBytes;

    SqRing(WordMemory memory, SqRingLayout layout, int index, long base) {
        this.memory = memory;
        this.layout = layout;
        this.index = index;
        this.base = base;
        this.khead = base + SqRingLayout.KHEAD;
        this.ktail = base + SqRingLayout.KTAIL;
        this.dropped = base + SqRingLayout.DROPPED;
        this.sqeHead = base + SqRingLayout.SQE_HEAD;
        this.sqeTail = base + SqRingLayout.SQE_TAIL;
        this.array = base + layout.array();
        this.sqes = base + layout.sqes();
        this.recordBytes = layout.recordBytes();
    }

    /** Writes the read-only words of a freshly zeroed ring (create only). */
    void initialise() {
        memory.setInt(base + SqRingLayout.RING_MASK, layout.mask());
        // Release: an attaching domain that reads ring_entries with acquire also sees ring_mask.
        memory.setIntRelease(base + SqRingLayout.RING_ENTRIES, layout.entries());
    }

    /**
     * Checks the read-only words written by {@link #initialise()} (attach only).
     *
     * @throws IllegalStateException naming the ring, the word, and both values
     */
    void verify() {
        // Acquire: pairs with the release in initialise().
        int entries = memory.getIntAcquire(base + SqRingLayout.RING_ENTRIES);
        int mask = memory.getInt(base + SqRingLayout.RING_MASK);
        if (entries != layout.entries() || mask != layout.mask()) {
            throw new IllegalStateException("submission ring " + index + " at offset " + base + " has ring_entries "
                    + entries + " and ring_mask " + mask + ", expected " + layout.entries() + " and " + layout.mask()
                    + (entries == 0 ? " (the ring is not initialised: was the queue fully created?)" : ""));
        }
    }

    int entries() { return layout.entries(); }

    int mask() { return layout.mask(); }

    WordMemory memory() { return memory; }

    /** Absolute offset in the memory of {@code sqes[slot]}, {@code slot} in [0, entries). */
    long sqeOffset(int slot) {
        return sqes + (long) slot * recordBytes;
    }

    int kheadAcquire() { return memory.getIntAcquire(khead); }

    void kheadRelease(int value) { memory.setIntRelease(khead, value); }

    int ktailAcquire() { return memory.getIntAcquire(ktail); }

    void ktailRelease(int value) { memory.setIntRelease(ktail, value); }

    /** Plain store of {@code array[position & mask] = slot}; published by a later ktail release. */
    void setArrayEntry(int position, int slot) { memory.setInt(array + ARRAY_BYTES * (position & layout.mask()), slot); }

    /** Plain load of {@code array[position & mask]}; ordered by an earlier ktail acquire. */
    int arrayEntry(int position) { return memory.getInt(array + ARRAY_BYTES * (position & layout.mask())); }

    /** Adds to Linux's {@code sq_dropped}; the consumer is its single writer. */
    void addDropped(long count) {
        // Single writer, so a plain read-modify-write is exact (no CAS needed); release so that a
        // reader in another domain (acquire in droppedAcquire) gets an untorn, ordered count.
        memory.setLongRelease(dropped, memory.getLong(dropped) + count);
    }

    long droppedAcquire() { return memory.getLongAcquire(dropped); }

    // ---- shared design only: sqe_head/sqe_tail in shared memory ----

    int sqeTailVolatile() { return memory.getIntVolatile(sqeTail); }

    boolean casSqeTail(int expected, int value) { return memory.compareAndSetInt(sqeTail, expected, value); }

    void sqeHeadRelease(int value) { memory.setIntRelease(sqeHead, value); }
}
