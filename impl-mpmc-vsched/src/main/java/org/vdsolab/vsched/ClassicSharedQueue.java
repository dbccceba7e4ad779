package org.vdsolab.vsched;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SharedQueue;

/** One domain's view of a {@code vsched-classic} deque. Immutable and thread-safe; handles are per thread. */
final class ClassicSharedQueue implements SharedQueue {

    private final QueueSpec spec;
    private final ClassicDeque deque;

    ClassicSharedQueue(WordMemory memory, long offset, QueueSpec spec, StepHook hook) {
        this.spec = spec;
        this.deque = new ClassicDeque(memory, offset, spec, hook);
    }

    ClassicDeque deque() {
        return deque;
    }

    @Override public String providerName() {
        return ClassicQueueProvider.NAME;
    }

    @Override public QueueSpec spec() {
        return spec;
    }

    /** CAP - 1: vsched keeps one slot spare to tell full from empty with raw indices. */
    @Override public int usableCapacity() {
        return spec.capacity() - 1;
    }

    /** vsched's {@code len()}: after the mixed-end double take it reads 0 with CAP records in the ring. */
    @Override public long size() {
        return deque.size();
    }

    @Override public QueueProducer producer(int id) {
        return new ClassicProducer(QueueSupport.checkId("producer", id, spec.producers()), deque);
    }

    @Override public QueueConsumer consumer(int id) {
        return new ClassicConsumer(QueueSupport.checkId("consumer", id, spec.consumers()), deque);
    }
}
