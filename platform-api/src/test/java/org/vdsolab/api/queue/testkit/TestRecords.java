package org.vdsolab.api.queue.testkit;

import org.junit.jupiter.api.Assertions;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The records the contract tests push: self-checking, so a pop can tell an intact record from a
 * torn one without knowing what was pushed.
 *
 * <pre>
 *   word 0          producer id (bits 40..62) | sequence number (bits 0..39)
 *   words 1..n-2    filler derived from word 0 and the word index
 *   word n-1        checksum over words 0..n-2
 * </pre>
 * Records are at least 16 bytes (one key word, one checksum word). Stateless and thread-safe.
 */
public final class TestRecords {

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final int SEQ_BITS = 40;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

    private TestRecords() { }

    /** The key word of producer {@code producer}'s record number {@code seq}. */
    public static long key(int producer, long seq) {
        return ((long) producer << SEQ_BITS) | (seq & SEQ_MASK);
    }

    public static int producerOf(long key) { return (int) (key >>> SEQ_BITS); }

    public static long seqOf(long key) { return key & SEQ_MASK; }

    /** Word {@code index} of the record whose key is {@code key} (filler words only). */
    static long filler(long key, int index) {
        return mix(key + 0x9E37_79B9_7F4A_7C15L * index);
    }

    /** The checksum over the key and filler words of a {@code recordBytes} record. */
    static long checksum(long key, int recordBytes) {
        long h = mix(key ^ 0x5851_F42D_4C95_7F2DL);
        for (int i = 1; i < recordBytes / 8 - 1; i++) {
            h = mix(h ^ filler(key, i));
        }
        return h;
    }

    /** Writes a whole record at {@code offset} of {@code segment}, key first, checksum last. */
    public static void write(MemorySegment segment, long offset, int recordBytes, long key) {
        checkSize(recordBytes);
        int words = recordBytes / 8;
        segment.set(WORD, offset, key);
        for (int i = 1; i < words - 1; i++) {
            segment.set(WORD, offset + 8L * i, filler(key, i));
        }
        segment.set(WORD, offset + 8L * (words - 1), checksum(key, recordBytes));
    }

    /** Fills a record with a pattern that fails {@link #verify} (what an aborted slot holds). */
    public static void writeGarbage(MemorySegment segment, long offset, int recordBytes) {
        for (int i = 0; i < recordBytes / 8; i++) {
            segment.set(WORD, offset + 8L * i, 0xDEAD_BEEF_0000_0000L | i);
        }
    }

    /** True if the record at {@code offset} is intact (its checksum matches its words). */
    public static boolean intact(MemorySegment segment, long offset, int recordBytes) {
        checkSize(recordBytes);
        long key = segment.get(WORD, offset);
        int words = recordBytes / 8;
        for (int i = 1; i < words - 1; i++) {
            if (segment.get(WORD, offset + 8L * i) != filler(key, i)) {
                return false;
            }
        }
        return segment.get(WORD, offset + 8L * (words - 1)) == checksum(key, recordBytes);
    }

    /**
     * Checks the record at {@code offset} and returns its key.
     *
     * @throws org.opentest4j.AssertionFailedError describing the torn record
     */
    public static long verify(MemorySegment segment, long offset, int recordBytes) {
        if (!intact(segment, offset, recordBytes)) {
            StringBuilder words = new StringBuilder();
            for (int i = 0; i < recordBytes / 8; i++) {
                words.append(String.format(" %016x", segment.get(WORD, offset + 8L * i)));
            }
            Assertions.fail("torn or foreign " + recordBytes + "-byte record (checksum mismatch):" + words);
        }
        return segment.get(WORD, offset);
    }

    private static void checkSize(int recordBytes) {
        if (recordBytes < 16 || (recordBytes & 7) != 0) {
            throw new IllegalArgumentException("test records need at least 16 bytes in whole words, got " + recordBytes);
        }
    }

    // SplitMix64's finaliser: every input bit affects every output bit.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
