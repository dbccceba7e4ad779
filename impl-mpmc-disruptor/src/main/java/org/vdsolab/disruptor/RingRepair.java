package org.vdsolab.disruptor;

import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.memory.WordMemory;

import java.util.Arrays;

/**
 * The part of a recovery sweep that repairs what a hostile domain scribbled on a {@code disruptor}
 * ring: impossible cursors, garbage availability words, impossible claim records. One instance per
 * {@link DisruptorQueue} view: it keeps what the previous sweep saw in private (heap) memory,
 * allocated once, because every repair acts only on damage seen unchanged on two sweeps.
 *
 * <h2>What honest parties can produce</h2>
 * Let C be the consumer cursor, P the producer cursor, and for a slot word {@code lap<<2|state}
 * of slot i let q = lap·capacity + i be the sequence it speaks about. Honest histories keep:
 * <ol>
 *   <li>C &le; P &le; C + {@link RingLayout#maxHonestLead()} (getAndAdd overshoot is at most a
 *       ring per producer beyond a full ring);</li>
 *   <li>FREE(lap): q - capacity was consumed and q was not, so C &le; q &lt; C + capacity;</li>
 *   <li>PUBLISHED / SKIPPED(lap): q was claimed, q &lt; P; its slot's previous sequence was consumed,
 *       so q &lt; C + capacity; and it is not freed yet, so a consumer that claimed it is still
 *       holding it, which caps C at q + capacity: C - capacity &le; q;</li>
 *   <li>a PUBLISHED / SKIPPED word with q &lt; C is covered by the claim record (CLAIMING or HOLDING)
 *       of the consumer whose CAS took it: records are written before the CAS and go IDLE only
 *       after the words are freed.</li>
 * </ol>
 * A sweep reads C (c1) and P (p1), then every word, then C (c2) and P (p2) again; both cursors only
 * grow honestly, so a word read in between obeys 2 and 3 with [c1, c2] for C and p2 for P. The
 * tests below use those brackets and so never fire on an honest state, however busy the ring.
 *
 * <h2>Repair 1: impossible cursors (rule 1 broken)</h2>
 * Honest parties refuse to act on such cursors ({@link DisruptorConsumer}, {@link DisruptorProducer}),
 * so only repairs move them. The sweep rebuilds both from the words: by rule 2 and 3, the next
 * unconsumed sequence of every slot (q for FREE; q for PUBLISHED / SKIPPED unless a consumer record
 * covers q, then q + capacity) lies in [C, C + capacity), one per slot. So C' is the start of the
 * window of length capacity that holds the most of those values (every value, in an undamaged
 * ring; garbage words are outvoted or ignored), and P' is one past the highest claimed sequence
 * seen in the window: PUBLISHED / SKIPPED words, possible producer HOLDING ranges and open slots.
 * If the same corrupt (C, P), the same (C', P') and the same claim-record state words are seen on
 * two sweeps, the sweep CASes P from its corrupt value, then C: a concurrent sweep (another domain)
 * computes the same values and at most one CAS per cursor succeeds. Nothing else runs while the
 * cursors are impossible.
 *
 * <h2>Repair 2: garbage availability words (rules 2, 3, 4 broken)</h2>
 * A word seen identical and failing the tests on two sweeps is rewritten by CAS from that value:
 * <ul>
 *   <li>PUBLISHED / SKIPPED with C - capacity &le; q &lt; C covered by no consumer record (read after
 *       the word, then the word re-read): the consumer cursor was moved past it; it becomes
 *       FREE(lap + 1) as its consumer would have made it (the record, if any, is lost);</li>
 *   <li>PUBLISHED / SKIPPED with q at or above P but inside rule 3's window: P is too low, not the
 *       word (a published record stays); if P is unchanged on two sweeps it is raised by CAS to the
 *       highest such q + 1 (counted as a cursor repair);</li>
 *   <li>anything else: the word becomes FREE for the lap producers expect, that of the lowest
 *       sequence q0 &ge; C of the slot, unless a consumer record covers q0 - capacity (a consumer
 *       still copying the slot's previous record out; it frees the slot itself). If q0 &lt; P and no
 *       producer holds q0, the orphan pass of {@link RingRecovery}, in this same sweep, turns
 *       FREE(lap) into SKIPPED(lap) and consumers pass it. Why not SKIPPED directly, the obvious
 *       choice: a live producer that holds q0 (its claim record says so) will still store
 *       PUBLISHED(lap), and over a SKIPPED that a consumer had already freed that store would wedge
 *       the slot; the orphan pass already proves that no live producer holds what it skips.</li>
 * </ul>
 *
 * <h2>Repair 3: impossible claim records</h2>
 * {@link #impossibleRecord} names the record values {@link RingRecovery} ignores: an INVALID
 * phase, an owner that is neither {@link OwnerToken#NONE} nor a valid token (honest handles write
 * only those), or a range of fewer than one or more than capacity sequences, or ending above the
 * producer cursor read after it. Each distinct ignored value is counted once.
 *
 * <p>Every repair and ignored record is counted in the ring's {@link RingFaults} line.
 *
 * <p>Thread-safe: {@link #sweep} is synchronized (one sweep per view at a time; other views and
 * domains sweep concurrently and coordinate through CAS on shared words). Allocates only once.
 */
