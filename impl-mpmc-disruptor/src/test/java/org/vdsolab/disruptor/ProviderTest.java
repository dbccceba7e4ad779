package org.vdsolab.disruptor;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.spi.Providers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, capabilities, footprint and the operations this design does not offer. */
class ProviderTest {

    @Test
    void foundByNameThroughTheServiceLoader() {
        QueueProvider p = Providers.find(QueueProvider.class, "disruptor");
        assertInstanceOf(DisruptorQueueProvider.class, p);
        assertEquals(EnumSet.of(QueueCapability.MULTI_PRODUCER, QueueCapability.MULTI_CONSUMER, QueueCapability.PUSH_SLOT,
                QueueCapability.BATCH, QueueCapability.EXACTLY_ONCE, QueueCapability.OWNER_RECOVERY), p.capabilities());
        assertThrows(UnsupportedOperationException.class, () -> p.capabilities().add(QueueCapability.DOUBLE_ENDED));
        assertEquals("batch, exactly_once, multi_consumer, multi_producer, owner_recovery, push_slot", p.capabilitySummary());
    }

    @Test
    void footprintCoversHeaderCursorsWordsAndRecordsAndIsAlignedAndPadded() {
        DisruptorQueueProvider p = new DisruptorQueueProvider();
        for (int cap = 2; cap <= 1 << 12; cap <<= 1) {
            for (int bytes : new int[] {8, 16, 24, 64, 4096}) {
                QueueSpec spec = QueueSpec.of(cap, bytes);
                RingLayout ring = new RingLayout(0, spec);
                assertEquals(0, p.footprint(spec) % QueueProvider.ALIGNMENT);
                assertTrue(p.footprint(spec) >= ring.records + (long) cap * bytes);
                assertEquals(cap, p.usableCapacity(spec));
                assertTrue(ring.records >= ring.availability + 8L * cap);
                assertEquals(0, ring.records % 64);
            }
        }
        RingLayout ring = new RingLayout(64, QueueSpec.of(4, 16));
        assertEquals(128, ring.consumerCursor - ring.producerCursor, "cursors 128 bytes apart");
        assertTrue(ring.producerCursor - (64 + 64) >= 64, "a padding line between the header and the producer cursor");
        assertTrue(ring.availability - ring.consumerCursor >= 128, "a padding line after the consumer cursor");
        assertEquals(0, ring.producerCursor % 8);
    }

    @Test
    void undeclaredOperationsThrowNamingTheCapability() {
        DisruptorQueueProvider p = new DisruptorQueueProvider();
        QueueSpec spec = QueueSpec.of(4, 16);
        SharedQueue q = p.create(Backend.HEAP.memory(p.footprint(spec)), 0, spec);
        MemorySegment buf = Arena.ofAuto().allocate(16, 8);
        var e = assertThrows(UnsupportedOperationException.class, () -> q.producer(0).pushFront(buf, 0));
        assertTrue(e.getMessage().contains("double_ended") && e.getMessage().contains("disruptor"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> q.producer(0).pushSlotFront());
        assertThrows(UnsupportedOperationException.class, () -> q.consumer(0).popBack(buf, 0));
    }

    @Test
    void idsOutsideTheSpecAreRefused() {
        DisruptorQueueProvider p = new DisruptorQueueProvider();
        QueueSpec spec = new QueueSpec(4, 16, 2, 3);
        SharedQueue q = p.create(Backend.HEAP.memory(p.footprint(spec)), 0, spec);
        assertEquals(1, q.producer(1).id());
        assertEquals(2, q.consumer(2).id());
        var e = assertThrows(IllegalArgumentException.class, () -> q.producer(2));
        assertTrue(e.getMessage().contains("producer id 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> q.producer(-1));
        assertThrows(IllegalArgumentException.class, () -> q.consumer(3));
        assertEquals("disruptor", q.providerName());
        assertEquals(spec, q.spec());
        assertEquals(4, q.usableCapacity());
    }

    @Test
    void sizeCountsClaimsIncludingAnOpenSlot() {
        DisruptorQueueProvider p = new DisruptorQueueProvider();
        QueueSpec spec = QueueSpec.of(4, 16);
        SharedQueue q = p.create(Backend.SEGMENT.memory(p.footprint(spec)), 0, spec);
        MemorySegment buf = Arena.ofAuto().allocate(64, 8);
        assertEquals(0, q.size());
        var producer = q.producer(0);
        assertEquals(2, producer.pushMultiple(buf, 0, 2, BatchMode.ALL_OR_NOTHING));
        var h = producer.pushSlotBack();
        assertEquals(3, q.size());
        h.abort();
        assertEquals(2, q.consumer(0).popMultiple(buf, 0, 4));
        assertEquals(0, q.size());
    }
}
