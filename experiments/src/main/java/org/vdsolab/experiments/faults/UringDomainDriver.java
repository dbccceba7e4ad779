package org.vdsolab.experiments.faults;

import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;
import org.vdsolab.api.uring.SqBuffer;
import org.vdsolab.api.uring.UringOp;
import org.vdsolab.api.uring.UringUser;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.Pacer;

import java.util.function.BooleanSupplier;

/**
 * One well-behaved (or merely greedy) user domain of the uring fault workloads: submits 4 KiB
 * reads of a device and reaps its completions, closed loop with {@code depth} requests in flight,
 * or open loop at a rate (latency then counts from each request's scheduled time, so a stall shows
 * in every request behind it). Each request's user_data names its domain, its sequence number and
 * its in-flight slot, so the driver counts a completion it never submitted ({@code misrouted}), a
 * second copy ({@code duplicated}) and, at the end, the ones that never came ({@link #lost()}).
 * Negative results are counted ({@code errors}, of which {@code eagain}); the request is answered
 * all the same and not retried.
 *
 * <p>Bounded: it stops when all of its {@code records} are answered, when {@code stop} says so
 * (a flooder with {@code records} = -1 runs until then), or when nothing has been answered for
 * {@code idleTimeoutNanos} while it waits for completions (what is unanswered then is lost).
 * Allocates nothing per request. Not thread-safe: one thread drives it.
 */
final class UringDomainDriver implements DomainProgress {

    static final long BLOCK = 4096;
    private static final int DOMAIN_SHIFT = 48;
    private static final int SEQ_SHIFT = 16;
    private static final long SEQ_MASK = (1L << (DOMAIN_SHIFT - SEQ_SHIFT)) - 1;

    private final UringUser user;
    private final int self;
    private final int fd;
    private final long records;
    private final int depth;
    private final double rate;
    private final long deviceBlocks;
    private final long bufferBlocks;
    private final long idleTimeoutNanos;
    private final LatencyRecorder latency;
    private final long[] seen;
    private final long[] sentAt;
    private final int[] freeSlots;
    private final Cqe cqe = new Cqe();
    private long submitted;
    private long distinct;
    private long duplicated;
    private long misrouted;
    private long errors;
    private long eagain;
    private long firstNanos;
    private long lastNanos;
    private boolean timedOut;
    private volatile long progressNanos;
    private volatile boolean finished;

    /**
     * @param records          requests to submit, or -1 to run until stopped
     * @param depth            most requests in flight (slots), 1..65535
     * @param rate             open-loop requests per second, or 0 for closed loop
     * @param deviceBytes      bytes of the device the reads are spread over
     * @param idleTimeoutNanos give up after this long without a completion while some are due
     * @param latency          where latency samples go, or null
     */
    UringDomainDriver(UringUser user, int fd, long records, int depth, double rate, long deviceBytes, long idleTimeoutNanos,
                      LatencyRecorder latency) {
        if (depth < 1 || depth > 0xFFFF) {
            throw new IllegalArgumentException("uring domain depth must be in [1, 65535], got " + depth);
        }
        this.user = user;
        this.self = user.domain();
        this.fd = fd;
        this.records = records;
        this.depth = depth;
        this.rate = rate;
        this.deviceBlocks = Math.max(1, deviceBytes / BLOCK);
        this.bufferBlocks = Math.max(1, user.buffers().byteSize() / BLOCK);
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.latency = latency;
        this.seen = records < 0 ? null : new long[(int) ((records + 63) / 64)];
        this.sentAt = new long[depth];
        this.freeSlots = new int[depth];
        this.progressNanos = System.nanoTime(); // the watchdog's clock starts at construction, not at 0
    }

    /** The user_data of request {@code seq} of domain {@code domain} in slot {@code slot}: domain (16 bits) | seq (32) | slot (16). */
    static long userData(int domain, long seq, int slot) {
        return ((long) domain << DOMAIN_SHIFT) | (seq << SEQ_SHIFT) | slot;
    }

    /** The domain a {@link #userData} names. */
    static int domainOf(long userData) {
        return (int) (userData >>> DOMAIN_SHIFT);
    }

