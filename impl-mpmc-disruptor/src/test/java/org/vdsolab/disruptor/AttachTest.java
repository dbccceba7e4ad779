package org.vdsolab.disruptor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueHeader;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attach from a second handle: over a second, independent mapping of a vvar region file (what
 * another process does), from other threads, and over both backends; attach writes nothing and
 * refuses a queue of another shape or design, naming the field.
 */
class AttachTest {

    private static final String AREA = "sq";

    @TempDir
    Path dir;

    private static VvarLayout layout(QueueSpec spec) {
        return VvarLayout.builder("disruptor-attach-test")
                .global(AREA, new DisruptorQueueProvider().footprint(spec))
                .build(1);
    }

    @Test
    void aSecondMappingOfTheRegionFileSeesTheSameQueueFromOtherThreads() throws Exception {
        QueueSpec spec = new QueueSpec(8, 64, 2, 2);
        VvarLayout layout = layout(spec);
        Path file = dir.resolve("attach.vvar");
        DisruptorQueueProvider provider = new DisruptorQueueProvider();
        try (SharedRegion kernel = SharedRegion.create(file, layout, true);
             SharedRegion user = SharedRegion.attach(file, layout)) {
            assertFalse(kernel.segment().address() == user.segment().address(), "two independent mappings");
            SharedQueue created = provider.create(kernel.memory(), kernel.offset(AREA), spec);
            SharedQueue attached = provider.attach(user.memory(), user.offset(AREA), spec);

            // One record each way, single-threaded.
            MemorySegment buf = Arena.ofAuto().allocate(64, 8);
            Records.write(buf, 0, 64, 41);
            assertTrue(created.producer(0).pushBack(buf, 0));
            assertEquals(1, attached.size());
            assertTrue(attached.consumer(0).popFront(buf, 0));
            assertEquals(41, Records.check(buf, 0, 64));
            Records.write(buf, 0, 64, 42);
            assertTrue(attached.producer(1).pushBack(buf, 0));
            assertTrue(created.consumer(1).popFront(buf, 0));
            assertEquals(42, Records.check(buf, 0, 64));

            // Producers on the creator's mapping, consumers on the attacher's, all in threads.
            new ExactlyOnceRun(created, attached, 20_000).run();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void attachWritesNothingAndContinuesWhereTheCreatorLeftOff(Backend backend) {
        QueueSpec spec = QueueSpec.of(4, 16);
        Ring r = new Ring(backend, spec);
        assertTrue(r.push(0));
        assertTrue(r.push(1));
        assertEquals(0, r.pop());
        byte[] before = r.memory.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        DisruptorQueue attached = (DisruptorQueue) new DisruptorQueueProvider().attach(r.memory, Ring.BASE, spec);
        attached.producer(0);
        attached.consumer(0);
        assertArrayEquals(before, r.memory.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                "attach and handle creation must not write shared memory");
        MemorySegment buf = Arena.ofAuto().allocate(16, 8);
        assertTrue(attached.consumer(0).popFront(buf, 0));
        assertEquals(1, Records.check(buf, 0, 16));
        assertFalse(r.consumer.popFront(r.out, 0));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void attachRefusesAnotherShapeOrDesignNamingTheField(Backend backend) {
        QueueSpec spec = new QueueSpec(8, 16, 2, 2);
        DisruptorQueueProvider provider = new DisruptorQueueProvider();
        WordMemory memory = backend.memory(Ring.BASE + provider.footprint(new QueueSpec(16, 64, 2, 2)));

        var e = assertThrows(IllegalStateException.class, () -> provider.attach(memory, Ring.BASE, spec));
        assertTrue(e.getMessage().contains("not created"), e.getMessage());

        provider.create(memory, Ring.BASE, spec);
        e = assertThrows(IllegalStateException.class, () -> provider.attach(memory, Ring.BASE, new QueueSpec(8, 16, 3, 2)));
        assertTrue(e.getMessage().contains("producers"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> provider.attach(memory, Ring.BASE, new QueueSpec(8, 16, 2, 1)));
        assertTrue(e.getMessage().contains("consumers"), e.getMessage());
        // Another capacity also changes the footprint; the header names capacity first.
        e = assertThrows(IllegalStateException.class, () -> provider.attach(memory, Ring.BASE, new QueueSpec(16, 16, 2, 2)));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());

        QueueHeader.write(memory, Ring.BASE, "vsched", spec, provider.footprint(spec));
        e = assertThrows(IllegalStateException.class, () -> provider.attach(memory, Ring.BASE, spec));
        assertTrue(e.getMessage().contains("'disruptor'"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createRefusesAMisalignedOrTooSmallArea(Backend backend) {
        QueueSpec spec = QueueSpec.of(4, 16);
        DisruptorQueueProvider provider = new DisruptorQueueProvider();
        WordMemory memory = backend.memory(provider.footprint(spec) + 64);
        var e = assertThrows(IllegalArgumentException.class, () -> provider.create(memory, 32, spec));
        assertTrue(e.getMessage().contains("not aligned"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> provider.create(memory, 128, spec));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }
}
