package org.vdsolab.disruptor;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A disruptor queue created at a deliberately odd base (64, not 128-aligned) in a memory of one
 * backend, with private record buffers for a test's producer and consumer.
 */
final class Ring {

    static final long BASE = 64;

    final QueueSpec spec;
    final WordMemory memory;
    final DisruptorQueue queue;
    final DisruptorProducer producer;
    final DisruptorConsumer consumer;
    final MemorySegment in;
    final MemorySegment out;

    Ring(Backend backend, QueueSpec spec) {
        this(spec, backend.memory(BASE + new DisruptorQueueProvider().footprint(spec)), new DisruptorQueueProvider());
    }

    Ring(QueueSpec spec, WordMemory memory, DisruptorQueueProvider provider) {
        this.spec = spec;
        this.memory = memory;
        this.queue = (DisruptorQueue) provider.create(memory, BASE, spec);
        this.producer = (DisruptorProducer) queue.producer(0);
        this.consumer = (DisruptorConsumer) queue.consumer(0);
        this.in = Arena.ofAuto().allocate((long) spec.recordBytes() * spec.capacity(), 8);
        this.out = Arena.ofAuto().allocate((long) spec.recordBytes() * spec.capacity(), 8);
    }

    int recordBytes() {
        return spec.recordBytes();
    }

    boolean push(long value) {
        Records.write(in, 0, recordBytes(), value);
        return producer.pushBack(in, 0);
    }

    /** Pops one record and returns its value, or fails the test if none is there. */
    long pop() {
        if (!consumer.popFront(out, 0)) {
            throw new AssertionError("expected a record, the queue answered empty");
        }
        return Records.check(out, 0, recordBytes());
    }

    long availability(long sequence) {
        return queue.availabilityWord(sequence);
    }
}
