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
import org.vdsolab.api.queue.SlotHandle;
import org.vdsolab.api.spi.Providers;

import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corrected vsched deque used one operation at a time, on both backends. */
class VschedDequeBasicsTest {

    private static final VschedQueueProvider PROVIDER = new VschedQueueProvider();

    static Stream<Memories.Backend> backends() {
        return Memories.backends();
    }

    private static VschedSharedQueue create(Memories.Backend backend, QueueSpec spec) {
        WordMemory memory = backend.allocate(PROVIDER.footprint(spec) + 128);
        return PROVIDER.create(memory, 64, spec, StepHook.NONE);
    }

    private static int state(VschedSharedQueue queue, int position) {
        return SlotWord.state(queue.deque().slotWord(position));
    }

    @Test
    void isFoundByNameWithItsCapabilities() {
        QueueProvider found = Providers.find(QueueProvider.class, "vsched");
        assertEquals(VschedQueueProvider.class, found.getClass());
        assertEquals(EnumSet.of(QueueCapability.MULTI_PRODUCER, QueueCapability.MULTI_CONSUMER, QueueCapability.DOUBLE_ENDED,
                QueueCapability.PUSH_SLOT, QueueCapability.BATCH, QueueCapability.EXACTLY_ONCE,
                QueueCapability.OWNER_RECOVERY), found.capabilities());
        assertEquals(8, found.usableCapacity(QueueSpec.of(8, 16)), "one rule, no spare slot");
        assertEquals(256 + 8 * 24, found.footprint(QueueSpec.of(8, 16)));
        assertEquals(0, found.footprint(QueueSpec.of(8, 64)) % QueueProvider.ALIGNMENT);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void fifoUntilFullAtCapacityThenEmpty(Memories.Backend backend) {
        for (int recordBytes : new int[] {16, 64}) {
            SharedQueue queue = create(backend, new QueueSpec(8, recordBytes, 2, 2));
            QueueProducer producer = queue.producer(1);
            QueueConsumer consumer = queue.consumer(1);
            RecordIo io = new RecordIo(recordBytes, 1);
            for (int lap = 0; lap < 3; lap++) {
                for (int i = 0; i < 8; i++) {
                    assertTrue(io.pushBack(producer, lap * 100 + i));
                }
                assertFalse(io.pushBack(producer, -1), "full at capacity from the back");
                assertFalse(io.pushFront(producer, -1), "and from the front: the same rule");
                assertEquals(8, queue.size());
                for (int i = 0; i < 8; i++) {
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
    void dequeSemanticsAtBothEndsAcrossTheZeroPosition(Memories.Backend backend) {
        SharedQueue queue = create(backend, QueueSpec.of(4, 16));
        QueueProducer producer = queue.producer(0);
        QueueConsumer consumer = queue.consumer(0);
        RecordIo io = new RecordIo(16, 1);
        for (int round = 0; round < 6; round++) { // front pushes take head below zero: positions wrap
            assertTrue(io.pushFront(producer, 1));
            assertTrue(io.pushBack(producer, 2));
            assertTrue(io.pushFront(producer, 0));
            assertTrue(io.pushBack(producer, 3));
            assertFalse(io.pushFront(producer, 9));
            assertEquals(0, io.popFront(consumer));
            assertEquals(3, io.popBack(consumer));
            assertEquals(1, io.popFront(consumer));
            assertEquals(2, io.popBack(consumer));
            assertNull(io.popBack(consumer));
            assertTrue(io.pushFront(producer, 7));
            assertTrue(io.pushFront(producer, 8));
            assertEquals(8, io.popFront(consumer));
            assertEquals(7, io.popFront(consumer));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pushSlotPublishesOnCloseAtBothEnds(Memories.Backend backend) {
        VschedSharedQueue queue = create(backend, QueueSpec.of(4, 64));
        QueueProducer producer = queue.producer(0);
        QueueConsumer consumer = queue.consumer(0);
        RecordIo io = new RecordIo(64, 1);
        assertTrue(io.pushBack(producer, 10));

        SlotHandle back = producer.pushSlotBack();
        assertNotNull(back);
        assertEquals(queue.deque().ring().dataOffset(1), back.offset(), "the record of position 1, in place");
        assertEquals(SlotState.WRITING, state(queue, 1), "claimed, not published");
        Records.write(back.segment(), back.offset(), 11, 64);
        back.close();
        assertEquals(SlotState.READY, state(queue, 1));

        SlotHandle front = producer.pushSlotFront();
        assertSame(back, front, "one reusable handle per producer");
        Records.write(front.segment(), front.offset(), 9, 64);
        front.close();

        assertEquals(3, queue.size());
        assertEquals(9, io.popFront(consumer));
        assertEquals(11, io.popBack(consumer));
        assertEquals(10, io.popFront(consumer));
        assertNull(io.popFront(consumer));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void abortAtTheEdgeUndoesTheClaim(Memories.Backend backend) {
        VschedSharedQueue queue = create(backend, QueueSpec.of(4, 16));
        QueueProducer producer = queue.producer(0);
        QueueConsumer consumer = queue.consumer(0);
        RecordIo io = new RecordIo(16, 1);
        assertTrue(io.pushBack(producer, 1));
        long before = queue.deque().indexWord();

        producer.pushSlotBack().abort();
        assertEquals(before, queue.deque().indexWord(), "the back claim is given back");
        assertEquals(SlotState.EMPTY, state(queue, 1));
        producer.pushSlotFront().abort();
        assertEquals(before, queue.deque().indexWord(), "the front claim is given back");
        assertEquals(SlotState.EMPTY, state(queue, -1));
        assertEquals(0, queue.deque().skipped());
        assertEquals(1, queue.size());

        assertTrue(io.pushBack(producer, 2), "the aborted position is reused");
        assertEquals(SlotState.READY, state(queue, 1));
        assertEquals(1, io.popFront(consumer));
        assertEquals(2, io.popFront(consumer));
        assertNull(io.popFront(consumer));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void abortBehindALaterPushLeavesASlotThatPoppersPassOver(Memories.Backend backend) {
        VschedSharedQueue queue = create(backend, QueueSpec.of(8, 16));
        QueueProducer p0 = queue.producer(0);
        QueueConsumer consumer = queue.consumer(0);
        RecordIo io = new RecordIo(16, 8);

        SlotHandle back = p0.pushSlotBack();            // position 0
        assertTrue(io.pushBack(p0, 1));                  // position 1, beyond the claim
        back.abort();
        assertEquals(SlotState.SKIPPED, state(queue, 0));
        assertEquals(1, queue.deque().skipped());
        assertEquals(1, queue.size(), "aborted slots are not counted");
        assertEquals(1, io.popFront(consumer), "pop_front passes over the aborted slot");
        assertEquals(0, queue.deque().skipped());
        assertEquals(SlotState.EMPTY, state(queue, 0));
        assertNull(io.popFront(consumer));

        SlotHandle front = p0.pushSlotFront();          // position 1 (head 2 - 1)
        assertTrue(io.pushFront(p0, 2));                 // position 0
        front.abort();
        assertEquals(1, queue.deque().skipped());
        assertEquals(2, io.popBack(consumer), "pop_back passes over it too");
        assertEquals(0, queue.size());
        assertEquals(0, queue.deque().skipped());

        assertTrue(io.pushBack(p0, 3));
        SlotHandle middle = p0.pushSlotBack();
        assertTrue(io.pushBack(p0, 4));
        middle.abort();
        assertTrue(io.pushBack(p0, 5));
        assertArrayEquals(new long[] {3, 4}, io.popMultiple(consumer, 2), "a batch counts records, not positions");
        assertArrayEquals(new long[] {5}, io.popMultiple(consumer, 8));
        assertEquals(0, queue.deque().skipped());
        assertEquals(0, IndexWord.size(queue.deque().indexWord()));
    }

    @Test
    void slotHandleMisuseIsRefusedAndAFullDequeGivesNoSlot() {
        QueueSpec spec = new QueueSpec(2, 16, 2, 1);
        WordMemory memory = Memories.heap(PROVIDER.footprint(spec));
        SharedQueue queue = PROVIDER.create(memory, 0, spec);
        QueueProducer p0 = queue.producer(0);
        QueueProducer p1 = queue.producer(1);

        SlotHandle handle = p0.pushSlotBack();
        assertSame(memory.segment(), handle.segment(), "the queue's shared segment");
        IllegalStateException twice = assertThrows(IllegalStateException.class, p0::pushSlotFront);
        assertTrue(twice.getMessage().contains("producer 0"), twice.getMessage());
        SlotHandle other = p1.pushSlotFront();
        assertNotNull(other, "another producer has its own handle");
        assertEquals(2, queue.size(), "claims in flight are counted");
        assertThrows(IllegalStateException.class, p1::pushSlotBack, "p1's handle is still open");
        other.close();
        assertNull(p1.pushSlotBack(), "full: no slot");

        handle.close();
        assertThrows(IllegalStateException.class, handle::close, "closed twice");
        assertThrows(IllegalStateException.class, handle::abort);
        assertThrows(IllegalStateException.class, handle::offset);
        assertThrows(IllegalStateException.class, handle::segment);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void batchesInBothModes(Memories.Backend backend) {
        SharedQueue queue = create(backend, QueueSpec.of(8, 16));
        QueueProducer producer = queue.producer(0);
        QueueConsumer consumer = queue.consumer(0);
        RecordIo io = new RecordIo(16, 16);
        assertEquals(0, io.pushMultiple(producer, 0, 0, BatchMode.ALL_OR_NOTHING));
        assertEquals(5, io.pushMultiple(producer, 0, 5, BatchMode.ALL_OR_NOTHING));
        assertEquals(0, io.pushMultiple(producer, 100, 5, BatchMode.ALL_OR_NOTHING), "3 free: none");
        assertEquals(3, io.pushMultiple(producer, 5, 5, BatchMode.AS_MANY_AS_FIT), "3 free: the first 3");
        assertEquals(0, io.pushMultiple(producer, 100, 1, BatchMode.AS_MANY_AS_FIT), "full");
        assertArrayEquals(new long[] {0, 1, 2, 3}, io.popMultiple(consumer, 4));
        assertArrayEquals(new long[] {4, 5, 6, 7}, io.popMultiple(consumer, 10));
        assertArrayEquals(new long[0], io.popMultiple(consumer, 3));
        assertEquals(8, io.pushMultiple(producer, 20, 9, BatchMode.AS_MANY_AS_FIT), "wraps the ring");
        assertArrayEquals(new long[] {20, 21, 22, 23, 24, 25, 26, 27}, io.popMultiple(consumer, 8));
        assertEquals(0, consumer.popMultiple(Records.scratch(1, 16), 0, 0));
        MemorySegment scratch = Records.scratch(1, 16);
        assertThrows(IllegalArgumentException.class, () -> producer.pushMultiple(scratch, 0, -1, BatchMode.AS_MANY_AS_FIT));
        assertThrows(IllegalArgumentException.class, () -> consumer.popMultiple(scratch, 0, -1));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void attachFromASecondHandleSeesTheSameQueue(Memories.Backend backend) {
        QueueSpec spec = new QueueSpec(4, 16, 2, 2);
        WordMemory memory = backend.allocate(PROVIDER.footprint(spec) + 1024);
        SharedQueue creator = PROVIDER.create(memory, 64, spec);
        RecordIo io = new RecordIo(16, 1);
        assertTrue(io.pushBack(creator.producer(0), 42));
        assertTrue(io.pushFront(creator.producer(1), 41));
        SharedQueue attached = PROVIDER.attach(memory, 64, spec);
        assertEquals("vsched", attached.providerName());
        assertEquals(2, attached.size());
        assertEquals(41, io.popFront(attached.consumer(1)));
        assertEquals(42, io.popBack(attached.consumer(0)));
        assertEquals(0, creator.size());
        IllegalStateException wrongSpec = assertThrows(IllegalStateException.class,
                () -> PROVIDER.attach(memory, 64, new QueueSpec(4, 16, 2, 3)));
        assertTrue(wrongSpec.getMessage().contains("consumers"), wrongSpec.getMessage());
        IllegalStateException wrongDesign = assertThrows(IllegalStateException.class,
                () -> new ClassicQueueProvider().attach(memory, 64, spec));
        assertTrue(wrongDesign.getMessage().contains("'vsched-classic'"), wrongDesign.getMessage());
        assertThrows(IllegalArgumentException.class, () -> attached.producer(2));
        assertThrows(IllegalArgumentException.class, () -> attached.consumer(-1));
    }
}
