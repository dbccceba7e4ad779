package org.vdsolab.disruptor;

import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.queue.QueueHeader;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;

/**
 * Where each word of a {@code disruptor} ring lies, as byte offsets into the
 * {@link org.vdsolab.api.memory.WordMemory} that holds it, and the sequence-to-slot arithmetic.
 *
 * <pre>
 *  base +   0  QueueHeader (64 B, written once at create, then read-only)
 *  base +  64  padding
 *  base + 128  producer cursor  long   next sequence to claim (getAndAdd by producers)
 *  base + 136  padding to base + 256
 *  base + 256  consumer cursor  long   next sequence to consume (CAS by consumers)
 *  base + 264  padding to base + 384
 *  base + 384  availability[capacity] long each: SlotState word of slot i
 *  records     = alignUp(base + 384 + 8 * capacity, 64)
 *              record[capacity], recordBytes each
 *  footprint   = alignUp(records + capacity * recordBytes - base, 64)
 * </pre>
 *
 * <p>Padding: the two cursors are the only words every producer (resp. every consumer) writes, so
 * each sits alone with 64 bytes of padding on both sides: 128 bytes between any two hot words.
 * 64 bytes would separate cache lines, but Intel's adjacent-line prefetcher fetches lines in
 * 128-byte pairs, so two cursors on neighbouring lines would still ping-pong (the Disruptor and
 * JCTools pad 128 bytes for the same reason). Since the base is only 64-byte aligned, surrounding
 * each cursor with a padding line on both sides is what makes whichever line it is paired with a
 * padding line. No cached gating value lives in shared memory: each producer handle caches the
 * consumer cursor privately (see {@link DisruptorProducer}), so it needs no line of its own.
 *
 * <p>Immutable and thread-safe.
 */
final class RingLayout {

    static final long PRODUCER_CURSOR = 128;
    static final long CONSUMER_CURSOR = 256;
    static final long AVAILABILITY = 384;

    final long base;
    final int capacity;
    final int recordBytes;
    final long mask;
    final int lapShift;
    final long producerCursor;
    final long consumerCursor;
    final long availability;
    final long records;
    final long footprint;

    RingLayout(long base, QueueSpec spec) {
        if (QueueHeader.BYTES > PRODUCER_CURSOR - 64) {
            throw new IllegalStateException("QueueHeader grew to " + QueueHeader.BYTES + " bytes; the disruptor layout assumes 64");
        }
        this.base = base;
        this.capacity = spec.capacity();
        this.recordBytes = spec.recordBytes();
        this.mask = capacity - 1L;
        this.lapShift = Integer.numberOfTrailingZeros(capacity);
        this.producerCursor = base + PRODUCER_CURSOR;
        this.consumerCursor = base + CONSUMER_CURSOR;
        this.availability = base + AVAILABILITY;
        this.records = VvarLayout.alignUp(availability + 8L * capacity, 64);
        this.footprint = VvarLayout.alignUp(records + (long) capacity * recordBytes - base, QueueProvider.ALIGNMENT);
    }

    /** Offset of the availability word of the slot that {@code sequence} maps to. */
    long availabilityOf(long sequence) {
        return availability + ((sequence & mask) << 3);
    }

    /** Offset of the record of the slot that {@code sequence} maps to. */
    long recordOf(long sequence) {
        return records + (sequence & mask) * recordBytes;
    }

    /** How many times the ring had wrapped when {@code sequence} was claimed. */
    long lapOf(long sequence) {
        return sequence >>> lapShift;
    }
}
