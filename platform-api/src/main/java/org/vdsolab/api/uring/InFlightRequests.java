package org.vdsolab.api.uring;

import java.util.function.LongConsumer;

/**
 * A user domain's private record of the requests it has submitted and not yet seen answered, so
 * that a kernel death costs it an error or a delay, never a lost, corrupted or duplicated
 * completion. Each entry is keyed by {@code user_data} and remembers when it was submitted and
 * under which kernel generation ({@link UringUser#kernelGeneration()}).
 *
 * <ul>
 *   <li>{@link #track} when a request is submitted, with the generation read BEFORE the push
 *       (never newer than the kernel that may pop it, or a request a dying kernel took would
 *       never expire);</li>
 *   <li>{@link #complete} for every CQE reaped: true means "deliver it"; false means the CQE is for
 *       a request already failed ({@link #late()}) or never tracked ({@link #unknown()}): drop it;</li>
 *   <li>{@link #expire} now and then: a request older than the deadline AND submitted under an
 *       earlier generation than the current one is one a dead kernel may have taken with it; it is
 *       failed once (the callback gets its user_data, the caller answers it with -ECANCELED) and
 *       remembered as failed, so that its CQE, if a later kernel does answer it, is dropped.
 *       A request submitted under the current generation is never failed however slow it is: its
 *       kernel is alive.</li>
 * </ul>
 * User data must be unique among the requests of one table (a sequence number is).
 *
 * <p>Open addressing with linear probing over parallel primitive arrays, deletion by backward
 * shift (no tombstones): nothing is allocated after construction. Failed entries stay in the
 * table to recognise late CQEs; when failed entries fill it past its load limit the oldest half of
 * them are forgotten (their late CQEs then count as unknown; still dropped, never delivered).
 *
 * <p>Not thread-safe: one reaping/submitting thread owns it, as it owns its {@link UringUser}.
 */
public final class InFlightRequests {

    private static final byte EMPTY = 0;
    private static final byte PENDING = 1;
    private static final byte FAILED = 2;
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private final long[] keys;
    private final long[] times;
    private final long[] generations;
    private final byte[] states;
    private final int mask;
    private final int shift;
    private final int limit;
    private int pending;
    private int failedHeld;
    private long failed;
    private long completed;
    private long late;
    private long unknown;

    /**
     * @param maxInFlight the most requests that may be tracked at once (pending plus remembered
     *                    failures); the table gets at least twice as many slots
     */
    public InFlightRequests(int maxInFlight) {
        if (maxInFlight < 1 || maxInFlight > (1 << 28)) {
            throw new IllegalArgumentException("in-flight capacity must be in [1, 2^28], got " + maxInFlight);
        }
        int slots = Integer.highestOneBit(Math.max(4, maxInFlight * 2 - 1)) << 1;
        this.keys = new long[slots];
        this.times = new long[slots];
        this.generations = new long[slots];
        this.states = new byte[slots];
        this.mask = slots - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(slots);
        this.limit = maxInFlight;
    }

    /**
     * Records a submitted request.
     *
     * @return false if the table is full of pending requests (submit fewer at once)
     * @throws IllegalArgumentException if {@code userData} is already tracked (pending or failed)
     */
    public boolean track(long userData, long submitNanos, long generation) {
        if (pending + failedHeld >= limit) {
            if (failedHeld == 0) {
                return false;
            }
            forgetOldestFailed();
        }
        int i = home(userData);
        while (states[i] != EMPTY) {
            if (keys[i] == userData) {
                throw new IllegalArgumentException("user_data " + userData + " is already tracked ("
                        + (states[i] == PENDING ? "in flight" : "failed, its late CQE may still come")
                        + "): user_data must be unique");
            }
            i = (i + 1) & mask;
        }
        keys[i] = userData;
        times[i] = submitNanos;
        generations[i] = generation;
        states[i] = PENDING;
        pending++;
        return true;
    }

    /**
     * Accounts for a reaped CQE.
     *
     * @return true if the request was pending (deliver the CQE; it is no longer tracked); false if
     *         it was already failed or never tracked (drop the CQE)
     */
    public boolean complete(long userData) {
        int i = find(userData);
        if (i < 0) {
            unknown++;
            return false;
        }
        boolean wasPending = states[i] == PENDING;
        if (wasPending) {
            pending--;
            completed++;
        } else {
            failedHeld--;
            late++;
        }
        remove(i);
        return wasPending;
    }

    /**
     * Fails every pending request submitted more than {@code deadlineNanos} before {@code nowNanos}
     * under a generation earlier than {@code generation}, handing each user_data to
     * {@code onFailed} exactly once.
     *
     * @return requests failed by this call
     */
    public int expire(long nowNanos, long deadlineNanos, long generation, LongConsumer onFailed) {
        int n = 0;
        for (int i = 0; i <= mask; i++) {
            if (states[i] == PENDING && generations[i] < generation && nowNanos - times[i] > deadlineNanos) {
                states[i] = FAILED;
                times[i] = nowNanos; // from now on: when it failed (the oldest failures are forgotten first)
                pending--;
                failedHeld++;
                failed++;
                n++;
                onFailed.accept(keys[i]);
            }
        }
        return n;
    }

    /** Whether {@code userData} is pending (submitted, neither answered nor failed). */
    public boolean isPending(long userData) {
        int i = find(userData);
        return i >= 0 && states[i] == PENDING;
    }

    /** Requests submitted and neither answered nor failed. */
    public int pending() { return pending; }

    /** Requests failed by {@link #expire} so far (each one errors_returned). */
    public long failed() { return failed; }

    /** CQEs delivered through {@link #complete} so far. */
    public long completed() { return completed; }

    /** CQEs dropped because their request had already been failed. */
    public long late() { return late; }

    /** CQEs dropped because their user_data was never tracked (or its failure was forgotten). */
    public long unknown() { return unknown; }

    private int home(long userData) {
        return (int) ((userData * GOLDEN) >>> shift);
    }

    private int find(long userData) {
        int i = home(userData);
        while (states[i] != EMPTY) {
            if (keys[i] == userData) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Linear-probing deletion by backward shift: moves later members of the cluster into the hole. */
    private void remove(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (states[i] == EMPTY) {
                break;
            }
            int h = home(keys[i]);
            // Entry i may fill the hole only if its home is not in (hole, i] (cyclically).
            boolean canMove = hole <= i ? (h <= hole || h > i) : (h <= hole && h > i);
            if (canMove) {
                keys[hole] = keys[i];
                times[hole] = times[i];
                generations[hole] = generations[i];
                states[hole] = states[i];
                hole = i;
            }
        }
        states[hole] = EMPTY;
    }

    /** Forgets the failed entries that failed at or before the median failure time (at least one). */
    private void forgetOldestFailed() {
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (int i = 0; i <= mask; i++) {
            if (states[i] == FAILED) {
                oldest = Math.min(oldest, times[i]);
                newest = Math.max(newest, times[i]);
            }
        }
        long cut = oldest + ((newest - oldest) >>> 1);
        int i = 0;
        while (i <= mask) {
            if (states[i] == FAILED && times[i] - cut <= 0) {
                failedHeld--;
                remove(i); // the shift may move an unvisited entry into i: look at i again
            } else {
                i++;
            }
        }
    }
}
