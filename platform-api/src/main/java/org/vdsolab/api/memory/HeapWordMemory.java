package org.vdsolab.api.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@link WordMemory} over a heap {@code long[]}: the backend for Lincheck's model checker, which
 * sees array-element VarHandle accesses but not off-heap ones (docs/ARCHITECTURE.md, "Testing").
 *
 * <p>Every word access, including each 8-byte step of {@link #copyIn}/{@link #copyOut}, goes
 * through {@code arrayElementVarHandle(long[].class)}, so the model checker can switch threads
 * between any two of them. {@code int} words are the low (offset % 8 == 0) or high
 * (offset % 8 == 4) half of their containing long, matching a little-endian machine; int writes
 * are performed as a CAS loop on the containing long so that they never tear the neighbouring
 * half. Functionally equivalent to {@link SegmentWordMemory}; much slower; for tests.
 */
public final class HeapWordMemory implements WordMemory {

    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] words;
    private final MemorySegment segment;

    public HeapWordMemory(long bytes) {
        if (bytes < 0 || (bytes & 7) != 0 || bytes / 8 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("heap memory size must be a non-negative multiple of 8 below 16 GiB, got " + bytes);
        }
        this.words = new long[(int) (bytes >>> 3)];
        this.segment = MemorySegment.ofArray(words);
    }

    @Override public long byteSize() { return (long) words.length << 3; }

    /** A heap segment over the same array, for plain byte-level access (not seen by Lincheck). */
    @Override public MemorySegment segment() { return segment; }

    private static int index(long offset) {
        if ((offset & 7) != 0) {
            throw new IllegalArgumentException("long word offset " + offset + " is not 8-byte aligned");
        }
        return (int) (offset >>> 3);
    }

    private static int shift(long offset) {
        if ((offset & 3) != 0) {
            throw new IllegalArgumentException("int word offset " + offset + " is not 4-byte aligned");
        }
        return (offset & 4) == 0 ? 0 : 32;
    }

    private static int half(long word, int shift) { return (int) (word >>> shift); }

    private static long withHalf(long word, int shift, int value) {
        long mask = 0xFFFF_FFFFL << shift;
        return (word & ~mask) | (((long) value & 0xFFFF_FFFFL) << shift);
    }

    @Override public long getLong(long offset) { return (long) WORDS.get(words, index(offset)); }
    @Override public void setLong(long offset, long value) { WORDS.set(words, index(offset), value); }
    @Override public long getLongAcquire(long offset) { return (long) WORDS.getAcquire(words, index(offset)); }
    @Override public void setLongRelease(long offset, long value) { WORDS.setRelease(words, index(offset), value); }
    @Override public long getLongVolatile(long offset) { return (long) WORDS.getVolatile(words, index(offset)); }
    @Override public void setLongVolatile(long offset, long value) { WORDS.setVolatile(words, index(offset), value); }
    @Override public boolean compareAndSetLong(long offset, long expected, long value) {
        return WORDS.compareAndSet(words, index(offset), expected, value);
    }
    @Override public long compareAndExchangeLong(long offset, long expected, long value) {
        return (long) WORDS.compareAndExchange(words, index(offset), expected, value);
    }
    @Override public long getAndAddLong(long offset, long delta) { return (long) WORDS.getAndAdd(words, index(offset), delta); }
    @Override public long getAndSetLong(long offset, long value) { return (long) WORDS.getAndSet(words, index(offset), value); }

    @Override public int getInt(long offset) { return half((long) WORDS.get(words, index(offset & ~7L)), shift(offset)); }
    @Override public int getIntAcquire(long offset) { return half((long) WORDS.getAcquire(words, index(offset & ~7L)), shift(offset)); }
    @Override public int getIntVolatile(long offset) { return half((long) WORDS.getVolatile(words, index(offset & ~7L)), shift(offset)); }

    @Override public void setInt(long offset, int value) { updateInt(offset, value); }
    @Override public void setIntRelease(long offset, int value) { updateInt(offset, value); }
    @Override public void setIntVolatile(long offset, int value) { updateInt(offset, value); }

    // A CAS on the containing long: at least as strong as every int store mode it stands in for.
    private void updateInt(long offset, int value) {
        int i = index(offset & ~7L);
        int s = shift(offset);
        long w;
        do {
            w = (long) WORDS.getVolatile(words, i);
        } while (!WORDS.compareAndSet(words, i, w, withHalf(w, s, value)));
    }

    @Override public boolean compareAndSetInt(long offset, int expected, int value) {
        int i = index(offset & ~7L);
        int s = shift(offset);
        while (true) {
            long w = (long) WORDS.getVolatile(words, i);
            if (half(w, s) != expected) {
                return false;
            }
            if (WORDS.compareAndSet(words, i, w, withHalf(w, s, value))) {
                return true;
            }
        }
    }

    @Override public int getAndAddInt(long offset, int delta) {
        int i = index(offset & ~7L);
        int s = shift(offset);
        while (true) {
            long w = (long) WORDS.getVolatile(words, i);
            int old = half(w, s);
            if (WORDS.compareAndSet(words, i, w, withHalf(w, s, old + delta))) {
                return old;
            }
        }
    }

    @Override public void copyIn(long offset, MemorySegment src, long srcOffset, long bytes) {
        checkMultipleOf8(bytes);
        int first = index(offset);
        for (long b = 0; b < bytes; b += 8) {
            WORDS.set(words, first + (int) (b >>> 3), src.get(ValueLayout.JAVA_LONG_UNALIGNED, srcOffset + b));
        }
    }

    @Override public void copyOut(long offset, MemorySegment dst, long dstOffset, long bytes) {
        checkMultipleOf8(bytes);
        int first = index(offset);
        for (long b = 0; b < bytes; b += 8) {
            dst.set(ValueLayout.JAVA_LONG_UNALIGNED, dstOffset + b, (long) WORDS.get(words, first + (int) (b >>> 3)));
        }
    }

    @Override public void copyWithin(long fromOffset, long toOffset, long bytes) {
        checkMultipleOf8(bytes);
        int from = index(fromOffset);
        int to = index(toOffset);
        for (int k = 0; k < (int) (bytes >>> 3); k++) {
            WORDS.set(words, to + k, (long) WORDS.get(words, from + k));
        }
    }

    @Override public void zero(long offset, long bytes) {
        checkMultipleOf8(bytes);
        int first = index(offset);
        for (int k = 0; k < (int) (bytes >>> 3); k++) {
            WORDS.set(words, first + k, 0L);
        }
    }

    private static void checkMultipleOf8(long bytes) {
        if (bytes < 0 || (bytes & 7) != 0) {
            throw new IllegalArgumentException("copy length must be a non-negative multiple of 8, got " + bytes);
        }
    }
}
