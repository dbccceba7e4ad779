package org.vdsolab.api.uring;

import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.CqeLayout;
import org.vdsolab.api.record.CqeView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * How one user domain reaps its completions under any {@link RoutingPolicy}: it pops its own
 * hand-off queue first (CQEs other domains popped for it), then its CQ; a CQE whose owner
 * ({@link CqeFlags#owner}) is another domain is pushed into that domain's hand-off queue, or,
 * when that queue is full, kept in a private list and retried on every later call. So a CQE is
 * delivered to its owner exactly once: it leaves the CQ once (the queue's exactly-once pop), is
 * handed on at most once, and is handed out by {@link #poll} only to its owner.
 *
 * <p>Foreign CQEs never wait in this domain's popped batch: every one is handed on as soon as the
 * batch is popped, so a domain that stops reaping after its last own completion strands nothing
 * there. Only CQEs whose owner's hand-off queue was full wait, in the private list: call
 * {@link #flushHandOffs} before leaving ({@link UringUser#close()} does). Under PER_DOMAIN routing
 * nothing is ever handed on.
 *
 * <p>Allocation-free after construction. Not thread-safe: one router per reaping thread.
 */
public final class CompletionRouter {

    private final int self;
    private final int domains;
    private final Cq cq;
    private final Cq handOffIn;
    private final QueueProducer[] handOffOut;
    private final CompletionBacklog pending = new CompletionBacklog(64);
    private final MemorySegment one = Arena.ofAuto().allocate(CqeLayout.BYTES, 64);
    private final Cqe scratchCqe = new Cqe();
    private final int batch;
    /** Per entry of the current batch: already handed on to its owner when the batch was popped. */
    private final boolean[] handed;
    private Cq current;
    private int index;
    private int count;
    private long handedOn;
    private long corrupt;

    /**
     * @param cq        this domain's CQ (shared with the other domains routed to it)
     * @param handOffs  every domain's hand-off queue, or null when the routing needs none
     * @param consumerId this domain's consumer id on its CQ
     */
    public CompletionRouter(UringSpec spec, int self, SharedQueue cq, int consumerId, SharedQueue[] handOffs, int batch) {
        this.self = self;
        this.domains = spec.domains();
        this.batch = batch;
        this.handed = new boolean[batch];
        this.cq = Cq.consumer(cq, consumerId, batch);
        if (handOffs != null) {
            this.handOffIn = Cq.consumer(handOffs[self], 0, batch);
            this.handOffOut = new QueueProducer[domains];
            for (int d = 0; d < domains; d++) {
                if (d != self && spec.cqOf(d) == spec.cqOf(self)) {
                    handOffOut[d] = handOffs[d].producer(self);
                }
            }
        } else {
            this.handOffIn = null;
            this.handOffOut = null;
        }
    }

    /**
     * Takes this domain's next completion into {@code out}, handing on any foreign CQE met on the
     * way.
     *
     * @return false if none of this domain's completions is available right now
     */
    public boolean poll(Cqe out) {
        while (true) {
            while (index < count) {
                int i = index++;
                if (handed[i]) {
                    continue;
                }
                current.cqe(i).copyTo(out);
                return true;
            }
            retryHandOffs();
            if (handOffIn != null) {
                count = handOffIn.popMultiple(batch);
                if (count > 0) {
                    takeBatch(handOffIn);
                    continue;
                }
            }
            count = cq.popMultiple(batch);
            if (count == 0) {
                index = 0;
                return false;
            }
            takeBatch(cq);
        }
    }

    /** Makes {@code from}'s freshly popped batch current and hands on every foreign CQE in it at once. */
    private void takeBatch(Cq from) {
        current = from;
        index = 0;
        for (int i = 0; i < count; i++) {
            CqeView v = from.cqe(i);
            int owner = CqeFlags.owner(v.flags());
            handed[i] = owner != self;
            if (handed[i]) {
                handOn(owner, v.userData(), v.res(), v.flags());
            }
        }
    }

    /** CQEs popped for other domains and not yet handed on (their hand-off queue was full). */
    public int pendingHandOffs() { return pending.size(); }

    /** CQEs this domain has handed on to their owners so far. */
    public long handedOn() { return handedOn; }

    /** CQEs whose owner named no domain (only a tearing queue design produces them); dropped and counted. */
    public long corrupt() { return corrupt; }

    /**
     * Retries pending hand-offs until none is left or {@code timeoutNanos} passes.
     *
     * @return true if nothing is left pending
     */
    public boolean flushHandOffs(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!pending.isEmpty() && System.nanoTime() - deadline < 0) {
            retryHandOffs();
            if (!pending.isEmpty()) {
                Thread.yield();
            }
        }
        return pending.isEmpty();
    }

    private void handOn(int owner, long userData, int res, int flags) {
        if (owner >= domains || handOffOut == null || handOffOut[owner] == null) {
            corrupt++;
            return;
        }
        if (pending.isEmpty() && push(owner, userData, res, flags)) {
            return;
        }
        pending.add(userData, res, flags); // keep order: nothing passes an earlier pending CQE
    }

    private void retryHandOffs() {
        while (!pending.isEmpty()) {
            int flags = pending.peekFlags();
            if (!push(CqeFlags.owner(flags), pending.peekUserData(), pending.peekRes(), flags)) {
                return;
            }
            pending.removeFirst();
        }
    }

    private boolean push(int owner, long userData, int res, int flags) {
        scratchCqe.userData = userData;
        scratchCqe.res = res;
        scratchCqe.flags = flags;
        scratchCqe.writeTo(one, 0);
        if (handOffOut[owner].pushBack(one, 0)) {
            handedOn++;
            return true;
        }
        return false;
    }
}
