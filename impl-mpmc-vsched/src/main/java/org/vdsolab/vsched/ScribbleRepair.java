package org.vdsolab.vsched;

import org.vdsolab.api.memory.WordMemory;

import static org.vdsolab.vsched.SlotState.READING;
import static org.vdsolab.vsched.SlotState.READY;
import static org.vdsolab.vsched.SlotState.REAPING;
import static org.vdsolab.vsched.SlotState.SKIPPED;
import static org.vdsolab.vsched.SlotState.WRITING;

/**
 * Repairs what a scribbling domain leaves in a {@link VschedDeque}'s words, run by the recovery
 * sweep ({@link VschedDeque#recover}). It relies on two invariants that every honest party keeps:
 * <ul>
 *   <li><b>(I1)</b> every position p inside the index [head, tail) has a slot word stamped with p
 *       in a state WRITING, READY, READING, SKIPPED or REAPING (READY and SKIPPED with no owner):
 *       a pusher claims the slot before its index CAS takes p in, a popper frees the slot only
 *       after its index CAS has taken p out;</li>
 *   <li><b>(I2)</b> a slot outside the index is FREE, or held (WRITING / READING / REAPING) for a
 *       moment by a party whose index CAS will fail (a stale claimer, which gives it back) or has
 *       just moved the index past it (a popper, which frees it). A popper's position is then within
 *       one lap of the index, in [tail - capacity, head + capacity): no index move can cross a
 *       position whose slot is held. Only a claimer whose snapshot is laps old holds a word
 *       further away, and only between its slot CAS and its failed index CAS.</li>
 * </ul>
 * Three repairs, each counted in the deque's fault word ({@link VschedDeque#faults}) and in its
 * own diagnostic counter:
 * <ol>
 *   <li><b>Inside the index, a word breaking I1</b> (wrong position, unknown state, an owner on
 *       READY/SKIPPED, FREE), seen by two sweeps with the index unchanged around each read: CAS to
 *       (p, SKIPPED), counted in {@code skipped}; poppers remove it. Honest CASes on the slot
 *       expect exact words, fail, retry and meet SKIPPED.</li>
 *   <li><b>Outside the index, a word that is neither FREE nor a plausible transient</b> (a held
 *       state of a position in the lap window of I2), unchanged across two sweeps: CAS to FREE.</li>
 *   <li><b>A corrupt index</b> (size outside [0, capacity]): rebuilt from the slot words once two
 *       scans one sweep apart agree (see {@link #rebuildIndex}).</li>
 * </ol>
 * Why no repair fires on an honest state: by I1/I2 an honest word is never a repair-1 or
 * repair-2 suspect when the index read before and after it is the same and is the index the word
 * was written against. The only honest way to fool one look is an index that moved and came back
 * between the two index reads (an ABA of double-ended moves); a repair needs the same suspect word
 * at the same slot in two sweeps, each bracketed by equal index reads, and a third index read
 * equal to the second sweep's just before its CAS. The CAS is from the exact word seen, so a word
 * that changed is left alone, and concurrent sweeps (this handle's are serialized by its monitor,
 * other domains' handles have their own memory) repair a word at most once.
 *
 * <p>State: per queue handle, in the sweeping domain's private memory: the last suspect word and
 * kind of every slot and the last candidate index rebuild, allocated at the first sweep. Thread-safe:
 * every method holds this object's monitor (sweeps of one handle take turns; they are never on a
 * hot path).
 */
final class ScribbleRepair {

    private static final byte NO_SUSPECT = 0;
    private static final byte INSIDE = 1;
    private static final byte OUTSIDE = 2;

    /** Agreeing scans before a rebuild: two for one contiguous run, more when the slots hold several. */
    private static final int AGREEMENTS_SINGLE_RUN = 2;
    private static final int AGREEMENTS_AMBIGUOUS = 4;
    /**
     * A rebuild ignores slot words stamped further than this from the last tail the sweeper saw
     * in an honest index: far more than a queue moves between two sweeps, far less than the
     * 2^32 positions a forged stamp is drawn from.
     */
    private static final int REBUILD_REACH = 1 << 24;

    private final WordMemory memory;
    private final RingGeometry ring;
    private final long indexOffset;
    private final long skippedOffset;
    private final VschedDeque.Counters counters;
    private final int capacity;
    private final int mask;

    private long[] suspectWord;
    private byte[] suspectKind;
    private long[] scan;

    private long candidateCorrupt;
    private long candidateRebuilt;
    private int candidateScans;
    private boolean goodIndexSeen;
    private int lastGoodTail;

    ScribbleRepair(WordMemory memory, RingGeometry ring, long indexOffset, long skippedOffset,
                   VschedDeque.Counters counters, int capacity) {
        this.memory = memory;
        this.ring = ring;
        this.indexOffset = indexOffset;
        this.skippedOffset = skippedOffset;
        this.counters = counters;
        this.capacity = capacity;
        this.mask = capacity - 1;
    }