final class RingRepair {

    private static final byte HONEST = 0;
    private static final byte GARBAGE = 1;
    private static final byte BELOW_CONSUMER = 2;
    private static final byte ABOVE_PRODUCER = 3;

    private final WordMemory memory;
    private final RingLayout ring;
    private final int parties;

    private long[] words;
    private long[] lastWords;
    private byte[] lastVerdict;
    private long[] nextUnconsumed;
    private long[] recordStates;
    private long[] lastRecordStates;
    private long[] lastIgnored;

    private boolean haveCandidate;
    private long candidateConsumer;
    private long candidateProducer;
    private long corruptConsumer;
    private long corruptProducer;

    private long raiseFrom = -1;
    private long raiseTo = -1;

    RingRepair(WordMemory memory, RingLayout ring) {
        this.memory = memory;
        this.ring = ring;
        this.parties = ring.producers + ring.consumers;
    }

    private void allocate() {
        if (words == null) {
            words = new long[ring.capacity];
            lastWords = new long[ring.capacity];
            lastVerdict = new byte[ring.capacity];
            nextUnconsumed = new long[ring.capacity];
            recordStates = new long[parties];
            lastRecordStates = new long[parties];
            lastIgnored = new long[parties];
            Arrays.fill(lastIgnored, -1);
        }
    }

    /**
     * Runs the repairs, then (unless the cursors are still impossible) the dead-owner recovery.
     *
     * @return the slots {@link RingRecovery} recovered; repairs are counted in the fault line only
     */
    synchronized long sweep(OwnerLiveness liveness) {
        allocate();
        // Acquire on both: the lower bracket of every test below (cursors only grow honestly).
        long c1 = memory.getLongAcquire(ring.consumerCursor);
        long p1 = memory.getLongAcquire(ring.producerCursor);
        if (ring.impossible(c1, p1)) {
            Arrays.fill(lastVerdict, HONEST); // words are judged against sane cursors only
            raiseFrom = -1;
            rebuildCursors(c1, p1, liveness);
            return 0;
        }
        haveCandidate = false;
        for (int i = 0; i < ring.capacity; i++) {
            // Acquire: pairs with the release of the word's last honest writer.
            words[i] = memory.getLongAcquire(ring.availabilityOf(i));
        }
        // Acquire: the upper bracket.
        long c2 = memory.getLongAcquire(ring.consumerCursor);
        long p2 = memory.getLongAcquire(ring.producerCursor);
        if (!ring.impossible(c2, p2)) {
            repairWords(c1, c2, p1, p2);
        }
        return RingRecovery.sweep(memory, ring, liveness, this);
    }

    // ---------------------------------------------------------------------------------------------
    // Repair 2

