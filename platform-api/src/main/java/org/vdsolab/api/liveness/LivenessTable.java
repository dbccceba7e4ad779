package org.vdsolab.api.liveness;

import org.vdsolab.api.memory.WordMemory;

/**
 * The domain liveness records in shared memory: one 64-byte record per registered domain, so that
 * a recoverer in any domain can tell a holder that is dead (its process is gone, or it exited, or
 * it was declared dead) from one that is merely slow. Implements {@link OwnerLiveness}.
 *
 * <pre>
 *  offset +  0  magic     long  "LV" tag, stored last with release at create
 *  offset +  8  capacity  int   records in the table
 *  offset + 64  record[capacity], 64 bytes each (one cache line: a domain writes only its own):
 *                 +0  state word  long  pid (high 32) | epoch (bits 16..27) | state (low 8)
 *                 +8  started     long  the process's start time, epoch ms (0 = not known yet)
 * </pre>
 *
 * A registration moves a record FREE/EXITED/DEAD to CLAIMED with ONE CAS of its state word that
 * also installs the pid and the next epoch, writes the start time, then stores ALIVE with release.
 * The epoch, not the pid, names the registration: a record re-used by another domain changes its
 * epoch, so every token of the earlier registration reads as dead from then on.
 *
 * <p>Dead is certain, never guessed: ALIVE and CLAIMED records are dead only when their process is
 * gone or was replaced ({@link ProcessLiveness}); in-JVM domains share their JVM's pid, so they are
 * dead only when they {@link #exit} or are {@link #declareDead declared dead}. {@link #isDead}
 * allocates (it asks the OS about the process): call it from recovery sweeps, not hot paths.
 *
 * <p>Thread-safe: any domain may call any method at any time.
 */
public final class LivenessTable implements OwnerLiveness {

    /** Bytes of the table header. */
    public static final int HEADER_BYTES = 64;

    /** Bytes of one record: a cache line, so that registering never touches another domain's line. */
    public static final int RECORD_BYTES = 64;

    private static final long MAGIC = 0x4C56_0000_0000_0001L; // "LV", format 1
    private static final long OFF_CAPACITY = 8;
    private static final long OFF_STARTED = 8;

    /** The states of a record (low byte of its state word). */
    static final int FREE = 0;
    static final int CLAIMED = 1;
    static final int ALIVE = 2;
    static final int EXITED = 3;
    static final int DEAD = 4;

    private final WordMemory memory;
    private final long offset;
    private final int capacity;

    private LivenessTable(WordMemory memory, long offset, int capacity) {
        this.memory = memory;
        this.offset = offset;
        this.capacity = capacity;
    }

    /** Bytes a table of {@code capacity} records occupies (a multiple of 64). */
    public static long footprint(int capacity) {
        checkCapacity(capacity);
        return HEADER_BYTES + (long) RECORD_BYTES * capacity;
    }

    /** Zeroes {@code [offset, offset + footprint)} and writes an empty table there. */
    public static LivenessTable create(WordMemory memory, long offset, int capacity) {
        long bytes = footprint(capacity);
        memory.checkAligned(offset, bytes, 64);
        memory.zero(offset, bytes);
        memory.setInt(offset + OFF_CAPACITY, capacity);
        memory.setLongRelease(offset, MAGIC); // release: the zeroed records are visible to whoever sees the magic
        return new LivenessTable(memory, offset, capacity);
    }

    /**
     * Attaches to a table another domain created.
     *
     * @throws IllegalStateException if no table is there or its capacity differs, naming both values
     */
    public static LivenessTable attach(WordMemory memory, long offset, int capacity) {
        memory.checkAligned(offset, footprint(capacity), 64);
        long magic = memory.getLongAcquire(offset);
        if (magic != MAGIC) {
            throw new IllegalStateException(String.format(
                    "no liveness table at offset %d: magic %016x, expected %016x%s", offset, magic, MAGIC,
                    magic == 0 ? " (not created yet?)" : ""));
        }
        int found = memory.getInt(offset + OFF_CAPACITY);
        if (found != capacity) {
            throw new IllegalStateException("the liveness table at offset " + offset + " has " + found
                    + " records, this domain expects " + capacity);
        }
        return new LivenessTable(memory, offset, capacity);
    }

