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
 *  faults      = alignUp(records + capacity * recordBytes, 64)
 *              fault line (RingFaults): total, then one counter per kind; written only on damage
 *  claims      = faults + 64
 *  claims + 128 * i                producer i's claim record (see ClaimRecord), i &lt; producers
 *  claims + 128 * (producers + j)  consumer j's claim record, j &lt; consumers
 *  footprint   = alignUp(claims + 128 * (producers + consumers) - base, 64)
 * </pre>
 *
 * <p>Padding: the two cursors are the only words every producer (resp. every consumer) writes, so
 * each sits alone with 64 bytes of padding on both sides: 128 bytes between any two hot words.
 * 64 bytes would separate cache lines, but Intel's adjacent-line prefetcher fetches lines in
 * 128-byte pairs, so two cursors on neighbouring lines would still ping-pong (the Disruptor and
 * JCTools pad 128 bytes for the same reason). Since the base is only 64-byte aligned, surrounding
 * each cursor with a padding line on both sides is what makes whichever line it is paired with a
 * padding line. The claim records follow the same rule: each is written on every claim by its
 * own party only, so each sits alone on a 64-byte line followed by a padding line (stride 128),
 * and the line before the first one is the fault counter, written only when a fault is seen; so
 * no two parties' records share a line or an adjacent-line pair. One line per record would
 * separate the writers; the second line costs 64 bytes per party and removes prefetch-pair ping-pong
 * between two producers' records on the hot path. No cached gating value lives in shared memory: each producer handle caches the
 * consumer cursor privately (see {@link DisruptorProducer}), so it needs no line of its own.
 *
 * <p>Immutable and thread-safe.
 */
final class RingLayout {

    static final long PRODUCER_CURSOR = 128;
    static final long CONSUMER_CURSOR = 256;
    static final long AVAILABILITY = 384;
    /** Distance between two claim records: one line of record, one of padding (see the class comment). */
    static final long CLAIM_STRIDE = 128;

    final long base;
    final int capacity;
    final int recordBytes;
    final long mask;
    final int lapShift;
    final long producerCursor;
    final long consumerCursor;
    final long availability;
    final long records;
    final int producers;
    final int consumers;
    /** Offset of the cursor-fault counter: the first line of the claim area. */
    final long faults;
    final long claims;
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
        this.producers = spec.producers();
        this.consumers = spec.consumers();
        this.faults = VvarLayout.alignUp(records + (long) capacity * recordBytes, 64);
        this.claims = faults + 64;
        this.footprint = VvarLayout.alignUp(claims + CLAIM_STRIDE * (producers + consumers) - base,
                QueueProvider.ALIGNMENT);
    }

    /** Offset of the availability word of the slot that {@code sequence} maps to. */
    long availabilityOf(long sequence) {
        return availability + ((sequence & mask) << 3);
    }

    /** Offset of the record of the slot that {@code sequence} maps to. */
    long recordOf(long sequence) {
        return records + (sequence & mask) * recordBytes;
    }

    /** Offset of producer {@code id}'s claim record. */
    long producerRecord(int id) {
        return claims + CLAIM_STRIDE * id;
    }

    /** Offset of consumer {@code id}'s claim record. */
    long consumerRecord(int id) {
        return claims + CLAIM_STRIDE * (producers + id);
    }

    /**
     * The largest distance producerCursor - consumerCursor that honest parties can create: every
     * claim passed a room check against a consumer cursor no newer than the real one, so each
     * producer's in-flight claim overshoots by at most a ring (getAndAdd), plus the ring itself.
     * Anything beyond is a scribbled cursor.
     */
    long maxHonestLead() {
        return (long) capacity * (producers + 1);
    }

    /** How many times the ring had wrapped when {@code sequence} was claimed. */
    long lapOf(long sequence) {
        return sequence >>> lapShift;
    }

    /**
     * True if no honest history can produce this pair of cursors: the consumer cursor above the
     * producer cursor, or the producer cursor further ahead than {@link #maxHonestLead()}. Honest
     * parties refuse to act on such values; only a recovery sweep moves the cursors out of them.
     * The subtraction is safe: a negative lead (either order of overflow) also answers true.
     */
    boolean impossible(long consumerCursor, long producerCursor) {
        long lead = producerCursor - consumerCursor;
        return consumerCursor < 0 || producerCursor < consumerCursor || lead < 0 || lead > maxHonestLead();
    }

    /** Largest lap a sweep trusts in a word: sequences stay below 2^62, so no arithmetic on them overflows. */
    long maxLap() {
        return (1L << 62) >>> lapShift;
    }
}
