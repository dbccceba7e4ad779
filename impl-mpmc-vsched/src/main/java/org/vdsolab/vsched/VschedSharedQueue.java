package org.vdsolab.vsched;

import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SharedQueue;

import java.util.Objects;

/**
 * One domain's view of a {@code vsched} deque. Handles made with an owner token stamp it into the
 * slots they hold, and {@link #recover} takes back what a dead owner held ({@link VschedDeque}).
 * Immutable and thread-safe; handles are per thread.
 */
final class VschedSharedQueue implements SharedQueue {

    private final QueueSpec spec;
    private final WordMemory memory;
    private final VschedDeque deque;

    VschedSharedQueue(WordMemory memory, long offset, QueueSpec spec, StepHook hook) {
        this.spec = spec;
        this.memory = memory;
        this.deque = new VschedDeque(memory, offset, spec, hook);
    }

    VschedDeque deque() {
        return deque;
    }

    @Override public String providerName() {
        return VschedQueueProvider.NAME;
    }

    @Override public QueueSpec spec() {
        return spec;
    }

    @Override public int usableCapacity() {
        return spec.capacity();
    }

    @Override public long size() {
        return deque.size();
    }

    @Override public QueueProducer producer(int id) {
        return producer(id, OwnerToken.NONE);
    }

    @Override public QueueProducer producer(int id, int owner) {
        return new VschedProducer(QueueSupport.checkId("producer", id, spec.producers()), deque, memory.segment(),
                OwnerToken.checkOwner(owner));
    }

    @Override public QueueConsumer consumer(int id) {
        return consumer(id, OwnerToken.NONE);
    }

    @Override public QueueConsumer consumer(int id, int owner) {
        return new VschedConsumer(QueueSupport.checkId("consumer", id, spec.consumers()), deque, OwnerToken.checkOwner(owner));
    }

    @Override public long recover(OwnerLiveness liveness) {
        return deque.recover(Objects.requireNonNull(liveness, "liveness"));
    }

    /**
     * {@inheritDoc} Here: recovery sweeps that found the index word outside [0, capacity], plus
     * every slot word and index word a sweep repaired ({@link ScribbleRepair}).
     */
    @Override public long faults() {
        return deque.faults();
    }
}
