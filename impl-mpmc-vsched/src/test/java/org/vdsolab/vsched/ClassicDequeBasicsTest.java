package org.vdsolab.vsched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.spi.Providers;

import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vsched-classic used one operation at a time: FIFO and deque semantics on both backends, CAP-1 usable. */
class ClassicDequeBasicsTest {

    private static final QueueProvider PROVIDER = new ClassicQueueProvider();

    static Stream<Memories.Backend> backends() {
        return Memories.backends();
    }

    private static SharedQueue create(Memories.Backend backend, QueueSpec spec) {
        WordMemory memory = backend.allocate(PROVIDER.footprint(spec) + 128);
        return PROVIDER.create(memory, 64, spec);
    }

    @Test
    void isFoundByNameWithItsCapabilities() {
        QueueProvider found = Providers.find(QueueProvider.class, "vsched-classic");
        assertEquals(ClassicQueueProvider.class, found.getClass());
        assertEquals(EnumSet.of(QueueCapability.MULTI_PRODUCER, QueueCapability.MULTI_CONSUMER, QueueCapability.DOUBLE_ENDED),
                found.capabilities());
        assertEquals(7, found.usableCapacity(QueueSpec.of(8, 16)));
        assertEquals(0, found.footprint(QueueSpec.of(8, 16)) % QueueProvider.ALIGNMENT);
        assertEquals(384 + 8 * 24, found.footprint(QueueSpec.of(8, 16)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void fifoAtTheBackAndFrontUntilFullThenEmpty(Memories.Backend backend) {
        for (int recordBytes : new int[] {16, 64}) {
            SharedQueue queue = create(backend, new QueueSpec(8, recordBytes, 2, 2));
            QueueProducer producer = queue.producer(1);
            QueueConsumer consumer = queue.consumer(1);
            RecordIo io = new RecordIo(recordBytes, 1);
            for (int lap = 0; lap < 3; lap++) { // wraps the raw indices
                for (int i = 0; i < 7; i++) {
                    assertTrue(io.pushBack(producer, lap * 100 + i), "push " + i + " of 7 usable");
                }
                assertFalse(io.pushBack(producer, -1), "full at CAP-1");
                assertFalse(io.pushFront(producer, -1), "full at CAP-1 from the front too");
                assertEquals(7, queue.size());
                for (int i = 0; i < 7; i++) {
                    assertEquals(lap * 100 + i, io.popFront(consumer));
                }
                assertNull(io.popFront(consumer));
                assertNull(io.popBack(consumer));
                assertEquals(0, queue.size());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void dequeSemanticsAtBothEnds(Memories.Backend backend) {
        SharedQueue queue = create(backend, QueueSpec.of(8, 16));
        QueueProducer producer = queue.producer(0);
        QueueConsumer consumer = queue.consumer(0);
        RecordIo io = new RecordIo(16, 1);
        // front 0 1 2 3 back, built from both ends (vsched's own mixed test)
        assertTrue(io.pushFront(producer, 1));
        assertTrue(io.pushBack(producer, 2));
        assertTrue(io.pushFront(producer, 0));
        assertTrue(io.pushBack(producer, 3));
        assertEquals(0, io.popFront(consumer));
        assertEquals(3, io.popBack(consumer));
        assertEquals(1, io.popFront(consumer));
        assertEquals(2, io.popBack(consumer));
        assertNull(io.popBack(consumer));
        // LIFO at the front only
        for (int i = 0; i < 7; i++) {
            assertTrue(io.pushFront(producer, i));
        }
        assertFalse(io.pushFront(producer, 99));
        for (int i = 6; i >= 0; i--) {
            assertEquals(i, io.popFront(consumer));
        }
        assertNull(io.popFront(consumer));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void attachFromASecondHandleSeesTheSameQueue(Memories.Backend backend) {
        QueueSpec spec = new QueueSpec(4, 16, 1, 1);
        WordMemory memory = backend.allocate(PROVIDER.footprint(spec) + 1024);
        SharedQueue creator = PROVIDER.create(memory, 64, spec);
        RecordIo io = new RecordIo(16, 1);
        assertTrue(io.pushBack(creator.producer(0), 42));
        SharedQueue attached = PROVIDER.attach(memory, 64, spec);
        assertEquals(1, attached.size());
        assertEquals(42, io.popFront(attached.consumer(0)));
        assertEquals(0, creator.size());
        IllegalStateException wrongSpec = assertThrows(IllegalStateException.class,
                () -> PROVIDER.attach(memory, 64, new QueueSpec(4, 16, 2, 1)));
        assertTrue(wrongSpec.getMessage().contains("producers"), wrongSpec.getMessage());
        IllegalStateException wrongDesign = assertThrows(IllegalStateException.class,
                () -> new VschedQueueProvider().attach(memory, 64, spec));
        assertTrue(wrongDesign.getMessage().contains("'vsched'"), wrongDesign.getMessage());
    }

    @Test
    void undeclaredOperationsThrowAndIdsAreChecked() {
        SharedQueue queue = create(new Memories.Backend("heap", Memories::heap), QueueSpec.of(4, 16));
        QueueProducer producer = queue.producer(0);
        QueueConsumer consumer = queue.consumer(0);
        MemorySegment scratch = Records.scratch(4, 16);
        assertTrue(assertThrows(UnsupportedOperationException.class, producer::pushSlotBack).getMessage().contains("push_slot"));
        assertThrows(UnsupportedOperationException.class, producer::pushSlotFront);
        assertThrows(UnsupportedOperationException.class, () -> producer.pushMultiple(scratch, 0, 2, BatchMode.ALL_OR_NOTHING));
        assertThrows(UnsupportedOperationException.class, () -> consumer.popMultiple(scratch, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> queue.producer(1));
        assertThrows(IllegalArgumentException.class, () -> queue.consumer(-1));
    }
}