    private byte judge(int slot, long word, long c1, long c2, long p2) {
        long state = SlotState.stateOf(word);
        long lap = SlotState.lapOf(word);
        if (state > SlotState.SKIPPED || lap > ring.maxLap()) {
            return GARBAGE;
        }
        long q = (lap << ring.lapShift) | slot;
        if (state == SlotState.FREE) {
            return q >= c1 && q < c2 + ring.capacity ? HONEST : GARBAGE; // rule 2
        }
        if (q < c1 - ring.capacity || q >= c2 + ring.capacity) {
            return GARBAGE; // rule 3
        }
        if (q < c1) {
            return BELOW_CONSUMER; // rule 4 decides, at repair time
        }
        return q >= p2 ? ABOVE_PRODUCER : HONEST;
    }

    private void repairWords(long c1, long c2, long p1, long p2) {
        long raise = -1;
        for (int i = 0; i < ring.capacity; i++) {
            long word = words[i];
            byte verdict = judge(i, word, c1, c2, p2);
            if (verdict == ABOVE_PRODUCER) {
                raise = Math.max(raise, (SlotState.lapOf(word) << ring.lapShift | i) + 1);
            } else if (verdict != HONEST && lastVerdict[i] == verdict && lastWords[i] == word) {
                if (verdict == BELOW_CONSUMER ? freeStale(i, word) : rewriteGarbage(i, word)) {
                    RingFaults.count(memory, ring, RingFaults.WORD_REPAIRS);
                    verdict = HONEST;
                }
            }
            lastVerdict[i] = verdict == ABOVE_PRODUCER ? HONEST : verdict;
            lastWords[i] = word;
        }
        raiseProducerCursor(p1, p2, raise);
    }

    /** Rule 4 broken: a taken word below C that no consumer holds; frees it for the next lap. */
    private boolean freeStale(int slot, long word) {
        long q = (SlotState.lapOf(word) << ring.lapShift) | slot;
        if (consumerCovers(q)) {
            return false; // a consumer (live, or dead and left to RingRecovery) still holds it
        }
        // Acquire: after the records; a consumer that went IDLE had freed the word before.
        if (memory.getLongAcquire(ring.availabilityOf(slot)) != word) {
            return false;
        }
        // CAS (volatile) from the value seen twice: loses to any honest or concurrent write.
        return memory.compareAndSetLong(ring.availabilityOf(slot), word, SlotState.free(SlotState.lapOf(word) + 1));
    }

    /** Rules 2 / 3 broken: the word becomes FREE for the lap of the slot's lowest sequence at or above C. */
    private boolean rewriteGarbage(int slot, long word) {
        // Acquire on both: fresh values to place the slot; refused if they became impossible.
        long consumed = memory.getLongAcquire(ring.consumerCursor);
        long claimed = memory.getLongAcquire(ring.producerCursor);
        if (ring.impossible(consumed, claimed)) {
            return false;
        }
        long q0 = consumed + ((slot - consumed) & ring.mask);
        if (consumerCovers(q0 - ring.capacity)) {
            return false; // its previous record is being copied out; that consumer frees the slot
        }
        // CAS (volatile) from the garbage seen twice: a concurrent honest or repair write wins.
        return memory.compareAndSetLong(ring.availabilityOf(slot), word, SlotState.free(ring.lapOf(q0)));
    }

    /** P below a published sequence on two sweeps with no claim in between: raise it to cover them. */
    private void raiseProducerCursor(long p1, long p2, long target) {
        if (target < 0 || p1 != p2) {
            raiseFrom = -1;
            return;
        }
        if (raiseFrom == p1 && raiseTo == target
                // CAS (volatile) from the low value seen on both sweeps: fails if any producer claimed.
                && memory.compareAndSetLong(ring.producerCursor, p1, target)) {
            RingFaults.count(memory, ring, RingFaults.CURSOR_REPAIRS);
            raiseFrom = -1;
            return;
        }
        raiseFrom = p1;
        raiseTo = target;
    }

