package org.vdsolab.disruptor;

import org.vdsolab.api.memory.WordMemory;

/**
 * The fault line of a {@code disruptor} ring (at {@link RingLayout#faults}): the total that
 * {@link DisruptorQueue#faults()} reports, then one counter per kind of damage, all in one 64-byte
 * line that is written only when damage is seen.
 *
 * <pre>
 *   faults +  0  total           every fault below, plus refusals of impossible cursors
 *   faults +  8  cursorRepairs   cursors a sweep rebuilt or raised (one per successful CAS)
 *   faults + 16  wordRepairs     availability words a sweep rewrote
 *   faults + 24  recordsIgnored  claim-record values a sweep found impossible and ignored
 *   faults + 32  claimsAbandoned producer claims voided by a repaired or scribbled ring
 * </pre>
 *
 * Any domain can scribble these words too: they are diagnostics, never used to decide anything.
 * Stateless and thread-safe.
 */
final class RingFaults {

    static final long TOTAL = 0;
    static final long CURSOR_REPAIRS = 8;
    static final long WORD_REPAIRS = 16;
    static final long RECORDS_IGNORED = 24;
    static final long CLAIMS_ABANDONED = 32;

    private RingFaults() { }

    /** Counts one fault of {@code kind} (one of the offsets above, or {@link #TOTAL} alone). */
    static void count(WordMemory memory, RingLayout ring, long kind) {
        // getAndAdd (volatile RMW): shared counters that several parties and sweeps may bump; rare.
        memory.getAndAddLong(ring.faults + TOTAL, 1);
        if (kind != TOTAL) {
            memory.getAndAddLong(ring.faults + kind, 1);
        }
    }

    static long read(WordMemory memory, RingLayout ring, long kind) {
        // Volatile: a monitoring read.
        return memory.getLongVolatile(ring.faults + kind);
    }
}
