package org.vdsolab.spsc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.memory.HeapWordMemory;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behaviour both submission-ring designs share with one producer (where spsc-shared behaves like
 * spsc), over both backends: discovery, capabilities, FIFO across laps, full/empty, push_slot,
 * batches, attach, errors.
 */
class SqRingQueueBehaviourTest {

    private static final int RECORD = 64;

    static Stream<Arguments> providersAndBackends() {
        return Stream.of(SpscQueueProvider.NAME, SpscSharedQueueProvider.NAME)
                .flatMap(p -> TestMemories.backends().map(b -> Arguments.of(p, b)));
    }

    private static QueueProvider provider(String name) {
        return Providers.find(QueueProvider.class, name);
    }

    private record Fixture(QueueProvider provider, QueueSpec spec, WordMemory memory, long offset, SharedQueue queue) { }

    private static Fixture create(String name, TestMemories.Backend backend, QueueSpec spec) {
        QueueProvider provider = provider(name);
        long offset = 128;
        WordMemory memory = backend.allocate(offset + provider.footprint(spec));
        return new Fixture(provider, spec, memory, offset, provider.create(memory, offset, spec));
    }

    @Test
    void bothProvidersAreFoundByNameWithTheirCapabilities() {
        QueueProvider spsc = provider("spsc");
        QueueProvider shared = provider("spsc-shared");
        assertInstanceOf(SpscQueueProvider.class, spsc);
        assertInstanceOf(SpscSharedQueueProvider.class, shared);
        assertEquals(EnumSet.of(QueueCapability.RING_PER_PRODUCER, QueueCapability.PUSH_SLOT, QueueCapability.BATCH,
                QueueCapability.EXACTLY_ONCE), spsc.capabilities());
        assertEquals(EnumSet.of(QueueCapability.MULTI_PRODUCER, QueueCapability.PUSH_SLOT, QueueCapability.BATCH),
                shared.capabilities());
        assertFalse(shared.has(QueueCapability.EXACTLY_ONCE));
    }

