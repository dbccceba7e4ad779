package org.vdsolab.spsc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The liburing invariants of {@code spsc}, checked word by word, and its ring-per-producer behaviour. */
class SpscDirectedTest {

    private static final int RECORD = 64;
    private static final SpscQueueProvider PROVIDER = new SpscQueueProvider();

    /** A queue over a recording heap memory, with the absolute offsets of ring {@code r}'s words. */
    private static final class Rig {
        final QueueSpec spec;
        final RecordingMemory memory;
        final SqRingQueue queue;
        final SqRingLayout layout;

        Rig(QueueSpec spec) {
            this.spec = spec;
            this.memory = new RecordingMemory(new HeapWordMemory(PROVIDER.footprint(spec)));
            this.queue = PROVIDER.create(memory, 0, spec);
            this.layout = new SqRingLayout(spec, false);
        }

        long ring(int r) { return 64 + r * layout.stride(); }

        long khead(int r) { return ring(r) + SqRingLayout.KHEAD; }

        long ktail(int r) { return ring(r) + SqRingLayout.KTAIL; }

        long array(int r, int slot) { return ring(r) + layout.array() + 4L * slot; }

        /** The ring's shared control words and index array: everything but the record slots. */
        long[] sharedWords(int r) {
            long[] words = new long[(int) (layout.sqes() / 8)];
            for (int w = 0; w < words.length; w++) {
                words[w] = memory.getLong(ring(r) + 8L * w);
            }
            return words;
        }

        /** Every byte of the queue, as longs. */
        long[] everything() {
            long[] words = new long[(int) (memory.byteSize() / 8)];
            for (int w = 0; w < words.length; w++) {
                words[w] = memory.getLong(8L * w);
            }
            return words;
        }
    }

    @Test
    void getSqeWritesNoSharedWordAndReadsKheadOnlyWhenItsCacheSaysFull() {
        Rig rig = new Rig(QueueSpec.of(4, RECORD));
        QueueProducer producer = rig.queue.producer(0);
        QueueConsumer consumer = rig.queue.consumer(0);
        MemorySegment buf = TestRecords.buffer(1, RECORD);

        long[] before = rig.everything();
        rig.memory.clear();
        SlotHandle slot = producer.pushSlotBack(); // = io_uring_get_sqe
        assertNotNull(slot);
        assertEquals(List.of(), rig.memory.writes(), "get_sqe wrote shared memory");
        assertEquals(List.of(), rig.memory.reads(), "get_sqe with room in its cached khead reads nothing shared");
        assertArrayEquals(before, rig.everything(), "no word of the queue changed");
        slot.abort();
        assertEquals(List.of(), rig.memory.writes(), "abort (un-stage) writes nothing shared");

        for (int i = 0; i < 4; i++) {
            TestRecords.write(buf, 0, RECORD, 0, i);
            assertTrue(producer.pushBack(buf, 0));
        }
        assertTrue(consumer.popFront(buf, 0)); // the consumer frees one slot; the producer's cache still says full
        long[] shared = rig.sharedWords(0);
        rig.memory.clear();
        SlotHandle afterFull = producer.pushSlotBack();
        assertNotNull(afterFull, "the refreshed khead shows the freed slot");
        assertEquals(List.of(rig.khead(0)), rig.memory.reads(), "a full cache makes get_sqe read khead, and only it");
        assertEquals(List.of(), rig.memory.writes());
        assertArrayEquals(shared, rig.sharedWords(0));
        afterFull.abort();

        rig.memory.clear();
        TestRecords.write(buf, 0, RECORD, 0, 9);
        assertTrue(producer.pushBack(buf, 0));
        assertNull(producer.pushSlotBack(), "full again");
        assertEquals(List.of(rig.khead(0)), rig.memory.reads().subList(rig.memory.reads().size() - 1,
                rig.memory.reads().size()), "the failing get_sqe re-read khead");
    }

    @Test
    void oneSubmitOfNStagedEntriesIsOneKtailStore() {
        Rig rig = new Rig(QueueSpec.of(16, RECORD));
        QueueProducer producer = rig.queue.producer(0);
        MemorySegment batch = TestRecords.buffer(7, RECORD);
        for (int i = 0; i < 7; i++) {
            TestRecords.write(batch, (long) i * RECORD, RECORD, 0, i);
        }
        int tailBefore = rig.memory.getInt(rig.ktail(0));
        rig.memory.clear();
        assertEquals(7, producer.pushMultiple(batch, 0, 7, BatchMode.ALL_OR_NOTHING));
        assertEquals(1, rig.memory.writesTo(rig.ktail(0), 4), "one ktail store for the batch of 7");
        assertEquals(tailBefore + 7, rig.memory.getInt(rig.ktail(0)));
        assertEquals(7, rig.memory.writesWithin(rig.array(0, 0), rig.array(0, 16)), "array[] filled for the staged range");
        for (int slot = 0; slot < 7; slot++) {
            assertEquals(slot, rig.memory.getInt(rig.array(0, slot)));
        }
        // The ktail store is the last write: everything it publishes was written before it.
        RecordingMemory.Write last = rig.memory.writes().get(rig.memory.writes().size() - 1);
        assertEquals(rig.ktail(0), last.offset());

        assertEquals(7, producer.pushMultiple(batch, 0, 7, BatchMode.ALL_OR_NOTHING));
        rig.memory.clear();
        assertEquals(2, producer.pushMultiple(batch, 0, 7, BatchMode.AS_MANY_AS_FIT), "2 of 16 were free");
        assertEquals(1, rig.memory.writesTo(rig.ktail(0), 4), "a partial batch is one store too");
        assertEquals(tailBefore + 16, rig.memory.getInt(rig.ktail(0)));
    }