    private static void checkCapacity(int capacity) {
        if (capacity < 1 || capacity > OwnerToken.MAX_DOMAINS) {
            throw new IllegalArgumentException("liveness table capacity " + capacity + " is outside [1, "
                    + OwnerToken.MAX_DOMAINS + "]");
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Registers this JVM's process as a new domain; see {@link #register(long, long)}. */
    public int register() {
        return register(ProcessLiveness.currentPid(), ProcessLiveness.currentStartMillis());
    }

    /**
     * Registers a domain run by process {@code pid} (started at {@code startMillis}, 0 if unknown)
     * in a free, exited or dead record; if there is none, in a record whose process is gone.
     *
     * @return the new registration's {@link OwnerToken}
     * @throws IllegalStateException if every record belongs to a live domain
     */
    public int register(long pid, long startMillis) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid " + pid + " is outside [1, " + Integer.MAX_VALUE + "]");
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < capacity; i++) {
                long word = memory.getLongVolatile(stateWord(i));
                int state = state(word);
                boolean free = state == FREE || state == EXITED || state == DEAD;
                boolean reclaimable = pass == 1 && !free
                        && !ProcessLiveness.isAlive(pid(word), memory.getLongAcquire(startedWord(i)));
                if (!free && !reclaimable) {
                    continue;
                }
                int epoch = OwnerToken.nextEpoch(epoch(word));
                // CAS (volatile): the one step that makes this record ours; pid and epoch arrive with it.
                if (memory.compareAndSetLong(stateWord(i), word, pack(pid, epoch, CLAIMED))) {
                    memory.setLong(startedWord(i), startMillis);
                    // Release: the start time is visible to whoever reads ALIVE with acquire.
                    memory.setLongRelease(stateWord(i), pack(pid, epoch, ALIVE));
                    return OwnerToken.of(i, epoch);
                }
            }
        }
        throw new IllegalStateException("the liveness table at offset " + offset + " is full: all " + capacity
                + " records belong to live domains");
    }

    /** A clean exit: from now on {@code token} is dead and its record may be re-used. */
    public void exit(int token) {
        moveTo(token, EXITED);
    }

    /**
     * Declares the domain of {@code token} dead (a supervisor killed it, or a test stands in for a
     * kill): the recoverer may take back what it holds. Idempotent; a stale token changes nothing.
     */
    public void declareDead(int token) {
        moveTo(token, DEAD);
    }

    private void moveTo(int token, int target) {
        checkToken(token);
        long at = stateWord(OwnerToken.index(token));
        while (true) {
            long word = memory.getLongVolatile(at);
            int state = state(word);
            if (epoch(word) != OwnerToken.epoch(token) || state == EXITED || state == DEAD) {
                return; // already gone, or the record belongs to a later registration
            }
            // CAS (volatile): an exit racing a declareDead or a re-registration is decided once.
            if (memory.compareAndSetLong(at, word, pack(pid(word), epoch(word), target))) {
                return;
            }
        }
    }

    /**
     * {@inheritDoc} A token that names no record of this table (malformed, or read from a word a
     * hostile domain scribbled) is never dead: nobody can be shown to have held it, so nothing it
     * stamps is taken back.
     */
    @Override
    public boolean isDead(int token) {
        if (!OwnerToken.isValid(token) || OwnerToken.index(token) >= capacity) {
            return false;
        }
        int index = OwnerToken.index(token);
        // Acquire: pairs with the release of ALIVE, so the start time read next is the registrant's.
        long word = memory.getLongAcquire(stateWord(index));
        if (epoch(word) != OwnerToken.epoch(token)) {
            return true; // the record was re-registered since: that registration ended
        }
        return switch (state(word)) {
            case CLAIMED, ALIVE -> !ProcessLiveness.isAlive(pid(word), memory.getLongAcquire(startedWord(index)));
            default -> true;
        };
    }

    /** The pid recorded for {@code token}'s registration, or -1 if the record moved on. */
    public long pidOf(int token) {
        checkToken(token);
        long word = memory.getLongAcquire(stateWord(OwnerToken.index(token)));
        return epoch(word) == OwnerToken.epoch(token) ? pid(word) : -1;
    }

    /** Records whose domain is registered and not known to be gone (asks the OS; for reports). */
    public int liveDomains() {
        int live = 0;
        for (int i = 0; i < capacity; i++) {
            long word = memory.getLongAcquire(stateWord(i));
            if ((state(word) == ALIVE || state(word) == CLAIMED) && !isDead(OwnerToken.of(i, epoch(word)))) {
                live++;
            }
        }
        return live;
    }

    private void checkToken(int token) {
        if (!OwnerToken.isValid(token) || OwnerToken.index(token) >= capacity) {
            throw new IllegalArgumentException("owner token " + Integer.toHexString(token) + " names no record of the "
                    + capacity + "-record liveness table at offset " + offset);
        }
    }

    private long stateWord(int index) {
        return offset + HEADER_BYTES + (long) index * RECORD_BYTES;
    }

    private long startedWord(int index) {
        return stateWord(index) + OFF_STARTED;
    }

    private static long pack(long pid, int epoch, int state) {
        return pid << 32 | (long) epoch << 16 | state;
    }

    private static long pid(long word) {
        return word >>> 32;
    }

    private static int epoch(long word) {
        return (int) (word >>> 16) & OwnerToken.MAX_EPOCH;
    }

    private static int state(long word) {
        return (int) word & 0xFF;
    }

    @Override
    public String toString() {
        return "liveness table at offset " + offset + " (" + capacity + " records)";
    }
}
