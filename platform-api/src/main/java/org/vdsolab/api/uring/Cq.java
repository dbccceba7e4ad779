package org.vdsolab.api.uring;

import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.CqeLayout;
import org.vdsolab.api.record.CqeView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The vDSO design's {@code CQ} over any queue provider, mirroring {@link Sq}: {@link #push} on the kernel
 * side (a poller's handle, {@link #producer}), {@link #pop} and {@link #popMultiple} on the user
 * side (a reaper's handle, {@link #consumer}). Raw: it does not route; a domain sharing a CQ with
 * others reaps through {@link CompletionRouter}, which hands foreign CQEs on.
 *
 * <p>Allocation-free after construction. Not thread-safe: one handle per thread.
 */
public final class Cq {

    private final QueueProducer producer;
    private final QueueConsumer consumer;
    private final MemorySegment scratch;
    private final CqeView view = new CqeView();
    // Cleared the first time the provider refuses popMultiple (it lacks BATCH).
    private boolean batch = true;

    private Cq(QueueProducer producer, QueueConsumer consumer, int slots) {
        this.producer = producer;
        this.consumer = consumer;
        this.scratch = Arena.ofAuto().allocate((long) slots * CqeLayout.BYTES, 64);
    }

    /** A kernel poller's handle: producer {@code poller} of {@code queue}. */
    public static Cq producer(SharedQueue queue, int poller) {
        return new Cq(queue.producer(poller), null, 1);
    }

    /** A reaper's handle: consumer {@code consumerId} of {@code queue}, popping up to {@code maxBatch} at a time. */
    public static Cq consumer(SharedQueue queue, int consumerId, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("CQ reap batch must be at least 1, got " + maxBatch);
        }
        return new Cq(null, queue.consumer(consumerId), maxBatch);
    }

    /** Copies {@code cqe} into the CQ; false if it is full. */
    public boolean push(Cqe cqe) {
        if (producer == null) {
            throw new IllegalStateException("Cq.push needs a producer's handle (Cq.producer)");
        }
        cqe.writeTo(scratch, 0);
        return producer.pushBack(scratch, 0);
    }

    /** Pops the oldest CQE into {@code out}; false if none was available. */
    public boolean pop(Cqe out) {
        requireConsumer("pop");
        if (!consumer.popFront(scratch, 0)) {
            return false;
        }
        out.readFrom(scratch, 0);
        return true;
    }

    /**
     * Pops up to {@code max} CQEs (at most the batch given at construction) into private scratch;
     * read them with {@link #cqe(int)} until the next pop.
     */
    public int popMultiple(int max) {
        requireConsumer("popMultiple");
        int n = (int) Math.min(max, scratch.byteSize() / CqeLayout.BYTES);
        if (batch) {
            try {
                return consumer.popMultiple(scratch, 0, n);
            } catch (UnsupportedOperationException noBatch) {
                batch = false; // once per handle
            }
        }
        int got = 0;
        while (got < n && consumer.popFront(scratch, (long) got * CqeLayout.BYTES)) {
            got++;
        }
        return got;
    }

    /** A view of the {@code i}-th CQE of the last {@link #popMultiple} (the same view object each call). */
    public CqeView cqe(int i) {
        return view.wrap(scratch, (long) i * CqeLayout.BYTES);
    }

    private void requireConsumer(String op) {
        if (consumer == null) {
            throw new IllegalStateException("Cq." + op + " needs a consumer's handle (Cq.consumer)");
        }
    }
}
