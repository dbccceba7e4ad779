package org.vdsolab.experiments.uring;

import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.SqBuffer;
import org.vdsolab.api.uring.UringOp;
import org.vdsolab.api.uring.UringUser;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.Pacer;

/**
 * One user domain of uring-routing (a thread, or the whole of a child JVM): keeps up to
 * {@code depth} 4 KiB reads in flight (closed loop: always {@code depth}; open loop: those whose
 * scheduled time has come), staged privately and submitted in batches ({@link SqBuffer}), and reaps
 * through its {@link org.vdsolab.api.uring.CompletionRouter} until all of its own completions are
 * in (with a deadline, {@code run.duration_s}: it sends nothing due after it, and what it had
 * sent becomes its target). Each request's user_data names its domain, its sequence number and its
 * in-flight slot, so the domain can tell a completion of another domain ({@code misrouted}), a
 * second copy ({@code duplicated}) and, at the end, a missing one ({@code lost} = target -
 * distinct). Once done
 * it keeps reaping, and so handing on other domains' CQEs, until every domain is done, then
 * flushes what it still holds for others. Writes its counters into its {@link RoutingControl}
 * line. Allocates nothing per request. Not thread-safe: one per thread.
 */
final class RoutingDomain implements Runnable {

    private static final int DOMAIN_SHIFT = 48;
    private static final int SEQ_SHIFT = 16;
    private static final long SEQ_MASK = (1L << (DOMAIN_SHIFT - SEQ_SHIFT)) - 1;
    private static final long FLUSH_NANOS = 10_000_000_000L;

    private final RoutingParams params;
    private final RoutingControl control;
    private final UringUser user;
    private final int fd;
    private final int self;
    private final int share;
    private final LatencyRecorder latency;
    private final long[] seen;
    private final long[] sentAt;
    private final int[] freeSlots;
    private final Cqe cqe = new Cqe();
    private long received;
    private long distinct;
    private long duplicated;
    private long misrouted;
    private long errors;
    private long target;

    /** @param fd the device's fd in the ring's device table */
    RoutingDomain(RoutingParams params, RoutingControl control, UringUser user, int fd, LatencyRecorder latency) {
        this.params = params;
        this.control = control;
        this.user = user;
        this.fd = fd;
        this.self = user.domain();
        this.share = params.recordsFor(self);
        this.latency = latency;
        this.seen = new long[(share + 63) / 64];
        this.sentAt = new long[params.depth()];
        this.freeSlots = new int[params.depth()];
    }

    @Override
    public void run() {
        try {
            control.ready(self);
            long start = control.awaitStart();
            target = share;
            if (start != 0) {
                long finished = reapOwn(start);
                control.set(self, RoutingControl.FINISHED, finished);
                control.domainFinished();
                serveOthers();
            }
            control.set(self, RoutingControl.RECEIVED, received);
            control.set(self, RoutingControl.DISTINCT, distinct);
            control.set(self, RoutingControl.DUPLICATED, duplicated);
            control.set(self, RoutingControl.MISROUTED, misrouted);
            control.set(self, RoutingControl.ERRORS, errors);
            control.set(self, RoutingControl.HANDED_OFF, user.router().handedOn());
            control.set(self, RoutingControl.TARGET, target);
        } catch (RuntimeException | Error e) {
            control.set(self, RoutingControl.FAILED, 1);
            throw e;
        } finally {
            control.done(self);
        }
    }

    /**
     * Submits and reaps until every own completion is in (or the run is aborted); returns the time
     * of the last. Closed loop: a request goes out as soon as a slot is free. Open loop: request i
     * goes out once its scheduled time has come and a slot is free, and its latency counts from the
     * scheduled time, so a request that waited for a slot (the ring saturated) shows that wait.
     */
    private long reapOwn(long start) {
        int depth = params.depth();
        for (int i = 0; i < depth; i++) {
            freeSlots[i] = i;
        }
        int free = depth;
        long blocks = RoutingParams.DEVICE_BYTES / UringDevices.BLOCK;
        SqBuffer sb = user.newSqBuffer(depth);
        Pacer pacer = params.load().open() ? params.load().pacer(params.domains(), params.seed() * 31 + self, start) : null;
        long deadline = control.deadlineNanos();
        long submitted = 0;
        long last = start;
        int idle = 0;
        while (distinct < target) {
            long now = System.nanoTime();
            while (free > 0 && submitted < target) {
                long due = pacer == null ? now : pacer.scheduledTime(submitted);
                if (deadline != 0 && due - deadline > 0) {
                    // run.duration_s: nothing due after the deadline is sent (in open loop, what was
                    // due before it still goes out, late); reap what is in flight
                    target = submitted;
                    break;
                }
                if (due - now > 0) {
                    break; // open loop: not due yet
                }
                int slot = freeSlots[--free];
                SqeView v = sb.getSqe();
                v.opcode(UringOp.READ).fd(fd).off(((submitted * 7919) % blocks) * UringDevices.BLOCK)
                        .addr(slot * UringDevices.BLOCK).len((int) UringDevices.BLOCK)
                        .userData(((long) self << DOMAIN_SHIFT) | (submitted << SEQ_SHIFT) | slot);
                sentAt[slot] = pacer == null ? System.nanoTime() : due;
                submitted++;
            }
            sb.submit();
            boolean any = false;
            while (user.poll(cqe)) {
                any = true;
                long reaped = System.nanoTime();
                if (accept(reaped)) {
                    freeSlots[free++] = (int) (cqe.userData & 0xFFFF);
                    last = reaped;
                }
            }
            if (!any) {
                if ((++idle & 1023) == 0 && control.aborted()) {
                    return last;
                }
                if (pacer != null && free == depth && submitted < target) {
                    Pacer.awaitUntil(pacer.scheduledTime(submitted)); // nothing in flight: sleep until the next send
                } else {
                    Thread.yield();
                }
            } else {
                idle = 0;
            }
        }
        return last;
    }

    /** Counts one reaped completion; true if it was a first copy of this domain's own request. */
    private boolean accept(long now) {
        received++;
        long ud = cqe.userData;
        int owner = (int) (ud >>> DOMAIN_SHIFT);
        long seq = (ud >>> SEQ_SHIFT) & SEQ_MASK;
        int slot = (int) (ud & 0xFFFF);
        if (owner != self || seq >= share || slot >= sentAt.length) {
            misrouted++;
            return false;
        }
        int word = (int) (seq >>> 6);
        long bit = 1L << seq;
        if ((seen[word] & bit) != 0) {
            duplicated++;
            return false;
        }
        seen[word] |= bit;
        distinct++;
        if (cqe.res < 0) {
            errors++;
        }
        if (latency != null) {
            latency.record(now - sentAt[slot]);
        }
        return true;
    }

    /** Keeps reaping (handing on foreign CQEs) until every domain has all its own, then flushes. */
    private void serveOthers() {
        while (control.domainsFinished() < params.domains() && !control.aborted()) {
            while (user.poll(cqe)) {
                accept(System.nanoTime()); // anything reaped now is a duplicate or misrouted: counted as such
            }
            Thread.yield();
        }
        if (!user.router().flushHandOffs(FLUSH_NANOS)) {
            throw new IllegalStateException("uring-routing domain " + self + " could not hand on "
                    + user.router().pendingHandOffs() + " completions within " + FLUSH_NANOS / 1_000_000_000 + " s");
        }
    }
}
