package org.vdsolab.vsched;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Test records: word 0 carries a value, the middle words are derived from it, the last word is a
 * checksum over the others, so a torn or mixed-up record is detected on read.
 */
final class Records {

    private Records() { }

    static MemorySegment scratch(int records, int recordBytes) {
        return Arena.ofAuto().allocate((long) records * recordBytes, 8);
    }

    static void write(MemorySegment segment, long offset, long value, int recordBytes) {
        int words = recordBytes / 8;
        long sum = 0;
        for (int w = 0; w < words - 1; w++) {
            long word = w == 0 ? value : value * 0x9E3779B97F4A7C15L + w;
            segment.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * w, word);
            sum = mix(sum ^ word);
        }
        segment.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * (words - 1), sum);
    }

    /** The record's value; throws AssertionError naming the damage if the record is torn. */
    static long read(MemorySegment segment, long offset, int recordBytes) {
        int words = recordBytes / 8;
        long value = segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
        long sum = 0;
        for (int w = 0; w < words - 1; w++) {
            long word = segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * w);
            long expected = w == 0 ? value : value * 0x9E3779B97F4A7C15L + w;
            if (word != expected) {
                throw new AssertionError("torn record: word " + w + " is " + word + ", expected " + expected + " for value " + value);
            }
            sum = mix(sum ^ word);
        }
        long checksum = segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * (words - 1));
        if (checksum != sum) {
            throw new AssertionError("torn record: checksum " + checksum + ", expected " + sum + " for value " + value);
        }
        return value;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
