package org.vdsolab.disruptor;

import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A disruptor ring plus a liveness table for the recovery tests: owners are registrations of this
 * JVM in the table, and {@link LivenessTable#declareDead} stands in for killing one at a chosen step.
 */
final class Recovering {

    static final int RECORD_BYTES = 16;

    final QueueSpec spec;
    final WordMemory memory;
    final DisruptorQueue queue;
    final LivenessTable liveness;
    final MemorySegment in = Arena.ofAuto().allocate(RECORD_BYTES * 64L, 8);
    final MemorySegment out = Arena.ofAuto().allocate(RECORD_BYTES * 64L, 8);

    Recovering(Backend backend, ClaimStrategy claim, int capacity, int producers, int consumers) {
        this.spec = new QueueSpec(capacity, RECORD_BYTES, producers, consumers);
        DisruptorQueueProvider provider = DisruptorQueueProvider.withClaimStrategy(claim);
        this.memory = backend.memory(Ring.BASE + provider.footprint(spec));
        this.queue = (DisruptorQueue) provider.create(memory, Ring.BASE, spec);
        this.liveness = LivenessTable.create(new HeapWordMemory(LivenessTable.footprint(8)), 0, 8);
    }

    int owner() {
        return liveness.register();
    }

    DisruptorProducer producer(int id, int owner) {
        return (DisruptorProducer) queue.producer(id, owner);
    }

    DisruptorConsumer consumer(int id, int owner) {
        return (DisruptorConsumer) queue.consumer(id, owner);
    }

    boolean push(DisruptorProducer p, long value) {
        Records.write(in, 0, RECORD_BYTES, value);
        return p.pushBack(in, 0);
    }

    /** Writes {@code value} into the claimed {@code sequence}'s slot and publishes it, as a producer mid-batch would. */
    void publishOne(DisruptorProducer p, long sequence, long value) {
        Records.write(in, 0, RECORD_BYTES, value);
        p.awaitFree(sequence);
        memory.copyIn(queue.ring().recordOf(sequence), in, 0, RECORD_BYTES);
        p.publish(sequence, SlotState.published(queue.ring().lapOf(sequence)));
    }

    /** Pops until the queue answers empty; every record must be intact. */
    List<Long> drain(DisruptorConsumer c) {
        List<Long> values = new ArrayList<>();
        int n;
        while ((n = c.popMultiple(out, 0, 64)) > 0) {
            for (int k = 0; k < n; k++) {
                values.add(Records.check(out, (long) k * RECORD_BYTES, RECORD_BYTES));
            }
        }
        return values;
    }

    long recover() {
        return queue.recover(liveness);
    }

    /** Many laps of push / pop through {@code p} and {@code c}: the ring is healthy after recovery. */
    void lapsAfter(DisruptorProducer p, DisruptorConsumer c) {
        long base = 1_000_000;
        for (int lap = 0; lap < 10; lap++) {
            for (int k = 0; k < spec.capacity(); k++) {
                assertTrue(push(p, base + k), "push " + k + " of lap " + lap + " after recovery");
            }
            List<Long> got = drain(c);
            assertEquals(spec.capacity(), got.size(), "records of lap " + lap + " after recovery");
            for (int k = 0; k < spec.capacity(); k++) {
                assertEquals(base + k, got.get(k), "FIFO in lap " + lap + " after recovery");
            }
            base += spec.capacity();
        }
    }

    long producerState(int id) {
        return queue.producerRecordState(id);
    }
}
