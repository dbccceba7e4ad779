package org.vdsolab.disruptor;

import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SharedQueue;

import java.util.Objects;
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
    /** This view's sweeper memory (what the previous sweep saw); its arrays are allocated on the first sweep. */
    private final RingRepair repair;

    DisruptorQueue(WordMemory memory, QueueSpec spec, RingLayout ring, Supplier<? extends IdleStrategy> idleStrategies,
                   ClaimStrategy claimStrategy) {
        this.memory = memory;
        this.spec = spec;
        this.ring = ring;
        this.idleStrategies = idleStrategies;
        this.claimStrategy = claimStrategy;
        this.repair = new RingRepair(memory, ring);
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
        return producer(id, OwnerToken.NONE);
    }

    /** A producer handle whose claims carry {@code owner}, so that {@link #recover} can skip them if it dies. */
    @Override
    public QueueProducer producer(int id, int owner) {
        QueueSupport.checkId("producer", id, spec.producers());
        OwnerToken.checkOwner(owner);
        return new DisruptorProducer(this, id, owner, idleStrategies.get());
    }

    @Override
    public QueueConsumer consumer(int id) {
        return consumer(id, OwnerToken.NONE);
    }

    /** A consumer handle whose claimed runs carry {@code owner}, so that {@link #recover} can free them if it dies. */
    @Override
    public QueueConsumer consumer(int id, int owner) {
        QueueSupport.checkId("consumer", id, spec.consumers());
        OwnerToken.checkOwner(owner);
        return new DisruptorConsumer(this, id, owner, idleStrategies.get());
    }

    /**
     * One recovery sweep (see {@link RingRecovery}): skips what dead producers claimed and never
     * published, skips orphan sequences below the producer cursor when no live producer is about to
     * claim, and frees what dead consumers claimed and never freed. Safe concurrently with every
     * operation and other sweeps; never touches a live owner's claim.
     */
    @Override
    public long recover(OwnerLiveness liveness) {
        Objects.requireNonNull(liveness, "liveness");
        return repair.sweep(liveness);
    }

    /**
     * Every fault counted on this ring: refusals of impossible cursors by parties, plus every
     * repair, ignored claim record and abandoned claim (see {@link RingFaults}).
     */
    long cursorFaults() {
        return RingFaults.read(memory, ring, RingFaults.TOTAL);
    }

    /** One counter of the fault line: {@link RingFaults#CURSOR_REPAIRS}, {@code WORD_REPAIRS}, ... */
    long faultCount(long kind) {
        return RingFaults.read(memory, ring, kind);
    }

    /** {@inheritDoc} Here: {@link #cursorFaults()}. */
    @Override
    public long faults() {
        return cursorFaults();
    }

    /** The state word of producer {@code id}'s claim record (for tests and diagnostics). */
    long producerRecordState(int id) {
        return memory.getLongVolatile(ring.producerRecord(id));
    }

    /** The state word of consumer {@code id}'s claim record (for tests and diagnostics). */
    long consumerRecordState(int id) {
        return memory.getLongVolatile(ring.consumerRecord(id));
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