    @Test
    void theConsumerReleasesKheadOncePerRingTouchedByABatch() {
        Rig rig = new Rig(new QueueSpec(8, RECORD, 3, 1));
        MemorySegment buf = TestRecords.buffer(8, RECORD);
        for (int p = 0; p < 3; p++) {
            QueueProducer producer = rig.queue.producer(p);
            for (int i = 0; i < 3; i++) {
                TestRecords.write(buf, 0, RECORD, p, i);
                assertTrue(producer.pushBack(buf, 0));
            }
        }
        QueueConsumer consumer = rig.queue.consumer(0);
        rig.memory.clear();
        assertEquals(8, consumer.popMultiple(buf, 0, 8));
        for (int r = 0; r < 3; r++) {
            assertEquals(1, rig.memory.writesTo(rig.khead(r), 4), "one khead release for ring " + r);
        }
        assertEquals(3, rig.memory.writes().size(), "the consumer writes nothing but the three kheads");
        assertEquals(3, rig.memory.getInt(rig.khead(0)));
        assertEquals(3, rig.memory.getInt(rig.khead(1)));
        assertEquals(2, rig.memory.getInt(rig.khead(2)), "the batch stopped after 8 of 9");
    }

    @Test
    void outOfRangeIndicesInTheArrayAreDroppedAndCounted() {
        Rig rig = new Rig(QueueSpec.of(8, RECORD));
        QueueProducer producer = rig.queue.producer(0);
        MemorySegment buf = TestRecords.buffer(4, RECORD);
        for (int i = 0; i < 4; i++) {
            TestRecords.write(buf, 0, RECORD, 0, i);
            assertTrue(producer.pushBack(buf, 0));
        }
        // A buggy or hostile submitter: array[1] = 8 (== entries) and array[2] = 0xFFFFFFFF (u32, not negative).
        rig.memory.setInt(rig.array(0, 1), 8);
        rig.memory.setInt(rig.array(0, 2), -1);
        QueueConsumer consumer = rig.queue.consumer(0);
        assertTrue(consumer.popFront(buf, 0));
        assertEquals(0, TestRecords.sequence(buf, 0));
        assertTrue(consumer.popFront(buf, 0), "the consumer skips the two dropped entries");
        assertEquals(3, TestRecords.sequence(buf, 0));
        assertFalse(consumer.popFront(buf, 0));
        assertEquals(2, rig.queue.dropped());
        assertEquals(0, rig.queue.size(), "dropped entries are consumed: khead moved past them");
        assertEquals(4, rig.memory.getInt(rig.khead(0)));

        // In a batch too, and the batch still delivers what is valid.
        for (int i = 0; i < 4; i++) {
            TestRecords.write(buf, (long) i * RECORD, RECORD, 0, 10 + i);
        }
        assertEquals(4, producer.pushMultiple(buf, 0, 4, BatchMode.ALL_OR_NOTHING));
        rig.memory.setInt(rig.array(0, 5), 1 << 20);
        MemorySegment out = TestRecords.buffer(4, RECORD);
        assertEquals(3, consumer.popMultiple(out, 0, 4));
        assertEquals(10, TestRecords.sequence(out, 0));
        assertEquals(12, TestRecords.sequence(out, RECORD));
        assertEquals(13, TestRecords.sequence(out, 2L * RECORD));
        assertEquals(3, rig.queue.dropped());
    }

    @Test
    void theConsumerServesRingsRoundRobinResumingAfterTheLastRingServed() {
        Rig rig = new Rig(new QueueSpec(8, RECORD, 3, 1));
        MemorySegment buf = TestRecords.buffer(8, RECORD);
        QueueProducer[] producers = new QueueProducer[3];
        for (int p = 0; p < 3; p++) {
            producers[p] = rig.queue.producer(p);
            for (int i = 0; i < 4; i++) {
                TestRecords.write(buf, 0, RECORD, p, i);
                assertTrue(producers[p].pushBack(buf, 0));
            }
        }
        QueueConsumer consumer = rig.queue.consumer(0);
        List<String> order = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            assertTrue(consumer.popFront(buf, 0));
            order.add(TestRecords.producer(buf, 0) + ":" + TestRecords.sequence(buf, 0));
        }
        assertEquals(List.of("0:0", "1:0", "2:0", "0:1", "1:1", "2:1"), order);

