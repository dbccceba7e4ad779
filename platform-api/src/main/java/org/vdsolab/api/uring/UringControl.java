package org.vdsolab.api.uring;

import org.vdsolab.api.memory.WordMemory;

import java.lang.invoke.VarHandle;

/**
 * The io_uring control words in the vvar and the poller counters, as every domain sees them.
 *
 * <pre>
 *   control +0    flags     long  NEED_WAKEUP | CQ_OVERFLOW; written by pollers (CAS), read by submitters
 *   control +128  wakeSeq   long  the futex-like word: submitters add 1 to wake, pollers park watching it
 *   control +256  backlog   long  CQEs held in the pollers' private overflow lists right now
 *   control +384  kernel generation  long  1 for the first kernel, +1 (CAS) by every reattached kernel
 *   control +392  kernel token       long  the running kernel's {@link org.vdsolab.api.liveness.OwnerToken}
 *   stats + 128·p           poller p's counters (see {@link Counter}); one writer per line
 * </pre>
 * The three words are written by different parties (submitters bump wakeSeq on every wake,
 * pollers flip flags and backlog), so they sit 128 bytes apart: 64 separates cache lines, 128 also
 * keeps them out of the adjacent-line prefetch pair.
 *
 * <p><b>Wake protocol</b> (Linux's SQPOLL {@code IORING_SQ_NEED_WAKEUP}): a poller idle for its
 * timeout sets NEED_WAKEUP (CAS, a full barrier), re-checks the SQ (so a push that raced with the
 * flag is not missed), then parks in bounded {@code parkNanos} slices, returning as soon as
 * {@code wakeSeq} moves or the SQ is non-empty, and clears the flag. A submitter pushes, issues a
 * full fence (its push's release store must not pass the flag load: the StoreLoad pair of Linux's
 * {@code smp_mb()}), reads the flags and, if NEED_WAKEUP is set, increments {@code wakeSeq}. Works
 * across processes because both sides only touch shared words; the park slice bounds the delay
 * even if a wake is missed.
 *
 * <p>Thread-safety: all methods may be called from any thread of any domain; each access's
 * ordering is stated where it is made.
 */
public final class UringControl {

    /** Bytes of the control area. */
    public static final int BYTES = 512;
    /** Linux's {@code IORING_SQ_NEED_WAKEUP}: every poller may be parked; submitters must wake. */
    public static final long NEED_WAKEUP = 1;
    /** Linux's {@code IORING_SQ_CQ_OVERFLOW}: completions wait in kernel memory for CQ room. */
    public static final long CQ_OVERFLOW = 2;

    private static final long OFF_FLAGS = 0;
    private static final long OFF_WAKE = 128;
    private static final long OFF_BACKLOG = 256;
    // Generation and kernel token share a line: only a (re)starting kernel writes them, once.
    private static final long OFF_GENERATION = 384;
    private static final long OFF_KERNEL_TOKEN = 392;

    /** The per-poller counters, in stats-line order. */
    public enum Counter {
        /** SQEs popped from the SQ. */
        SQES,
        /** SQEs refused by validation (answered with a negative errno). */
        INVALID,
        /** Chain members answered with -ECANCELED. */
        CANCELLED,
        /** CQEs pushed into a CQ. */
        CQES,
        /** Successful completions not posted because of CQE_SKIP_SUCCESS. */
        SKIPPED,
        /** CQEs that went through the private overflow list because their CQ was full. */
        OVERFLOWED,
        /** SQEs whose personality names no domain: nobody to answer; dropped and counted. */
        UNROUTABLE,
        /** Times the poller parked with NEED_WAKEUP set. */
        SLEEPS,
        /** Device models that threw (answered with -EIO). */
        DEVICE_ERRORS,
        /**
         * SQEs whose credential ({@code SqeLayout.PAD}) is not that of the domain their personality
         * names ({@link UringCredentials}): forged or scribbled; answered to nobody, dropped.
         */
        FORGED,
        /**
         * Faults the poller caught and survived: an SQE whose serving threw (a RuntimeException, or
         * the InternalError of an access to a truncated mapping), a queue operation that threw, or a
         * queue that returned an impossible count.
         */
        POLLER_FAULTS,
        /** SQEs answered at once with -EAGAIN because their domain had its quota in flight ({@link DomainQuota}). */
        QUOTA_REJECTED
    }
    // A poller's stats line (UringLayout.STATS_STRIDE = 128 bytes) holds 16 counters: the enum must not outgrow it.

    private final WordMemory memory;
    private final long control;
    private final long stats;
    private final int pollers;

    public UringControl(WordMemory memory, UringLayout layout) {
        this.memory = memory;
        this.control = layout.control();
        this.stats = layout.stats();
        this.pollers = layout.spec().pollers();
        memory.checkAligned(control, BYTES, 128);
        memory.checkAligned(stats, (long) UringLayout.STATS_STRIDE * pollers, 128);
    }

