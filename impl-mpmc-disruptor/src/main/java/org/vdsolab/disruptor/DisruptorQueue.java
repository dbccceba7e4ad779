package org.vdsolab.disruptor;

import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SharedQueue;

import java.util.function.Supplier;

/**
 * A {@code disruptor} ring as seen from one domain: the memory it lives in, its layout, the claim
 * strategy and the factory of idle strategies for the handles made here. Holds no queue state of its own;
 * all of it is in shared memory (see {@link RingLayout}).
 *
 * <p>Thread-safe (immutable); each handle it returns belongs to one thread at a time.
 */
final class DisruptorQueue implements SharedQueue {

    private final WordMemory memory;
    private final QueueSpec spec;
    private final RingLayout ring;
    private final Supplier<? extends IdleStrategy> idleStrategies;
    private final ClaimStrategy claimStrategy;

    DisruptorQueue(WordMemory memory, QueueSpec spec, RingLayout ring, Supplier<? extends IdleStrategy> idleStrategies,
                   ClaimStrategy claimStrategy) {
        this.memory = memory;
        this.spec = spec;
        this.ring = ring;
        this.idleStrategies = idleStrategies;
        this.claimStrategy = claimStrategy;
    }

    ClaimStrategy claimStrategy() {
        return claimStrategy;
    }

    WordMemory memory() {
        return memory;
    }

    RingLayout ring() {
        return ring;
    }

    @Override
    public String providerName() {
        return DisruptorQueueProvider.NAME;
    }

    @Override
    public QueueSpec spec() {
        return spec;
    }

    /** Every slot is usable: laps tell a full ring from an empty one, so no spare slot is needed. */
    @Override
    public int usableCapacity() {
        return ring.capacity;
    }

    /** Claimed minus consumed sequences, clamped to [0, capacity]: in-flight claims count. */
    @Override
    public long size() {
        // Acquire on both: a snapshot for monitoring, exact only when the queue is quiet. The
        // consumer cursor is read first so that the later producer read can only make size larger.
        long consumed = memory.getLongAcquire(ring.consumerCursor);
        long claimed = memory.getLongAcquire(ring.producerCursor);
        return Math.max(0, Math.min(claimed - consumed, ring.capacity));
    }

    @Override
    public QueueProducer producer(int id) {
        QueueSupport.checkId("producer", id, spec.producers());
        return new DisruptorProducer(this, id, idleStrategies.get());
    }

    @Override
    public QueueConsumer consumer(int id) {
        QueueSupport.checkId("consumer", id, spec.consumers());
        return new DisruptorConsumer(this, id, idleStrategies.get());
    }

    /** The shared producer cursor: sequences claimed so far (for tests and monitoring). */
    long producerCursor() {
        return memory.getLongVolatile(ring.producerCursor);
    }

    /** The shared consumer cursor: sequences claimed by consumers so far (for tests and monitoring). */
    long consumerCursor() {
        return memory.getLongVolatile(ring.consumerCursor);
    }

    /** The availability word of {@code sequence}'s slot (for tests and diagnostics). */
    long availabilityWord(long sequence) {
        return memory.getLongVolatile(ring.availabilityOf(sequence));
    }

    @Override
    public String toString() {
        return "disruptor queue at offset " + ring.base + " " + spec;
    }
}