    @Test
    void validateRejectsMoreThanOneConsumerNamingTheField() {
        for (String name : new String[] {"spsc", "spsc-shared"}) {
            QueueProvider p = provider(name);
            QueueSpec two = new QueueSpec(8, 64, 1, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.validate(two));
            assertTrue(e.getMessage().contains("consumers must be 1, got 2"), e.getMessage());
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.create(new HeapWordMemory(1 << 16), 0, two));
        }
    }

    @Test
    void footprintCoversHeaderAndOneRingPerProducerForSpscAndOneRingForShared() {
        QueueSpec spec = new QueueSpec(16, 64, 3, 1);
        long ring = new SqRingLayout(spec, false).stride();
        assertEquals(64 + 3 * ring, provider("spsc").footprint(spec));
        long sharedRing = new SqRingLayout(spec, true).stride();
        assertEquals(64 + sharedRing, provider("spsc-shared").footprint(spec));
        for (String name : new String[] {"spsc", "spsc-shared"}) {
            assertEquals(0, provider(name).footprint(spec) % QueueProvider.ALIGNMENT);
            assertEquals(16, provider(name).usableCapacity(spec));
        }
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("providersAndBackends")
    void fifoAcrossSeveralLapsWithFullAndEmpty(String name, TestMemories.Backend backend) {
        Fixture f = create(name, backend, QueueSpec.of(8, RECORD));
        QueueProducer producer = f.queue().producer(0);
        QueueConsumer consumer = f.queue().consumer(0);
        MemorySegment in = TestRecords.buffer(1, RECORD);
        MemorySegment out = TestRecords.buffer(1, RECORD);
        assertEquals(8, f.queue().usableCapacity());
        assertFalse(consumer.popFront(out, 0), "a new queue is empty");
        long next = 0;
        long expected = 0;
        for (int lap = 0; lap < 5; lap++) {
            for (int i = 0; i < 8; i++) {
                TestRecords.write(in, 0, RECORD, 0, next++);
                assertTrue(producer.pushBack(in, 0), "push " + i + " of lap " + lap + " fits");
            }
            assertEquals(8, f.queue().size());
            TestRecords.write(in, 0, RECORD, 0, 999);
            assertFalse(producer.pushBack(in, 0), "the ring is full at its usable capacity");
            for (int i = 0; i < 8; i++) {
                assertTrue(consumer.popFront(out, 0));
                assertTrue(TestRecords.intact(out, 0, RECORD));
                assertEquals(expected++, TestRecords.sequence(out, 0));
            }
            assertFalse(consumer.popFront(out, 0));
            assertEquals(0, f.queue().size());
        }
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("providersAndBackends")
    void pushSlotIsInvisibleUntilCloseAndAbortNeverDelivers(String name, TestMemories.Backend backend) {
        Fixture f = create(name, backend, QueueSpec.of(4, RECORD));
        QueueProducer producer = f.queue().producer(0);
        QueueConsumer consumer = f.queue().consumer(0);
        MemorySegment out = TestRecords.buffer(1, RECORD);

        SlotHandle slot = producer.pushSlotBack();
        assertNotNull(slot);
        assertEquals(f.memory().segment(), slot.segment());
        TestRecords.write(slot.segment(), slot.offset(), RECORD, 0, 1);
        assertFalse(consumer.popFront(out, 0), "an open slot is not published");
        assertThrows(IllegalStateException.class, producer::pushSlotBack, "one open slot per producer");
        assertThrows(IllegalStateException.class, () -> producer.pushBack(out, 0), "no push while a slot is open");
        slot.close();
        assertThrows(IllegalStateException.class, slot::close, "a second close throws");
        assertTrue(consumer.popFront(out, 0));
        assertEquals(1, TestRecords.sequence(out, 0));

        SlotHandle aborted = producer.pushSlotBack();
        TestRecords.write(aborted.segment(), aborted.offset(), RECORD, 0, 2);
        aborted.abort();
        assertThrows(IllegalStateException.class, aborted::offset, "use after abort throws");
        assertFalse(consumer.popFront(out, 0), "an aborted slot is never delivered");
        // The aborted slot is reusable: the whole capacity fits again.
        MemorySegment in = TestRecords.buffer(1, RECORD);
        for (int i = 0; i < 4; i++) {
            TestRecords.write(in, 0, RECORD, 0, 10 + i);
            assertTrue(producer.pushBack(in, 0));
        }
        assertNull(producer.pushSlotBack(), "pushSlotBack returns null when full");
        for (int i = 0; i < 4; i++) {
            assertTrue(consumer.popFront(out, 0));
            assertEquals(10 + i, TestRecords.sequence(out, 0));
        }
        assertFalse(consumer.popFront(out, 0));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("providersAndBackends")
    void batchesInBothModesWithPartialSuccess(String name, TestMemories.Backend backend) {
        Fixture f = create(name, backend, QueueSpec.of(8, RECORD));
        QueueProducer producer = f.queue().producer(0);
        QueueConsumer consumer = f.queue().consumer(0);
        MemorySegment in = TestRecords.buffer(12, RECORD);
        MemorySegment out = TestRecords.buffer(12, RECORD);
        for (int i = 0; i < 12; i++) {
            TestRecords.write(in, (long) i * RECORD, RECORD, 0, i);
        }
        assertEquals(0, producer.pushMultiple(in, 0, 0, BatchMode.ALL_OR_NOTHING));
        assertEquals(5, producer.pushMultiple(in, 0, 5, BatchMode.ALL_OR_NOTHING));
        assertEquals(0, producer.pushMultiple(in, 5L * RECORD, 4, BatchMode.ALL_OR_NOTHING), "4 do not fit in 3");
        assertEquals(3, producer.pushMultiple(in, 5L * RECORD, 4, BatchMode.AS_MANY_AS_FIT), "3 of 4 fit");
        assertEquals(0, producer.pushMultiple(in, 0, 1, BatchMode.AS_MANY_AS_FIT));
        assertEquals(3, consumer.popMultiple(out, 0, 3));
        assertEquals(5, consumer.popMultiple(out, 3L * RECORD, 12));
        for (int i = 0; i < 8; i++) {
            assertTrue(TestRecords.intact(out, (long) i * RECORD, RECORD));
            assertEquals(i, TestRecords.sequence(out, (long) i * RECORD));
        }
        assertEquals(0, consumer.popMultiple(out, 0, 4));
        // Batch larger than the ring, across the wrap.
        assertEquals(8, producer.pushMultiple(in, 0, 12, BatchMode.AS_MANY_AS_FIT));
        assertEquals(8, consumer.popMultiple(out, 0, 12));
        assertEquals(7, TestRecords.sequence(out, 7L * RECORD));
        assertThrows(IllegalArgumentException.class, () -> producer.pushMultiple(in, 0, -1, BatchMode.AS_MANY_AS_FIT));
        assertThrows(IllegalArgumentException.class, () -> consumer.popMultiple(out, 0, -1));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("providersAndBackends")
    void undeclaredOperationsThrowNamingTheProviderAndIdsAreChecked(String name, TestMemories.Backend backend) {
        Fixture f = create(name, backend, new QueueSpec(4, RECORD, 2, 1));
        QueueProducer producer = f.queue().producer(1);
        QueueConsumer consumer = f.queue().consumer(0);
        MemorySegment buf = TestRecords.buffer(1, RECORD);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> producer.pushFront(buf, 0));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("double_ended"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, producer::pushSlotFront);
        assertThrows(UnsupportedOperationException.class, () -> consumer.popBack(buf, 0));
        assertThrows(IllegalArgumentException.class, () -> f.queue().producer(2));
        assertThrows(IllegalArgumentException.class, () -> f.queue().producer(-1));
        assertThrows(IllegalArgumentException.class, () -> f.queue().consumer(1));
        assertEquals(1, producer.id());
        assertEquals(0, consumer.id());
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("providersAndBackends")
    void attachSeesTheSameQueueAndNewHandlesResumeWhereTheOldOnesStopped(String name, TestMemories.Backend backend) {
        Fixture f = create(name, backend, QueueSpec.of(4, RECORD));
        MemorySegment buf = TestRecords.buffer(1, RECORD);
        QueueProducer first = f.queue().producer(0);
        for (int i = 0; i < 3; i++) {
            TestRecords.write(buf, 0, RECORD, 0, i);
            assertTrue(first.pushBack(buf, 0));
        }
        QueueConsumer firstConsumer = f.queue().consumer(0);
        assertTrue(firstConsumer.popFront(buf, 0));

        SharedQueue attached = f.provider().attach(f.memory(), f.offset(), f.spec());
        assertEquals(2, attached.size());
        QueueProducer again = attached.producer(0);
        TestRecords.write(buf, 0, RECORD, 0, 3);
        assertTrue(again.pushBack(buf, 0));
        TestRecords.write(buf, 0, RECORD, 0, 4);
        assertTrue(again.pushBack(buf, 0));
        assertFalse(again.pushBack(buf, 0), "the attached view sees the same fill level");
        QueueConsumer consumer = attached.consumer(0);
        for (int i = 1; i <= 4; i++) {
            assertTrue(consumer.popFront(buf, 0));
            assertEquals(i, TestRecords.sequence(buf, 0));
        }
        assertFalse(consumer.popFront(buf, 0));
    }

    @Test
    void attachThroughASecondMappingOfTheSameFile() throws Exception {
        for (String name : new String[] {"spsc", "spsc-shared"}) {
            QueueProvider p = provider(name);
            QueueSpec spec = QueueSpec.of(8, RECORD);
            Path file = Files.createTempFile("vdsolab-spsc-attach", ".vvar");
            file.toFile().deleteOnExit();
            long bytes = p.footprint(spec);
            WordMemory kernel = TestMemories.map(file, bytes);
            WordMemory user = TestMemories.map(file, bytes);
            SharedQueue created = p.create(kernel, 0, spec);
            SharedQueue attached = p.attach(user, 0, spec);
            MemorySegment buf = TestRecords.buffer(1, RECORD);
            TestRecords.write(buf, 0, RECORD, 0, 42);
            assertTrue(attached.producer(0).pushBack(buf, 0), name);
            MemorySegment out = TestRecords.buffer(1, RECORD);
            assertTrue(created.consumer(0).popFront(out, 0), name);
            assertEquals(42, TestRecords.sequence(out, 0));
        }
    }

    @Test
    void attachWithAnotherSpecOrProviderFailsNamingTheField() {
        QueueSpec spec = new QueueSpec(8, RECORD, 2, 1);
        QueueProvider spsc = provider("spsc");
        WordMemory memory = new HeapWordMemory(spsc.footprint(spec) + 4096);
        spsc.create(memory, 0, spec);
        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> provider("spsc-shared").attach(memory, 0, spec));
        assertTrue(other.getMessage().contains("spsc-shared"), other.getMessage());
        IllegalStateException capacity = assertThrows(IllegalStateException.class,
                () -> spsc.attach(memory, 0, new QueueSpec(4, RECORD, 2, 1)));
        assertTrue(capacity.getMessage().contains("capacity"), capacity.getMessage());
        IllegalStateException nothing = assertThrows(IllegalStateException.class,
                () -> spsc.attach(new HeapWordMemory(spsc.footprint(spec)), 0, spec));
        assertTrue(nothing.getMessage().contains("zero"), nothing.getMessage());
    }

    @Test
    void attachFailsNamingTheRingWhenItsReadOnlyWordsAreWrong() {
        QueueSpec spec = new QueueSpec(8, RECORD, 2, 1);
        QueueProvider spsc = provider("spsc");
        WordMemory memory = new HeapWordMemory(spsc.footprint(spec));
        spsc.create(memory, 0, spec);
        long ring1 = 64 + new SqRingLayout(spec, false).stride();
        memory.setInt(ring1 + SqRingLayout.RING_ENTRIES, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> spsc.attach(memory, 0, spec));
        assertTrue(e.getMessage().contains("submission ring 1") && e.getMessage().contains("ring_entries 0"),
                e.getMessage());
    }
}
