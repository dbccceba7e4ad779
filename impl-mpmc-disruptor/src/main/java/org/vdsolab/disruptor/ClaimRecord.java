package org.vdsolab.disruptor;

import org.vdsolab.api.liveness.OwnerToken;

/**
 * Encoding of one party's claim record: the words a producer or consumer handle writes into its
 * own line of the shared ring (see {@link RingLayout#producerRecord} / {@link RingLayout#consumerRecord})
 * so that a recovery sweep can tell what a dead party held.
 *
 * <pre>
 *   +0   state  long   owner token &lt;&lt; 2 | phase          (0 = IDLE, whoever the owner)
 *   +8   first  long   first sequence of the claim        (meaningful in HOLDING; CLAIMING for consumers)
 *   +16  count  long   sequences in the claim
 *   +24  slot   long   producers only: 1 + the sequence of the open push_slot handle, 0 if none.
 *                      Its own word because a producer may push while its slot handle is open.
 *
 *   phase  IDLE     (0)  holds nothing
 *          INTENT   (1)  producer: about to claim with one atomic on the producer cursor; its claim,
 *                        if the atomic happened, is not recorded yet.
 *                        consumer ("CLAIMING"): {first, count} recorded, consumer-cursor CAS not
 *                        known to have succeeded
 *          HOLDING  (2)  [first, first + count) is this party's: claimed, not yet all published
 *                        (producer) or not yet all freed (consumer)
 * </pre>
 *
 * Writers: only the handle of the record's id, and a recovery sweep moving a DEAD owner's record to
 * IDLE with a CAS. Stateless and thread-safe.
 */
final class ClaimRecord {

    static final long IDLE = 0;
    static final long INTENT = 1;
    static final long HOLDING = 2;

    static final long STATE = 0;
    static final long FIRST = 8;
    static final long COUNT = 16;
    static final long SLOT = 24;

    private static final long PHASE_MASK = 3;

    private ClaimRecord() { }

    /**
     * The state word of {@code owner} in {@code phase}. IDLE keeps the owner too, so that a sweep
     * knows whose open slot the {@link #SLOT} word is; a zeroed record is IDLE with no owner.
     */
    static long state(int owner, long phase) {
        return ((long) owner << 2) | phase;
    }

    static long phaseOf(long state) {
        return state & PHASE_MASK;
    }

    static int ownerOf(long state) {
        return (int) (state >>> 2);
    }

    /** For messages: {@code HOLDING by domain 3 (epoch 1)}. */
    static String describe(long state) {
        String phase = switch ((int) phaseOf(state)) {
            case 0 -> "IDLE";
            case 1 -> "INTENT";
            case 2 -> "HOLDING";
            default -> "INVALID";
        };
        return phase + " by " + OwnerToken.describe(ownerOf(state));
    }
}