    /** The flags word (acquire: a reader that sees CQ_OVERFLOW clear also sees the CQEs pushed before). */
    public long flags() {
        return memory.getLongAcquire(control + OFF_FLAGS);
    }

    public boolean needWakeup() { return (flags() & NEED_WAKEUP) != 0; }

    public boolean cqOverflow() { return (flags() & CQ_OVERFLOW) != 0; }

    /** Sets {@code bits} in the flags word (CAS loop: several pollers flip bits concurrently). */
    public void setFlags(long bits) {
        long f;
        do {
            f = memory.getLongVolatile(control + OFF_FLAGS);
            if ((f & bits) == bits) {
                return;
            }
        } while (!memory.compareAndSetLong(control + OFF_FLAGS, f, f | bits));
    }

    /** Clears {@code bits} in the flags word (CAS loop). */
    public void clearFlags(long bits) {
        long f;
        do {
            f = memory.getLongVolatile(control + OFF_FLAGS);
            if ((f & bits) == 0) {
                return;
            }
        } while (!memory.compareAndSetLong(control + OFF_FLAGS, f, f & ~bits));
    }

    /**
     * The submitter's half of the wake protocol, called after every push: full fence, read the
     * flags, bump {@code wakeSeq} if a poller may be parked.
     *
     * @return true if a wake was issued
     */
    public boolean wakeIfNeeded() {
        VarHandle.fullFence(); // StoreLoad: our push's publishing store must be visible before we read the flag
        if ((memory.getLongVolatile(control + OFF_FLAGS) & NEED_WAKEUP) != 0) {
            memory.getAndAddLong(control + OFF_WAKE, 1); // atomic: several submitters may wake at once
            return true;
        }
        return false;
    }

    /** The wake sequence (acquire: pairs with the submitters' atomic increment). */
    public long wakeSequence() {
        return memory.getLongAcquire(control + OFF_WAKE);
    }

    /**
     * The kernel generation: 0 before any kernel started, 1 for the kernel that created the ring,
     * +1 for each kernel that reattached after a death (acquire: pairs with the CAS that bumped it).
     */
    public long kernelGeneration() {
        return memory.getLongAcquire(control + OFF_GENERATION);
    }

    /**
     * Moves the generation from {@code expected} to {@code expected + 1} (CAS: two kernels racing to
     * take over the same ring cannot both win).
     *
     * @return the new generation
     * @throws IllegalStateException if the generation is no longer {@code expected}
     */
    public long advanceKernelGeneration(long expected) {
        if (!memory.compareAndSetLong(control + OFF_GENERATION, expected, expected + 1)) {
            throw new IllegalStateException("uring kernel generation moved from " + expected + " to "
                    + kernelGeneration() + " meanwhile: another kernel is taking over this ring");
        }
        return expected + 1;
    }

    /** The running kernel's liveness token, 0 before any kernel registered (acquire). */
    public int kernelToken() {
        return (int) memory.getLongAcquire(control + OFF_KERNEL_TOKEN);
    }

    /** Records the running kernel's liveness token (release: after its registration is visible). */
    public void kernelToken(int token) {
        memory.setLongRelease(control + OFF_KERNEL_TOKEN, token);
    }

    /** CQEs currently held in overflow lists. */
    public long backlog() {
        return memory.getLongAcquire(control + OFF_BACKLOG);
    }

    /**
     * Adds {@code delta} to the backlog and keeps CQ_OVERFLOW equal to "backlog > 0": an adder sets
     * the flag after adding; a subtracter that reaches 0 clears it and then re-checks, re-setting it
     * if another poller added meanwhile (so the flag is never left clear over a non-empty backlog).
     */
    public void addBacklog(long delta) {
        long after = memory.getAndAddLong(control + OFF_BACKLOG, delta) + delta; // atomic: every poller adds
        if (delta > 0) {
            setFlags(CQ_OVERFLOW);
        } else if (after == 0) {
            clearFlags(CQ_OVERFLOW);
            if (memory.getLongVolatile(control + OFF_BACKLOG) > 0) {
                setFlags(CQ_OVERFLOW);
            }
        }
    }

    /** Publishes poller {@code p}'s counter (release: single writer; readers may sum at any time). */
    public void publish(int poller, Counter c, long value) {
        memory.setLongRelease(stats + (long) poller * UringLayout.STATS_STRIDE + 8L * c.ordinal(), value);
    }

    /** Poller {@code p}'s last published value of {@code c} (acquire). */
    public long counter(int poller, Counter c) {
        return memory.getLongAcquire(stats + (long) poller * UringLayout.STATS_STRIDE + 8L * c.ordinal());
    }

    /** {@code c} summed over every poller. */
    public long total(Counter c) {
        long sum = 0;
        for (int p = 0; p < pollers; p++) {
            sum += counter(p, c);
        }
        return sum;
    }
}
