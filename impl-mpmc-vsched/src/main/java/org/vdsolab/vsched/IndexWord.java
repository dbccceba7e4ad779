package org.vdsolab.vsched;

/**
 * The corrected deque's one index word: {@code head} and {@code tail} as two 32-bit wrapping
 * position counters packed into one 64-bit word (tail in the high half, head in the low half), so
 * that every full/empty decision at either end reads the same word and every index move is one
 * CAS of the whole pair. The live positions are [head, tail); {@code tail - head} (int
 * arithmetic, wraps) is the size, in [0, capacity]. Capacity is at most 2^30, so the size never
 * reaches the 2^31 where the wrap would make it ambiguous.
 */
final class IndexWord {

    private IndexWord() { }

    static long of(int head, int tail) {
        return ((long) tail << 32) | (head & 0xFFFF_FFFFL);
    }

    static int head(long index) {
        return (int) index;
    }

    static int tail(long index) {
        return (int) (index >>> 32);
    }

    static int size(long index) {
        return tail(index) - head(index);
    }
}