    /** True if a possible consumer record (CLAIMING or HOLDING) covers {@code sequence}. */
    private boolean consumerCovers(long sequence) {
        for (int j = 0; j < ring.consumers; j++) {
            long offset = ring.consumerRecord(j);
            // Acquire: pairs with the consumer's release stores of its record.
            long state = memory.getLongAcquire(offset + ClaimRecord.STATE);
            long phase = ClaimRecord.phaseOf(state);
            if ((phase != ClaimRecord.INTENT && phase != ClaimRecord.HOLDING) || !plausibleOwner(state)) {
                continue; // holds nothing, or a scribbled record (repair 3): never lets a forgery block a repair
            }
            long first = memory.getLongAcquire(offset + ClaimRecord.FIRST);
            long count = memory.getLongAcquire(offset + ClaimRecord.COUNT);
            if (count > 0 && count <= ring.capacity && sequence >= first && sequence - first < count) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // Repair 1

    private void rebuildCursors(long c1, long p1, OwnerLiveness liveness) {
        int n = 0;
        for (int i = 0; i < ring.capacity; i++) {
            long word = memory.getLongAcquire(ring.availabilityOf(i)); // acquire: as in sweep
            words[i] = word;
            long state = SlotState.stateOf(word);
            long lap = SlotState.lapOf(word);
            if (state > SlotState.SKIPPED || lap > ring.maxLap()) {
                continue; // garbage: no vote
            }
            long q = (lap << ring.lapShift) | i;
            nextUnconsumed[n++] = state != SlotState.FREE && consumerHolds(q) ? q + ring.capacity : q;
        }
        long consumer;
        if (n == 0) {
            consumer = Math.max(0, Math.min(Math.min(c1, p1), 1L << 62)); // nothing to read back
        } else {
            Arrays.sort(nextUnconsumed, 0, n);
            int best = 0;
            int bestCount = 0;
            for (int j = 0, k = 0; j < n; j++) {
                while (k < n && nextUnconsumed[k] - nextUnconsumed[j] < ring.capacity) {
                    k++;
                }
                if (k - j > bestCount) {
                    bestCount = k - j;
                    best = j;
                }
            }
            consumer = nextUnconsumed[best];
        }
        long producer = consumer;
        for (int i = 0; i < ring.capacity; i++) {
            long word = words[i];
            long state = SlotState.stateOf(word);
            if ((state == SlotState.PUBLISHED || state == SlotState.SKIPPED) && SlotState.lapOf(word) <= ring.maxLap()) {
                long q = (SlotState.lapOf(word) << ring.lapShift) | i;
                if (q >= consumer - ring.capacity && q < consumer + ring.capacity) {
                    producer = Math.max(producer, q + 1);
                }
            }
        }
        boolean liveIntent = false;
        for (int i = 0; i < ring.producers; i++) {
            long offset = ring.producerRecord(i);
            long state = memory.getLongAcquire(offset + ClaimRecord.STATE); // acquire: the owner's release
            recordStates[i] = state;
            liveIntent |= ClaimRecord.phaseOf(state) == ClaimRecord.INTENT && plausibleOwner(state)
                    && !isDead(liveness, ClaimRecord.ownerOf(state));
            if (ClaimRecord.phaseOf(state) == ClaimRecord.HOLDING && plausibleOwner(state)) {
                long first = memory.getLongAcquire(offset + ClaimRecord.FIRST);
                long count = memory.getLongAcquire(offset + ClaimRecord.COUNT);
                if (count > 0 && count <= ring.capacity && first >= consumer - ring.capacity
                        && first - consumer <= ring.maxHonestLead() - count) {
                    producer = Math.max(producer, first + count);
                }
            }
            long slot = memory.getLongAcquire(offset + ClaimRecord.SLOT); // acquire: as above
            if (slot > consumer && slot - 1 - consumer < ring.maxHonestLead()) {
                producer = Math.max(producer, slot);
            }
        }
        for (int j = 0; j < ring.consumers; j++) {
            recordStates[ring.producers + j] = memory.getLongAcquire(ring.consumerRecord(j)); // acquire
        }
        if (liveIntent) {
            // A live producer between its atomic and its HOLDING store may own a claim no word shows
            // yet (it was pre-empted there, or it is about to refuse): never second-guess it.
            haveCandidate = false;
            return;
        }
        boolean same = haveCandidate && corruptConsumer == c1 && corruptProducer == p1
                && candidateConsumer == consumer && candidateProducer == producer
                && Arrays.equals(recordStates, lastRecordStates);
        if (!same) {
            haveCandidate = true;
            corruptConsumer = c1;
            corruptProducer = p1;
            candidateConsumer = consumer;
            candidateProducer = producer;
            System.arraycopy(recordStates, 0, lastRecordStates, 0, parties);
            return;
        }
        haveCandidate = false;
        // CAS (volatile) from the corrupt values seen on both sweeps: honest parties do not move
        // impossible cursors, so a failure means another sweep (or a scribbler) moved it first.
        // P first: until C is repaired too the pair stays impossible or only C lags, which a
        // consumer meets as a word it waits on and a later sweep repairs.
        if (producer != p1 && memory.compareAndSetLong(ring.producerCursor, p1, producer)) {
            RingFaults.count(memory, ring, RingFaults.CURSOR_REPAIRS);
        }
        if (consumer != c1 && memory.compareAndSetLong(ring.consumerCursor, c1, consumer)) {
            RingFaults.count(memory, ring, RingFaults.CURSOR_REPAIRS);
        }
    }

    private static boolean isDead(OwnerLiveness liveness, int owner) {
        if (!OwnerToken.isValid(owner)) {
            return false; // NONE: never recovered, so never known dead
        }
        try {
            return liveness.isDead(owner);
        } catch (IllegalArgumentException e) {
            return false; // a token the liveness table does not know: not provably dead
        }
    }

    /** True if a possible consumer HOLDING record covers {@code sequence} (it was consumed). */
    private boolean consumerHolds(long sequence) {
        for (int j = 0; j < ring.consumers; j++) {
            long offset = ring.consumerRecord(j);
            long state = memory.getLongAcquire(offset + ClaimRecord.STATE); // acquire: the owner's release
            if (ClaimRecord.phaseOf(state) != ClaimRecord.HOLDING || !plausibleOwner(state)) {
                continue;
            }
            long first = memory.getLongAcquire(offset + ClaimRecord.FIRST);
            long count = memory.getLongAcquire(offset + ClaimRecord.COUNT);
            if (count > 0 && count <= ring.capacity && sequence >= first && sequence - first < count) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // Repair 3

    /** Honest handles write only {@link OwnerToken#NONE} or a valid 24-bit token above the phase bits. */
    private static boolean plausibleOwner(long state) {
        long owner = state >>> 2;
        return owner == OwnerToken.NONE || (owner < (1L << OwnerToken.BITS) && OwnerToken.isValid((int) owner));
    }

    /**
     * True if a claim record read as {@code state, first, count} is impossible for an honest handle
     * (see the class comment), given {@code claimedAfter}, a producer cursor read after the record.
     * Counts each distinct impossible state word of party {@code party} once.
     *
     * @param party      producer id, or producers + consumer id
     * @param hasRange   whether the phase carries a range (HOLDING; a consumer's CLAIMING too)
     */
    boolean impossibleRecord(int party, long state, long first, long count, boolean hasRange, long claimedAfter) {
        boolean impossible = ClaimRecord.phaseOf(state) > ClaimRecord.HOLDING || !plausibleOwner(state)
                || (hasRange && (count < 1 || count > ring.capacity || first < 0 || first > claimedAfter - count));
        if (impossible && lastIgnored[party] != state) {
            lastIgnored[party] = state;
            RingFaults.count(memory, ring, RingFaults.RECORDS_IGNORED);
        }
        return impossible;
    }
}