    private void allocateOnce() {
        if (scan == null) {
            suspectWord = new long[capacity];
            suspectKind = new byte[capacity];
            scan = new long[capacity];
        }
    }

    // Volatile: every decision compares index reads in the one total order of the index CASes.
    private long index() {
        return memory.getLongVolatile(indexOffset);
    }

    private boolean isCorrupt(long index) {
        return Integer.compareUnsigned(IndexWord.size(index), capacity) > 0;
    }

    /** Repairs 1 and 2 over every slot, against an index that is not corrupt. */
    synchronized void repairSlots() {
        allocateOnce();
        candidateScans = 0; // the index is sane again: a pending rebuild is void
        for (int i = 0; i < capacity; i++) {
            long before = index();
            if (isCorrupt(before)) {
                return; // the next sweep rebuilds it
            }
            goodIndexSeen = true;
            lastGoodTail = IndexWord.tail(before);
            long slot = ring.slotOffset(i);
            // Acquire: the word is at least as new as the index read before it.
            long word = memory.getLongAcquire(slot);
            if (index() != before) {
                suspectKind[i] = NO_SUSPECT; // the index moved while we looked: judge nothing
                continue;
            }
            int head = IndexWord.head(before);
            int offset = (i - head) & mask;
            if (offset < IndexWord.size(before)) {
                int position = head + offset;
                if (!keepsI1(word, position) && confirmed(i, word, INSIDE, before)) {
                    repairInside(slot, word, position);
                }
            } else if (word != SlotWord.FREE && !plausibleOutside(word, i, before)
                    && confirmed(i, word, OUTSIDE, before)) {
                // CAS (volatile) from the exact word: a party that changed it since keeps its change.
                if (memory.compareAndSetLong(slot, word, SlotWord.FREE)) {
                    counters.freedOutside();
                }
            }
        }
    }

    /**
     * True if this sweep's look at slot {@code i} repeats the previous sweep's suspicion (same word,
     * same kind) and the index still reads {@code before} just ahead of the CAS; otherwise records
     * the suspicion for the next sweep.
     */
    private boolean confirmed(int i, long word, byte kind, long before) {
        if (suspectKind[i] != kind || suspectWord[i] != word) {
            suspectKind[i] = kind;
            suspectWord[i] = word;
            return false;
        }
        suspectKind[i] = NO_SUSPECT;
        return index() == before;
    }

    /**
     * Repair 1. Counted in {@code skipped} before it is visible, as an abort does, so a reaper's
     * uncount never comes first; the count is undone if the CAS loses. Safe against honest
     * parties: none of them holds a word breaking I1 inside the index, and their CASes expect
     * exact words, so they fail on SKIPPED and retry (a popper then reaps it). A scribbled-over
     * holder that stores its next word blindly (publish, free) overwrites SKIPPED: its record is
     * then delivered or its slot freed, and {@code skipped} stays one too high (scribble damage).
     */
    private void repairInside(long slot, long word, int position) {
        memory.getAndAddLong(skippedOffset, 1);
        if (memory.compareAndSetLong(slot, word, SlotWord.of(position, SKIPPED))) {
            counters.skippedInside();
        } else {
            memory.getAndAddLong(skippedOffset, -1);
        }
    }

    /** I1 for a slot at {@code position} inside the index. */
    static boolean keepsI1(long word, int position) {
        if (SlotWord.position(word) != position) {
            return false;
        }
        int state = SlotWord.state(word);
        if (state == WRITING || state == READING || state == REAPING) {
            return true; // held: any owner
        }
        return (state == READY || state == SKIPPED) && word == SlotWord.of(position, state);
    }

    /**
     * I2's transients: a held state stamped with a position of this slot within one lap of the
     * index, [tail - capacity, head + capacity) (unsigned, wrapping; 2·capacity fits an int).
     */
    private boolean plausibleOutside(long word, int slotIndex, long index) {
        int state = SlotWord.state(word);
        int position = SlotWord.position(word);
        if ((state != WRITING && state != READING && state != REAPING) || (position & mask) != slotIndex) {
            return false;
        }
        int windowStart = IndexWord.tail(index) - capacity;
        return Integer.compareUnsigned(position - windowStart, 2 * capacity - IndexWord.size(index)) < 0;
    }

