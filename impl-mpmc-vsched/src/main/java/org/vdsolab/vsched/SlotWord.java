package org.vdsolab.vsched;

/**
 * The corrected deque's slot state word: the ring position the slot serves (32 bits, high half)
 * and its {@link SlotState} (low half), so a claimer whose snapshot is laps old expects a
 * different word and fails its CAS instead of taking another lap's slot. An EMPTY slot serves no
 * position: its word is always {@link #FREE} (all zero, also the state of a freshly created
 * queue), so a pusher can claim it with one CAS from a known value.
 */
final class SlotWord {

    /** The word of every EMPTY slot. */
    static final long FREE = 0L;

    private SlotWord() { }

    static long of(int position, int state) {
        return ((long) position << 32) | state;
    }

    static int state(long word) {
        return (int) word;
    }
}
