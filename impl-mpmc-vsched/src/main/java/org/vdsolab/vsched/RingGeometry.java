package org.vdsolab.vsched;

import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;

/**
 * Where a deque's slots are: {@code capacity} slots of {@code 8 + recordBytes} bytes, back to
 * back from {@code slotsOffset}, each an 8-byte state word followed by the record. Both vsched
 * designs use it. Immutable and thread-safe.
 *
 * <p>Slots are not padded to cache lines (vsched's own array is dense, and so is JCTools'
 * MpmcArrayQueue): neighbouring slots are usually touched by the same party in sequence, and
 * padding a 16-byte CQE slot to 64 bytes would quadruple the ring.
 */
final class RingGeometry {

    /** Bytes of the state word in front of every record. */
    static final int STATE_BYTES = 8;

    final long slotsOffset;
    final int mask;
    final int recordBytes;
    final long stride;

    RingGeometry(long slotsOffset, QueueSpec spec) {
        this.slotsOffset = slotsOffset;
        this.mask = spec.capacity() - 1;
        this.recordBytes = spec.recordBytes();
        this.stride = STATE_BYTES + (long) spec.recordBytes();
    }

    /** Byte offset of the state word of the slot that ring position {@code position} maps to (any int; wraps). */
    long slotOffset(int position) {
        return slotsOffset + (position & mask) * stride;
    }

    /** Byte offset of the record in the slot of {@code position}. */
    long dataOffset(int position) {
        return slotOffset(position) + STATE_BYTES;
    }

    /** Bytes a queue needs whose slots start {@code slotsStart} bytes after its base: rounded up to the queue alignment. */
    static long footprint(long slotsStart, QueueSpec spec) {
        long bytes = slotsStart + (long) spec.capacity() * (STATE_BYTES + (long) spec.recordBytes());
        long a = QueueProvider.ALIGNMENT;
        return (bytes + a - 1) / a * a;
    }
}
