package org.vdsolab.vsched;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SharedQueue;

/** One domain's view of a {@code vsched} deque. Immutable and thread-safe; handles are per thread. */
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
        return new VschedProducer(QueueSupport.checkId("producer", id, spec.producers()), deque, memory.segment());
    }

    @Override public QueueConsumer consumer(int id) {
        return new VschedConsumer(QueueSupport.checkId("consumer", id, spec.consumers()), deque);
    }
}
