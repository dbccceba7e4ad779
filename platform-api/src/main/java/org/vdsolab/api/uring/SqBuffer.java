package org.vdsolab.api.uring;

import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.SqeLayout;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The vDSO design's private staging queue ({@code SQBuffer}): {@link #getSqe()} hands out an entry in
 * this domain's PRIVATE memory, filled in place (no copy); {@link #submit()} moves the whole
 * staged batch into the shared SQ with one copy, through the provider's {@code pushMultiple} where
 * it has BATCH (one claim for the batch) and single pushes otherwise. liburing's
 * {@code io_uring_get_sqe}/{@code io_uring_submit}, but the staging ring is private, so no other
 * domain can ever see a half-written SQE.
 *
 * <p>Every staged entry gets this domain's id as its {@code personality} and the domain's ring
 * credential in its last 8 bytes ({@code SqeLayout.PAD}, Linux's {@code __pad2}) at submit: the
 * kernel routes completions by the personality and believes it only with the matching credential
 * ({@link UringCredentials}). Entries keep their staging order in the SQ, so an IO_LINK chain
 * staged here reaches the kernel in order.
 *
 * <p>Views returned by {@link #getSqe()} are created once (one per staging slot) and stay valid
 * until the next {@link #submit()}; after it they point at other staged entries. Allocation-free
 * after construction. Not thread-safe: one buffer per submitting thread.
 */
public final class SqBuffer {

    private final QueueProducer producer;
    private final UringControl control;
    private final int domain;
    private final long credential;
    private final MemorySegment staging;
    private final SqeView[] views;
    private final SqeView stamp = new SqeView();
    private int staged;
    // Cleared the first time the provider refuses pushMultiple (it lacks BATCH).
    private boolean batch = true;

    /**
     * A staging buffer of {@code entries} SQEs for user domain {@code domain} on {@code sq}.
     *
     * @param credential the domain's ring credential from its kernel ({@link UringKernel#credential})
     * @param control    the ring's control words, for the NEED_WAKEUP check after a submit; null for none
     */
    public SqBuffer(SharedQueue sq, int domain, long credential, UringControl control, int entries) {
        if (entries < 1 || entries > UringSpec.MAX_ENTRIES) {
            throw new IllegalArgumentException("SqBuffer entries must be in [1, 2^20], got " + entries);
        }
        this.producer = sq.producer(domain);
        this.control = control;
        this.domain = domain;
        this.credential = credential;
        this.staging = Arena.ofAuto().allocate((long) entries * SqeLayout.BYTES, 64);
        this.views = new SqeView[entries];
        for (int i = 0; i < entries; i++) {
            views[i] = new SqeView().wrap(staging, (long) i * SqeLayout.BYTES);
        }
    }

    /** Staging capacity in SQEs. */
    public int capacity() { return views.length; }

    /** SQEs staged and not yet submitted. */
    public int staged() { return staged; }

    /**
     * The next free staging entry, zeroed, with this domain's personality; null when the staging
     * buffer is full (submit first).
     */
    public SqeView getSqe() {
        if (staged == views.length) {
            return null;
        }
        SqeView v = views[staged++];
        v.clear().personality(domain);
        return v;
    }

    /** Drops the most recently handed-out entry (an SQE the caller decided not to send). */
    public void unget() {
        if (staged == 0) {
            throw new IllegalStateException("SqBuffer.unget: nothing is staged");
        }
        staged--;
    }

    /**
     * Pushes the staged SQEs into the shared SQ: as many leading ones as fit; the rest stay staged,
     * moved to the front. Wakes a parked poller if anything was pushed and NEED_WAKEUP is set.
     *
     * @return how many were submitted (0 if the SQ was full)
     */
    public int submit() {
        if (staged == 0) {
            return 0;
        }
        for (int i = 0; i < staged; i++) {
            stamp.wrap(staging, (long) i * SqeLayout.BYTES).personality(domain).pad(credential);
        }
        int n = push();
        if (n > 0) {
            int left = staged - n;
            if (left > 0) {
                // MemorySegment.copy handles the overlap as if through a temporary copy.
                MemorySegment.copy(staging, (long) n * SqeLayout.BYTES, staging, 0, (long) left * SqeLayout.BYTES);
            }
            staged = left;
            if (control != null) {
                control.wakeIfNeeded();
            }
        }
        return n;
    }

    private int push() {
        if (batch) {
            try {
                return producer.pushMultiple(staging, 0, staged, BatchMode.AS_MANY_AS_FIT);
            } catch (UnsupportedOperationException noBatch) {
                batch = false; // once per buffer, at the first submit
            }
        }
        int n = 0;
        while (n < staged && producer.pushBack(staging, (long) n * SqeLayout.BYTES)) {
            n++;
        }
        return n;
    }
}
