package org.vdsolab.api.liveness;

/**
 * The 24-bit name of one registration of a domain in a {@link LivenessTable}: the record's index
 * (12 bits) and the epoch of that registration (12 bits, never 0). Queues stamp it into what a
 * party holds (a slot word, a claim record) so that a recoverer can later ask the table whether
 * that holder is dead. Because the epoch is part of the token, a record re-used by a new domain
 * never makes an old, dead holder look alive (unless the record was re-registered a multiple of
 * 4095 times in between). {@link #NONE} (0) means "no owner recorded": never recovered.
 *
 * <p>Stateless and thread-safe.
 */
public final class OwnerToken {

    /** No owner recorded: a holder stamped with it is never declared dead. */
    public static final int NONE = 0;

    /** Records a table can hold: the index has 12 bits. */
    public static final int MAX_DOMAINS = 1 << 12;

    /** Largest epoch; epochs run 1..MAX_EPOCH and wrap back to 1. */
    public static final int MAX_EPOCH = (1 << 12) - 1;

    /** Bits a token occupies: callers packing it into a word keep this many free. */
    public static final int BITS = 24;

    private OwnerToken() { }

    /** The token of registration {@code epoch} (1..4095) of record {@code index} (0..4095). */
    public static int of(int index, int epoch) {
        if (index < 0 || index >= MAX_DOMAINS) {
            throw new IllegalArgumentException("owner index " + index + " is outside [0, " + MAX_DOMAINS + ")");
        }
        if (epoch < 1 || epoch > MAX_EPOCH) {
            throw new IllegalArgumentException("owner epoch " + epoch + " is outside [1, " + MAX_EPOCH + "]");
        }
        return epoch << 12 | index;
    }

    public static int index(int token) {
        return token & (MAX_DOMAINS - 1);
    }

    public static int epoch(int token) {
        return (token >>> 12) & MAX_EPOCH;
    }

    /** True if {@code token} could have come from {@link #of}: nonzero, 24 bits, epoch nonzero. */
    public static boolean isValid(int token) {
        return token != NONE && (token >>> BITS) == 0 && epoch(token) != 0;
    }

    /**
     * Checks an owner a caller hands to a queue: a valid token or {@link #NONE}.
     *
     * @return {@code owner}
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    public static int checkOwner(int owner) {
        if (owner != NONE && !isValid(owner)) {
            throw new IllegalArgumentException("owner token " + Integer.toHexString(owner)
                    + " is neither a valid OwnerToken (24 bits: 12-bit index, epoch 1.." + MAX_EPOCH + ") nor NONE (0)");
        }
        return owner;
    }

    /** The epoch after {@code epoch}: 1..4095, wrapping past 4095 to 1 (0 is reserved for NONE). */
    public static int nextEpoch(int epoch) {
        return epoch >= MAX_EPOCH ? 1 : epoch + 1;
    }

    /** For messages: {@code domain 3 (epoch 7)} or {@code none}. */
    public static String describe(int token) {
        return token == NONE ? "none" : "domain " + index(token) + " (epoch " + epoch(token) + ")";
    }
}
