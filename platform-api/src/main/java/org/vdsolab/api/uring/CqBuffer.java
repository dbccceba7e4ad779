package org.vdsolab.api.uring;

import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.CqeLayout;
import org.vdsolab.api.record.CqeView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The vDSO design's {@code CQBuffer}, mirroring {@link SqBuffer} on the kernel side: a poller stages CQEs
 * in its private memory ({@link #getCqe()} / {@link #stage}) and {@link #submit()}s them into the
 * shared CQ in one batch. What does not fit stays staged (moved to the front) for the next
 * submit, which is how the poller's overflow handling begins.
 *
 * <p>Allocation-free after construction. Not thread-safe: one buffer per poller and CQ.
 */
public final class CqBuffer {

    private final QueueProducer producer;
    private final MemorySegment staging;
    private final CqeView view = new CqeView();
    private final int capacity;
    private int staged;
    // Cleared the first time the provider refuses pushMultiple (it lacks BATCH).
    private boolean batch = true;

    /** A buffer of {@code entries} CQEs for producer {@code poller} of {@code cq}. */
    public CqBuffer(SharedQueue cq, int poller, int entries) {
        if (entries < 1 || entries > UringSpec.MAX_ENTRIES) {
            throw new IllegalArgumentException("CqBuffer entries must be in [1, 2^20], got " + entries);
        }
        this.producer = cq.producer(poller);
        this.capacity = entries;
        this.staging = Arena.ofAuto().allocate((long) entries * CqeLayout.BYTES, 64);
    }

    public int capacity() { return capacity; }

    public int staged() { return staged; }

    public boolean isFull() { return staged == capacity; }

    /** The next free staging entry, zeroed (the same view object each call); null when full. */
    public CqeView getCqe() {
        if (staged == capacity) {
            return null;
        }
        CqeView v = view.wrap(staging, (long) staged++ * CqeLayout.BYTES);
        v.userData(0).res(0).flags(0);
        return v;
    }

    /** Stages one CQE; false when the buffer is full. */
    public boolean stage(long userData, int res, int flags) {
        CqeView v = getCqe();
        if (v == null) {
            return false;
        }
        v.userData(userData).res(res).flags(flags);
        return true;
    }

    /**
     * Pushes the staged CQEs into the CQ, as many leading ones as fit; the rest stay staged.
     *
     * @return how many were pushed
     */
    public int submit() {
        if (staged == 0) {
            return 0;
        }
        int n = push();
        if (n > 0) {
            int left = staged - n;
            if (left > 0) {
                MemorySegment.copy(staging, (long) n * CqeLayout.BYTES, staging, 0, (long) left * CqeLayout.BYTES);
            }
            staged = left;
        }
        return n;
    }

    private int push() {
        if (batch) {
            try {
                // Clamped: a queue whose words a hostile domain scribbled may answer any count;
                // the buffer must never count or shift more CQEs than it staged.
                return Math.max(0, Math.min(staged, producer.pushMultiple(staging, 0, staged, BatchMode.AS_MANY_AS_FIT)));
            } catch (UnsupportedOperationException noBatch) {
                batch = false; // once per buffer
            }
        }
        int n = 0;
        while (n < staged && producer.pushBack(staging, (long) n * CqeLayout.BYTES)) {
            n++;
        }
        return n;
    }
}