    /** The request sequence number a {@link #userData} names. */
    static long seqOf(long userData) {
        return (userData >>> SEQ_SHIFT) & SEQ_MASK;
    }

    /** The in-flight slot a {@link #userData} names. */
    static int slotOf(long userData) {
        return (int) (userData & 0xFFFF);
    }

    /** Runs until done, stopped or timed out (see the class comment). */
    void run(long start, BooleanSupplier stop) {
        progressNanos = Math.max(start, System.nanoTime());
        try {
            drive(start, stop);
        } finally {
            finished = true;
        }
    }

    private void drive(long start, BooleanSupplier stop) {
        for (int i = 0; i < depth; i++) {
            freeSlots[i] = i;
        }
        int free = depth;
        firstNanos = start;
        lastNanos = start;
        SqBuffer sb = user.newSqBuffer(depth);
        Pacer pacer = rate > 0 ? Pacer.constant(rate, start) : null;
        long lastProgress = System.nanoTime();
        int idle = 0;
        while (records < 0 || distinct < records) {
            long now = System.nanoTime();
            while (free > 0 && (records < 0 || submitted < records) && sb.staged() < sb.capacity()
                    && (pacer == null || pacer.scheduledTime(submitted) - now <= 0)) {
                int slot = freeSlots[--free];
                SqeView v = sb.getSqe();
                v.opcode(UringOp.READ).fd(fd).off(((submitted * 7919) % deviceBlocks) * BLOCK)
                        .addr((slot % bufferBlocks) * BLOCK).len((int) BLOCK).userData(userData(self, submitted, slot));
                sentAt[slot] = pacer != null ? pacer.scheduledTime(submitted) : now;
                submitted++;
            }
            sb.submit();
            boolean any = false;
            while (user.poll(cqe)) {
                any = true;
                long t = System.nanoTime();
                int slot = accept(t);
                if (slot >= 0) {
                    freeSlots[free++] = slot;
                    lastNanos = t;
                }
            }
            if (any) {
                lastProgress = System.nanoTime();
                progressNanos = lastProgress; // volatile: the parent's watchdog reads it
                idle = 0;
            } else {
                if (stop.getAsBoolean()) {
                    return;
                }
                if (free < depth || sb.staged() > 0) {
                    if (System.nanoTime() - lastProgress > idleTimeoutNanos) {
                        timedOut = true;
                        return;
                    }
                } else {
                    lastProgress = System.nanoTime(); // nothing due: an open loop waiting for its schedule
                }
                if (++idle > 64) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Counts one reaped completion; returns its slot if it was a first copy of our own request, else -1. */
    private int accept(long now) {
        long ud = cqe.userData;
        int owner = domainOf(ud);
        long seq = seqOf(ud);
        int slot = slotOf(ud);
        if (owner != self || seq >= submitted || slot >= depth) {
            misrouted++;
            return -1;
        }
        if (seen != null) {
            int word = (int) (seq >>> 6);
            long bit = 1L << seq;
            if ((seen[word] & bit) != 0) {
                duplicated++;
                return -1;
            }
            seen[word] |= bit;
        }
        distinct++;
        if (cqe.res < 0) {
            errors++;
            if (cqe.res == -Errno.EAGAIN) {
                eagain++;
            }
        }
        if (latency != null) {
            latency.record(Math.max(0, now - sentAt[slot]));
        }
        return slot;
    }

    long submitted() { return submitted; }

    /** First copies of own requests answered (successfully or with an error). */
    long distinct() { return distinct; }

    /** Own requests submitted and never answered. */
    long lost() { return submitted - distinct; }

    long duplicated() { return duplicated; }

    long misrouted() { return misrouted; }

    long errors() { return errors; }

    long eagain() { return eagain; }

    boolean timedOut() { return timedOut; }

    /** Answered requests per second from the start to the last own completion. */
    double opsPerSecond() {
        long span = Math.max(1, lastNanos - firstNanos);
        return distinct * 1e9 / span;
    }

    long lastNanos() { return lastNanos; }

    /** When a completion last arrived (any thread; for a watchdog). */
    @Override public long progressNanos() { return progressNanos; }

    /** True once {@link #run} has returned (any thread). */
    @Override public boolean finished() { return finished; }
}
