package org.vdsolab.experiments.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A 64-byte record as eight longs: the on-heap holder that the reference-passing peers (JCTools,
 * {@code ArrayBlockingQueue}) hand over and that LMAX Disruptor preallocates in its ring, plus the
 * helpers that write and read the same eight longs in a {@link MemorySegment} for the off-heap
 * channels. Not thread-safe: a holder is written by one producer and read after its hand-over.
 */
public final class Record64 {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    public long w0, w1, w2, w3, w4, w5, w6, w7;

    /** Fills the holder from sequence {@code seq}. */
    public void fill(long seq) {
        w0 = seq; w1 = seq + 1; w2 = seq + 2; w3 = seq + 3; w4 = seq + 4; w5 = seq + 5; w6 = seq + 6; w7 = seq + 7;
    }

    /** Reads all eight words into one digest. */
    public long read() {
        return w0 ^ w1 ^ w2 ^ w3 ^ w4 ^ w5 ^ w6 ^ w7;
    }

    /** Writes the record of sequence {@code seq} at {@code offset} of {@code s}. */
    public static void fill(MemorySegment s, long offset, long seq) {
        for (int i = 0; i < 8; i++) {
            s.set(LONG, offset + 8L * i, seq + i);
        }
    }

    /** Reads the eight words at {@code offset} of {@code s} into one digest. */
    public static long read(MemorySegment s, long offset) {
        long d = 0;
        for (int i = 0; i < 8; i++) {
            d ^= s.get(LONG, offset + 8L * i);
        }
        return d;
    }
}
