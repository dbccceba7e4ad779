package org.vdsolab.vsched;

import org.vdsolab.api.liveness.OwnerToken;

/**
 * The corrected deque's slot state word:
 * <pre>
 *   bits 63..32  position  the ring position the slot serves (32-bit wrapping counter)
 *   bits 31..8   owner     the {@link OwnerToken} of the party holding the slot (24 bits), or NONE
 *   bits  7..0   state     a {@link SlotState}
 * </pre>
 * The position makes a claimer whose snapshot is laps old expect a different word and fail its
 * CAS instead of taking another lap's slot. The owner is stamped only into the held states
 * (WRITING by a producer, READING / REAPING by a consumer), so that a recovery sweep can ask
 * whether the holder is dead; READY and SKIPPED slots are held by nobody and carry
 * {@link OwnerToken#NONE}, so poppers compare them exactly with one precomputed word. An EMPTY
 * slot serves no position: its word is always {@link #FREE} (all zero, also the state of a
 * freshly created queue), so a pusher can claim it with one CAS from a known value.
 * Stateless and thread-safe.
 */
final class SlotWord {

    /** The word of every EMPTY slot. */
    static final long FREE = 0L;

    private static final int OWNER_SHIFT = 8;
    private static final int STATE_MASK = 0xFF;

    private SlotWord() { }

    /** A word held by nobody: READY, SKIPPED, or a held state stamped with no owner. */
    static long of(int position, int state) {
        return ((long) position << 32) | state;
    }

    /**
     * A held word: {@code ownerBits} is {@link #ownerBits(int)} of the holder's token, computed
     * once per handle so that stamping the owner costs one OR at claim.
     */
    static long of(int position, int state, long ownerBits) {
        return ((long) position << 32) | ownerBits | state;
    }

    /** The owner field of a word for {@code owner} (a valid {@link OwnerToken} or NONE). */
    static long ownerBits(int owner) {
        return (long) owner << OWNER_SHIFT;
    }

    static int state(long word) {
        return (int) word & STATE_MASK;
    }

    static int owner(long word) {
        return (int) (word >>> OWNER_SHIFT) & ((1 << OwnerToken.BITS) - 1);
    }

    static int position(long word) {
        return (int) (word >>> 32);
    }
}