    /**
     * Repair 3. After the index is scribbled no honest index CAS succeeds (each CASes from a value
     * it read and refuses a corrupt one), so every operation in flight finishes or gives its slot
     * back, and the words stamped with their own position (members: I1 words whose position maps
     * to their slot) are the true run. The scan walks the ring once and links members whose
     * positions advance with their slots; a FREE slot ends a run, a garbage word between two
     * members that agree is bridged (repair 1 turns it into SKIPPED once the index is back).
     * Members stamped more than {@link #REBUILD_REACH} positions from the last honest tail this
     * handle saw are ignored (forgeries); of several runs the one starting nearest that tail wins
     * (the longest if no honest index was seen yet). The index is CASed from the corrupt value to it once the same corrupt value
     * and the same run were seen by two scans one sweep apart (four if the slots held more than
     * one run: a longer grace for a stalled party to finish). A run that changed, or a corrupt
     * value that changed, restarts the count.
     *
     * <p>No member at all rebuilds an empty index (x, x): with no slot in it, I1 holds for any x,
     * and I2 holds for any x too (there are no held words of honest parties, or they would be
     * members). x is the last tail this handle saw in an honest index (0 if none): a claimer whose
     * stale snapshot is exactly (x, x) then claims consistently, every other stale snapshot fails
     * its index CAS as before.
     *
     * <p>A claimer that gives its slot back after the scan leaves FREE inside the rebuilt index:
     * repair 1 skips it on the following sweeps. A domain that keeps scribbling the index while
     * this runs only resets the count.
     */
    synchronized void rebuildIndex(long corrupt) {
        allocateOnce();
        int runs = scanRun();
        if (index() != corrupt) {
            candidateScans = 0; // the index changed under the scan (a scribble or another sweep)
            return;
        }
        long rebuilt = runs == 0 ? IndexWord.of(emptyAt(), emptyAt()) : runFound;
        if (candidateScans == 0 || candidateCorrupt != corrupt || candidateRebuilt != rebuilt) {
            candidateCorrupt = corrupt;
            candidateRebuilt = rebuilt;
            candidateScans = 1;
            return;
        }
        candidateScans++;
        if (candidateScans < (runs > 1 ? AGREEMENTS_AMBIGUOUS : AGREEMENTS_SINGLE_RUN)) {
            return;
        }
        candidateScans = 0;
        // CAS (volatile) from the corrupt value seen: another sweep that rebuilt first, or a new
        // scribble, makes it fail, and the next sweep starts over.
        if (memory.compareAndSetLong(indexOffset, corrupt, rebuilt)) {
            counters.indexRebuilt();
        }
    }

    private int emptyAt() {
        return goodIndexSeen ? lastGoodTail : 0;
    }

    /** The longest run of {@link #scanRun}, as an index word. */
    private long runFound;

    /** Scans the slots; sets {@link #runFound} to the longest run; returns the number of runs. */
    private int scanRun() {
        int members = 0;
        int firstFree = -1;
        for (int i = 0; i < capacity; i++) {
            long word = memory.getLongAcquire(ring.slotOffset(i)); // acquire: as published
            scan[i] = word;
            if (word == SlotWord.FREE) {
                if (firstFree < 0) {
                    firstFree = i;
                }
            } else if (isMember(word, i)) {
                if (within(SlotWord.position(word))) {
                    members++;
                } else {
                    scan[i] = ~SlotWord.FREE; // a far stamp: a garbage word, bridged like one
                }
            }
        }
        if (members == 0) {
            return 0;
        }
        int start = firstFree >= 0 ? firstFree : firstBreak();
        int runs = 0;
        int bestLength = 0;
        long bestDistance = Long.MAX_VALUE;
        boolean open = false;
        int first = 0;
        int last = 0;
        int lastK = 0;
        int length = 0;
        for (int k = 0; k <= capacity; k++) {
            boolean end = k == capacity;
            long word = end ? SlotWord.FREE : scan[(start + k) & mask];
            boolean member = !end && isMember(word, (start + k) & mask);
            boolean extends_ = member && open && SlotWord.position(word) == last + (k - lastK);
            if (open && (end || word == SlotWord.FREE || (member && !extends_))) {
                runs++;
                long distance = goodIndexSeen ? Math.abs((long) (first - lastGoodTail)) : 0;
                if (distance < bestDistance || (distance == bestDistance && length > bestLength)) {
                    bestDistance = distance;
                    bestLength = length;
                    runFound = IndexWord.of(first, last + 1);
                }
                open = false;
            }
            if (member) {
                if (!open) {
                    open = true;
                    first = SlotWord.position(word);
                    length = 0;
                }
                last = SlotWord.position(word);
                lastK = k;
                length++;
            }
        }
        return runs;
    }

    /**
     * With no FREE slot: a member slot whose position does not follow the previous member's (going
     * round the ring); one exists, since going all the way round adds capacity.
     */
    private int firstBreak() {
        boolean seen = false;
        int last = 0;
        int lastK = 0;
        for (int k = 0; k < 2 * capacity; k++) {
            int i = k & mask;
            if (!isMember(scan[i], i)) {
                continue;
            }
            int position = SlotWord.position(scan[i]);
            if (seen && k >= capacity && position != last + (k - lastK)) {
                return i;
            }
            seen = true;
            last = position;
            lastK = k;
        }
        return 0;
    }

    private boolean within(int position) {
        return !goodIndexSeen || Math.abs((long) (position - lastGoodTail)) <= REBUILD_REACH;
    }

    private boolean isMember(long word, int slotIndex) {
        return word != SlotWord.FREE && (SlotWord.position(word) & mask) == slotIndex
                && keepsI1(word, SlotWord.position(word));
    }
}