        // A batch resumes after the last ring served (ring 2), so it starts at ring 0 and spills into ring 1.
        assertEquals(3, consumer.popMultiple(buf, 0, 3));
        assertEquals(List.of("0:2", "0:3", "1:2"), labels(buf, 3));
        // Last served: ring 1, so the next single pop comes from ring 2.
        assertTrue(consumer.popFront(buf, 0));
        assertEquals("2:2", labels(buf, 1).get(0));

        TestRecords.write(buf, 0, RECORD, 0, 4);
        assertTrue(producers[0].pushBack(buf, 0));
        order.clear();
        while (consumer.popFront(buf, 0)) {
            order.add(TestRecords.producer(buf, 0) + ":" + TestRecords.sequence(buf, 0));
        }
        assertEquals(List.of("0:4", "1:3", "2:3"), order);

        // An empty ring (1) is skipped without breaking the rotation between the others.
        for (int i = 0; i < 2; i++) {
            TestRecords.write(buf, 0, RECORD, 0, 5 + i);
            assertTrue(producers[0].pushBack(buf, 0));
            TestRecords.write(buf, 0, RECORD, 2, 4 + i);
            assertTrue(producers[2].pushBack(buf, 0));
        }
        order.clear();
        while (consumer.popFront(buf, 0)) {
            order.add(TestRecords.producer(buf, 0) + ":" + TestRecords.sequence(buf, 0));
        }
        assertEquals(List.of("0:5", "2:4", "0:6", "2:5"), order);
    }

    private static List<String> labels(MemorySegment buf, int n) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(TestRecords.producer(buf, (long) i * RECORD) + ":" + TestRecords.sequence(buf, (long) i * RECORD));
        }
        return labels;
    }

    static Stream<TestMemories.Backend> backends() {
        return TestMemories.backends();
    }

    @ParameterizedTest(name = "over {0}")
    @MethodSource("backends")
    void threeProducerThreadsOnTheirOwnRingsArriveIntactAndInOrderPerProducer(TestMemories.Backend backend)
            throws Exception {
        int producers = 3;
        int perProducer = 20_000;
        QueueSpec spec = new QueueSpec(64, RECORD, producers, 1);
        WordMemory memory = backend.allocate(PROVIDER.footprint(spec));
        SqRingQueue queue = PROVIDER.create(memory, 0, spec);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            QueueProducer producer = queue.producer(p);
            int id = p;
            threads.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                try {
                    produce(producer, id, perProducer);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        QueueConsumer consumer = queue.consumer(0);
        long[] next = new long[producers];
        MemorySegment out = TestRecords.buffer(16, RECORD);
        long received = 0;
        long total = (long) producers * perProducer;
        int round = 0;
        while (received < total) {
            if (failure.get() != null) {
                break;
            }
            int n = (round++ & 1) == 0 ? (consumer.popFront(out, 0) ? 1 : 0) : consumer.popMultiple(out, 0, 16);
            for (int i = 0; i < n; i++) {
                long at = (long) i * RECORD;
                assertTrue(TestRecords.intact(out, at, RECORD), "torn record");
                int p = (int) TestRecords.producer(out, at);
                assertEquals(next[p], TestRecords.sequence(out, at), "FIFO per producer " + p);
                next[p]++;
            }
            received += n;
            if (n == 0) {
                Thread.yield();
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a producer failed", failure.get());
        }
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, next[p], "records of producer " + p);
        }
        assertFalse(consumer.popFront(out, 0), "nothing extra");
        assertEquals(0, queue.dropped());
    }

    /** Pushes {@code count} records by every route: pushBack, pushSlotBack and pushMultiple. */
    private static void produce(QueueProducer producer, int id, int count) {
        MemorySegment buf = TestRecords.buffer(8, RECORD);
        long sequence = 0;
        int route = 0;
        while (sequence < count) {
            long before = sequence;
            switch (route++ % 3) {
                case 0 -> {
                    TestRecords.write(buf, 0, RECORD, id, sequence);
                    if (producer.pushBack(buf, 0)) {
                        sequence++;
                    }
                }
                case 1 -> {
                    SlotHandle slot = producer.pushSlotBack();
                    if (slot != null) {
                        TestRecords.write(slot.segment(), slot.offset(), RECORD, id, sequence++);
                        slot.close();
                    }
                }
                default -> {
                    int n = (int) Math.min(8, count - sequence);
                    for (int i = 0; i < n; i++) {
                        TestRecords.write(buf, (long) i * RECORD, RECORD, id, sequence + i);
                    }
                    sequence += producer.pushMultiple(buf, 0, n, BatchMode.AS_MANY_AS_FIT);
                }
            }
            if (sequence == before) {
                Thread.yield(); // full: let the consumer run (2 shared cores)
            }
        }
    }
}
