package org.vdsolab.experiments.workloads;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The records queue-stress pushes: each names its producer and sequence number, carries its send
 * time and a checksum over every other word, so a consumer can tell an intact record from a torn
 * one (a slot read while half written) by itself.
 *
 * <pre>
 *   records of 24 bytes and more           16-byte records (CQE-sized)
 *   word 0    producer (bits 40..62) | seq  word 0  producer | seq
 *   word 1    send time, System.nanoTime()  word 1  checksum(word 0)
 *   word 2..  filler derived from word 0     (no send time: no latency is recorded)
 *   last      checksum(words 0 .. last-1)
 * </pre>
 * Words are written in order, checksum last, so an in-place (push_slot) writer that is
 * interrupted leaves a checksum mismatch behind. System.nanoTime is CLOCK_MONOTONIC on Linux,
 * comparable across processes on one host. Stateless and allocation-free; thread-safe. Public so
 * that the fault experiments (org.vdsolab.experiments.faults) number and check records the same way.
 */
public final class StressRecords {

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    static final int SEQ_BITS = 40;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
    /** What {@link #check} returns for a torn record. */
    public static final long TORN = -1;

    private StressRecords() { }

    public static long key(int producer, long seq) {
        return ((long) producer << SEQ_BITS) | seq;
    }

    public static int producerOf(long key) { return (int) (key >>> SEQ_BITS); }

    public static long seqOf(long key) { return key & SEQ_MASK; }

    /** True when records of this size carry a send time. */
    public static boolean timed(int recordBytes) { return recordBytes >= 24; }

    /** Writes a whole record at {@code offset}, word by word, checksum last. */
    public static void write(MemorySegment segment, long offset, int recordBytes, long key, long sendNanos) {
        int last = recordBytes / 8 - 1;
        long h = start(key);
        segment.set(WORD, offset, key);
        if (last > 1) {
            segment.set(WORD, offset + 8, sendNanos);
            h = step(h, sendNanos);
            for (int i = 2; i < last; i++) {
                long w = filler(key, i);
                segment.set(WORD, offset + 8L * i, w);
                h = step(h, w);
            }
        }
        segment.set(WORD, offset + 8L * last, h);
    }

    /** The record's key if it is intact, else {@link #TORN}. */
    public static long check(MemorySegment segment, long offset, int recordBytes) {
        int last = recordBytes / 8 - 1;
        long key = segment.get(WORD, offset);
        long h = start(key);
        if (last > 1) {
            h = step(h, segment.get(WORD, offset + 8));
            for (int i = 2; i < last; i++) {
                long w = segment.get(WORD, offset + 8L * i);
                if (w != filler(key, i)) {
                    return TORN;
                }
                h = step(h, w);
            }
        }
        return segment.get(WORD, offset + 8L * last) == h && key >= 0 ? key : TORN;
    }

    /** The send time of an intact timed record. */
    public static long sendNanos(MemorySegment segment, long offset) {
        return segment.get(WORD, offset + 8);
    }

    private static long filler(long key, int index) {
        return key ^ (0x9E37_79B9_7F4A_7C15L * index);
    }

    private static long start(long key) {
        return mix(key ^ 0x5851_F42D_4C95_7F2DL);
    }

    private static long step(long h, long word) {
        return mix(h ^ word);
    }

    // SplitMix64's finaliser.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
