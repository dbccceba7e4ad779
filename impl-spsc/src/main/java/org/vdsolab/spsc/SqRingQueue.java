package org.vdsolab.spsc;

import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SharedQueue;

/**
 * A set of io_uring-style submission rings in shared memory, seen from one domain: one ring per
 * producer ({@code spsc}) or one ring for all ({@code spsc-shared}), drained by one consumer.
 * Beyond {@link SharedQueue} it exposes {@link #dropped()}, Linux's {@code sq_dropped}.
 *
 * <p>Thread-safety: this object is immutable and thread-safe; the handles it makes are not (one
 * thread each). Make at most one producer handle per producer id ({@code spsc}: a ring has one
 * submitter) and one consumer handle per queue.
 */
public final class SqRingQueue implements SharedQueue {

    private final String provider;
    private final QueueSpec spec;
    private final SqRing[] rings;
    private final boolean sharedSubmitter;

    SqRingQueue(String provider, QueueSpec spec, SqRing[] rings, boolean sharedSubmitter) {
        this.provider = provider;
        this.spec = spec;
        this.rings = rings;
        this.sharedSubmitter = sharedSubmitter;
    }

    @Override public String providerName() { return provider; }

    @Override public QueueSpec spec() { return spec; }

    /** Entries per ring: Linux rings use every slot (free-running positions, no spare). */
    @Override public int usableCapacity() { return spec.capacity(); }

    /** Published, unconsumed entries over all rings ({@code ktail - khead} per ring, clamped to [0, entries]). */
    @Override public long size() {
        long size = 0;
        for (SqRing ring : rings) {
            // Acquire both: a snapshot for reporting, exact only when quiescent.
            int pending = ring.ktailAcquire() - ring.kheadAcquire();
            size += Math.max(0, Math.min(pending, ring.entries()));
        }
        return size;
    }

    /** Entries the consumer dropped for an out-of-range {@code array[]} index, summed over rings. */
    public long dropped() {
        long dropped = 0;
        for (SqRing ring : rings) {
            dropped += ring.droppedAcquire();
        }
        return dropped;
    }

    /** How many rings this queue has: {@code spec.producers()} for spsc, 1 for spsc-shared. */
    public int rings() { return rings.length; }

    @Override public QueueProducer producer(int id) {
        QueueSupport.checkId("producer", id, spec.producers());
        if (sharedSubmitter) {
            return new SharedTailProducer(provider, id, rings[0], spec.recordBytes());
        }
        return new PrivateRingProducer(provider, id, rings[id], spec.recordBytes());
    }

    @Override public QueueConsumer consumer(int id) {
        QueueSupport.checkId("consumer", id, spec.consumers());
        return new RingPollingConsumer(provider, id, rings, spec.recordBytes());
    }
}
