package org.vdsolab.disruptor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** push, pop, batch and slot claim/publish/abort allocate nothing once warmed up (counted, not timed). */
class HotPathAllocationTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void hotPathsAllocateNothing(Backend backend) {
        Ring r = new Ring(backend, QueueSpec.of(8, 64));
        MemorySegment batch = Arena.ofAuto().allocate(64 * 8, 8);
        Allocations.assertAllocationFree("pushBack+popFront", 20_000, 50_000, 4_096, () -> {
            r.producer.pushBack(r.in, 0);
            r.consumer.popFront(r.out, 0);
        });
        Allocations.assertAllocationFree("pushMultiple+popMultiple", 20_000, 50_000, 4_096, () -> {
            r.producer.pushMultiple(batch, 0, 5, BatchMode.AS_MANY_AS_FIT);
            r.producer.pushMultiple(batch, 0, 3, BatchMode.ALL_OR_NOTHING);
            r.consumer.popMultiple(batch, 0, 8);
        });
        Allocations.assertAllocationFree("pushSlotBack+close/abort+pop", 20_000, 50_000, 4_096, () -> {
            SlotHandle h = r.producer.pushSlotBack();
            h.close();
            r.producer.pushSlotBack().abort();
            r.consumer.popFront(r.out, 0);
            r.consumer.popFront(r.out, 0);
        });
        Allocations.assertAllocationFree("full and empty answers", 20_000, 50_000, 4_096, () -> {
            r.consumer.popFront(r.out, 0);
            r.consumer.popMultiple(batch, 0, 4);
        });
    }
}
