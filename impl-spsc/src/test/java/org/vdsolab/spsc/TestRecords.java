package org.vdsolab.spsc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Self-checking test records: word 0 = producer id, word 1 = sequence number, words 2.. = a
 * filler derived from both, last word = checksum over the others. A record is torn when any word
 * disagrees with the others.
 */
final class TestRecords {

    private TestRecords() { }

    static MemorySegment buffer(int records, int recordBytes) {
        return Arena.ofAuto().allocate((long) records * recordBytes, 8);
    }

    static void write(MemorySegment segment, long offset, int recordBytes, long producer, long sequence) {
        if (recordBytes < 24) {
            throw new IllegalArgumentException("test records need at least 24 bytes, got " + recordBytes);
        }
        int words = recordBytes / 8;
        long sum = 0;
        for (int w = 0; w < words - 1; w++) {
            long value = word(w, producer, sequence);
            segment.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * w, value);
            sum = mix(sum, value);
        }
        segment.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * (words - 1), sum);
    }

    /** Word {@code w} of record (producer, sequence), for w < words-1. */
    static long word(int w, long producer, long sequence) {
        return switch (w) {
            case 0 -> producer;
            case 1 -> sequence;
            default -> (producer << 40) ^ (sequence * 0x9E3779B97F4A7C15L) ^ w;
        };
    }

    static long mix(long sum, long value) {
        return (sum ^ value) * 0x100000001B3L + 1;
    }

    static long producer(MemorySegment segment, long offset) {
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
    }

    static long sequence(MemorySegment segment, long offset) {
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8);
    }

    /** True when every word of the record agrees with its producer and sequence words. */
    static boolean intact(MemorySegment segment, long offset, int recordBytes) {
        int words = recordBytes / 8;
        long producer = producer(segment, offset);
        long sequence = sequence(segment, offset);
        long sum = 0;
        for (int w = 0; w < words - 1; w++) {
            long value = segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * w);
            if (value != word(w, producer, sequence)) {
                return false;
            }
            sum = mix(sum, value);
        }
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * (words - 1)) == sum;
    }
}
