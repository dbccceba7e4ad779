package org.vdsolab.experiments.faults;

import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.InFlightRequests;
import org.vdsolab.api.uring.SqBuffer;
import org.vdsolab.api.uring.UringOp;
import org.vdsolab.api.uring.UringUser;
import org.vdsolab.api.workload.LatencyRecorder;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A user domain of fault-kill-kernel that survives kernel deaths: it keeps {@code depth} 4 KiB
 * reads of the null device in flight, tracks every request in {@link InFlightRequests} with the
 * kernel generation it was submitted under, delivers a CQE only if its request is still pending,
 * and fails (once, counted in {@code errors_returned}) every request a dead kernel may have taken
 * with it: submitted under an earlier generation and unanswered for {@code failAfterNanos}. A
 * request is therefore completed, failed, or (only if the domain gives up after
 * {@code idleTimeoutNanos} without any answer) lost. user_data = domain | seq | slot as in
 * {@link UringDomainDriver}. Allocates nothing per request after construction (the failure
 * callback is created once). Not thread-safe: one thread drives it.
 */
final class RestartTolerantDomain implements DomainProgress {

    private final UringUser user;
    private final int self;
    private final long records;
    private final int depth;
    private final long failAfterNanos;
    private final long idleTimeoutNanos;
    private final LatencyRecorder latency;
    private final InFlightRequests inFlight;
    private final long[] delivered;
    private final long[] sentAt;
    private final int[] freeSlots;
    private final Cqe cqe = new Cqe();
    private final LongConsumer onFailed = this::failed;
    private int free;
    private long submitted;
    private long completed;
    private long failedCount;
    private long duplicated;
    private long misrouted;
    private long dropped;
    private long lastNanos;
    private volatile long progressNanos = System.nanoTime();
    private volatile boolean finished;

    RestartTolerantDomain(UringUser user, long records, int depth, long failAfterNanos, long idleTimeoutNanos,
                          LatencyRecorder latency) {
        this.user = user;
        this.self = user.domain();
        this.records = records;
        this.depth = depth;
        this.failAfterNanos = failAfterNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.latency = latency;
        this.inFlight = new InFlightRequests(depth * 64); // pending ones plus remembered failures (their late CQEs)
        this.delivered = new long[(int) ((records + 63) / 64)];
        this.sentAt = new long[depth];
        this.freeSlots = new int[depth];
    }

    void run(long start, BooleanSupplier stop) {
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
        free = depth;
        lastNanos = start;
        progressNanos = Math.max(start, System.nanoTime());
        long blocks = UringFaultRing.DEVICE_BYTES / UringDomainDriver.BLOCK;
        long bufferBlocks = Math.max(1, user.buffers().byteSize() / UringDomainDriver.BLOCK);
        SqBuffer sb = user.newSqBuffer(depth);
        long lastAnswer = System.nanoTime();
        int idle = 0;
        while (completed + failedCount < records) {
            long now = System.nanoTime();
            long generation = user.kernelGeneration();
            while (free > 0 && submitted < records && sb.staged() < sb.capacity()) {
                int slot = freeSlots[--free];
                long ud = UringDomainDriver.userData(self, submitted, slot);
                SqeView v = sb.getSqe();
                v.opcode(UringOp.READ).fd(0).off(((submitted * 7919) % blocks) * UringDomainDriver.BLOCK)
                        .addr((slot % bufferBlocks) * UringDomainDriver.BLOCK).len((int) UringDomainDriver.BLOCK).userData(ud);
                sentAt[slot] = now;
                if (!inFlight.track(ud, now, generation)) {
                    sb.unget();
                    freeSlots[free++] = slot;
                    break;
                }
                submitted++;
            }
            sb.submit();
            boolean any = false;
            while (user.poll(cqe)) {
                any = true;
                accept(System.nanoTime());
            }
            if (inFlight.expire(System.nanoTime(), failAfterNanos, user.kernelGeneration(), onFailed) > 0) {
                any = true;
            }
            if (any) {
                lastAnswer = System.nanoTime();
                progressNanos = lastAnswer;
                idle = 0;
            } else {
                if (stop.getAsBoolean() || System.nanoTime() - lastAnswer > idleTimeoutNanos) {
                    return;
                }
                if (++idle > 64) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private void accept(long now) {
        long ud = cqe.userData;
        int owner = UringDomainDriver.domainOf(ud);
        long seq = UringDomainDriver.seqOf(ud);
        int slot = UringDomainDriver.slotOf(ud);
        if (owner != self || seq >= submitted || slot >= depth) {
            misrouted++;
            return;
        }
        int word = (int) (seq >>> 6);
        long bit = 1L << seq;
        if (!inFlight.complete(ud)) {
            if ((delivered[word] & bit) != 0) {
                duplicated++; // a second CQE for a request already answered: the kernel duplicated it
            } else {
                dropped++; // a late answer to a request already failed: never delivered after its error
            }
            return;
        }
        delivered[word] |= bit;
        completed++;
        lastNanos = now;
        freeSlots[free++] = slot;
        if (latency != null) {
            latency.record(Math.max(0, now - sentAt[slot]));
        }
    }

    private void failed(long ud) {
        failedCount++;
        freeSlots[free++] = UringDomainDriver.slotOf(ud); // the slot is free again: its late CQE, if any, is dropped
    }

    long submitted() { return submitted; }

    long completed() { return completed; }

    long failedCount() { return failedCount; }

    /** Submitted, neither completed nor failed. */
    long lost() { return submitted - completed - failedCount; }

    long duplicated() { return duplicated; }

    long misrouted() { return misrouted; }

    long droppedLate() { return dropped; }

    long lastNanos() { return lastNanos; }

    @Override public long progressNanos() { return progressNanos; }

    @Override public boolean finished() { return finished; }
}
