package org.vdsolab.api.uring;

import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.record.SqeLayout;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The vDSO design's {@code SQ} over any queue provider: {@link #push} on the user side (one SQE, one
 * copy from private memory into the shared slot), {@link #pop} and {@link #popMultiple} on the
 * kernel side. A handle is either a submitter's (made by {@link #submitter}) or a poller's (made
 * by {@link #poller}); calling the other side's operation throws {@link IllegalStateException}.
 *
 * <p>{@link #push} stamps the submitting domain's id into the SQE's {@code personality} field
 * (Linux's credentials selector, a natural "who submitted this"): the kernel routes the completion
 * by it. It also stamps the domain's ring credential into the SQE's last 8 bytes
 * ({@code SqeLayout.PAD}, Linux's {@code __pad2}): the kernel serves an SQE only if that word is
 * the credential of the domain its personality names ({@link UringCredentials}). The value object
 * passed in is not modified.
 *
 * <p>Allocation-free after construction: the private scratch segment and the view are created
 * once. Not thread-safe: one handle per thread.
 */
public final class Sq {

    private final SharedQueue queue;
    private final QueueProducer producer;
    private final QueueConsumer consumer;
    private final UringControl control;
    private final int domain;
    private final long credential;
    private final MemorySegment scratch;
    private final SqeView view = new SqeView();
    // Cleared the first time the provider refuses popMultiple (it lacks BATCH): then single pops.
    private boolean batch = true;

    private Sq(SharedQueue queue, QueueProducer producer, QueueConsumer consumer, UringControl control, int domain,
               long credential, int slots) {
        this.queue = queue;
        this.credential = credential;
        this.producer = producer;
        this.consumer = consumer;
        this.control = control;
        this.domain = domain;
        this.scratch = Arena.ofAuto().allocate((long) slots * SqeLayout.BYTES, 64);
    }

    /**
     * The SQ handle of user domain {@code domain} (its producer id on the SQ).
     *
     * @param credential the domain's ring credential from its kernel ({@link UringKernel#credential}),
     *                   stamped into every SQE pushed
     * @param control    the ring's control words, for the NEED_WAKEUP check after a push; null for none
     */
    public static Sq submitter(SharedQueue queue, int domain, long credential, UringControl control) {
        return new Sq(queue, queue.producer(domain), null, control, domain, credential, 1);
    }

    /** The SQ handle of kernel poller {@code poller} (its consumer id), popping up to {@code maxBatch} at a time. */
    public static Sq poller(SharedQueue queue, int poller, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("poller batch must be at least 1, got " + maxBatch);
        }
        return new Sq(queue, null, queue.consumer(poller), null, -1, 0, maxBatch);
    }

    public SharedQueue queue() { return queue; }

    /** The submitting domain's id, or -1 for a poller's handle. */
    public int domain() { return domain; }

    /**
     * Copies {@code sqe} into the shared SQ with this domain's id as its personality and its
     * credential in {@code PAD}, then wakes a
     * parked poller if NEED_WAKEUP is set.
     *
     * @return false if the SQ is full (nothing was pushed)
     */
    public boolean push(Sqe sqe) {
        requireSubmitter("push");
        sqe.writeTo(scratch, 0);
        view.wrap(scratch, 0).personality(domain).pad(credential);
        if (!producer.pushBack(scratch, 0)) {
            return false;
        }
        if (control != null) {
            control.wakeIfNeeded();
        }
        return true;
    }

    /** Pops the oldest SQE into {@code out}; false if none was available. */
    public boolean pop(Sqe out) {
        requirePoller("pop");
        if (!consumer.popFront(scratch, 0)) {
            return false;
        }
        out.readFrom(scratch, 0);
        return true;
    }

    /**
     * Pops up to {@code max} SQEs (at most the batch given at construction) into this handle's
     * private scratch; read them with {@link #sqe(int)} until the next pop. Uses the provider's
     * {@code popMultiple} where it has BATCH, else repeated single pops.
     *
     * @return how many were popped
     */
    public int popMultiple(int max) {
        requirePoller("popMultiple");
        int n = (int) Math.min(max, scratch.byteSize() / SqeLayout.BYTES);
        if (batch) {
            try {
                return consumer.popMultiple(scratch, 0, n);
            } catch (UnsupportedOperationException noBatch) {
                batch = false; // once per handle, at the first pop
            }
        }
        int got = 0;
        while (got < n && consumer.popFront(scratch, (long) got * SqeLayout.BYTES)) {
            got++;
        }
        return got;
    }

    /** A view of the {@code i}-th SQE of the last {@link #popMultiple} (the same view object each call). */
    public SqeView sqe(int i) {
        return view.wrap(scratch, (long) i * SqeLayout.BYTES);
    }

    private void requireSubmitter(String op) {
        if (producer == null) {
            throw new IllegalStateException("Sq." + op + " needs a submitter's handle (Sq.submitter); this one belongs to a poller");
        }
    }

    private void requirePoller(String op) {
        if (consumer == null) {
            throw new IllegalStateException("Sq." + op + " needs a poller's handle (Sq.poller); this one belongs to domain " + domain);
        }
    }
}
