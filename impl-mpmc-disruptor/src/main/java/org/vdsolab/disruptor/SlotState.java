package org.vdsolab.disruptor;

/**
 * Encoding of a slot's availability word (the Disruptor's {@code availableBuffer} entry): the lap
 * the word speaks about in the high 62 bits, the state in the low 2 bits.
 *
 * <pre>
 *   word = lap &lt;&lt; 2 | state       lap = sequence &gt;&gt;&gt; log2(capacity)
 *   FREE      (0)  the slot may be written for this lap (its previous lap was consumed)
 *   PUBLISHED (1)  this lap's record is written and may be consumed
 *   SKIPPED   (2)  this lap's slot was claimed and aborted: consumed without being delivered
 * </pre>
 *
 * A slot's word only ever moves FREE(L) -&gt; PUBLISHED(L) or SKIPPED(L) -&gt; FREE(L+1), so a
 * party that expects lap L can never mistake a word of lap L-1 or L+1 for its own: the lap is what
 * rules out ABA on a reused slot (JCTools' point about per-slot states without a lap). A zeroed
 * word is FREE(0), which is why a freshly zeroed ring needs no further initialisation.
 *
 * <p>Stateless and thread-safe.
 */
final class SlotState {

    static final long FREE = 0;
    static final long PUBLISHED = 1;
    static final long SKIPPED = 2;

    private static final long STATE_MASK = 3;

    private SlotState() { }

    static long free(long lap) {
        return lap << 2;
    }

    static long published(long lap) {
        return (lap << 2) | PUBLISHED;
    }

    static long skipped(long lap) {
        return (lap << 2) | SKIPPED;
    }

    static long lapOf(long word) {
        return word >>> 2;
    }

    static long stateOf(long word) {
        return word & STATE_MASK;
    }

    /** A word for humans, e.g. {@code PUBLISHED(lap 3)}; for messages and tests, not hot paths. */
    static String describe(long word) {
        String state = switch ((int) stateOf(word)) {
            case 0 -> "FREE";
            case 1 -> "PUBLISHED";
            case 2 -> "SKIPPED";
            default -> "INVALID";
        };
        return state + "(lap " + lapOf(word) + ")";
    }
}
