package org.vdsolab.disruptor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Test records: word 0 = a value (e.g. producer id and sequence packed), the last word = a
 * checksum of the value, any middle words = value + index. {@link #check} reports a torn record.
 */
final class Records {

    private Records() { }

    static long pack(int producer, long sequence) {
        return ((long) producer << 48) | sequence;
    }

    static int producerOf(long value) {
        return (int) (value >>> 48);
    }

    static long sequenceOf(long value) {
        return value & ((1L << 48) - 1);
    }

    static long checksum(long value) {
        return (value * 0x9E3779B97F4A7C15L) ^ 0x5DEECE66DL;
    }

    static void write(MemorySegment dst, long offset, int recordBytes, long value) {
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, value);
        for (int w = 1; w < recordBytes / 8 - 1; w++) {
            dst.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * w, value + w);
        }
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + recordBytes - 8, checksum(value));
    }

    /** The record's value; throws AssertionError if any word does not match it. */
    static long check(MemorySegment src, long offset, int recordBytes) {
        long value = src.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
        for (int w = 1; w < recordBytes / 8 - 1; w++) {
            long got = src.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * w);
            if (got != value + w) {
                throw new AssertionError("torn record " + value + ": word " + w + " is " + got);
            }
        }
        long sum = src.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + recordBytes - 8);
        if (sum != checksum(value)) {
            throw new AssertionError("torn record " + value + ": checksum " + sum + ", expected " + checksum(value));
        }
        return value;
    }
}
