package org.vdsolab.api.queue.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueHeader;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.queue.SlotHandle;
import org.vdsolab.api.spi.Providers;

import org.vdsolab.api.testing.StallGuard;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract every {@link QueueProvider} must meet, as a JUnit 5 test a provider's module runs
 * by subclassing and naming its provider:
 *
 * <pre>{@code
 * class VschedContractTest extends QueueContractTest {
 *     @Override protected String providerName() { return "vsched"; }
 * }
 * }</pre>
 *
 * <p>Every check runs over both {@link Backend}s (heap {@code long[]} and a mapped temp file),
 * with the queue at a non-zero offset between canary words that must survive every test (a queue
 * writes nothing outside its footprint). Checks cover only what {@link QueueProvider#capabilities()}
 * declares; for every operation not declared the same test asserts that it throws
 * {@link UnsupportedOperationException}. Records are {@link TestRecords}: self-checking, 16 or 64
 * bytes. The multi-threaded exactly-once check exists only for EXACTLY_ONCE providers.
 *
 * <p>Single-threaded checks call pops only when no slot is claimed-but-unpublished (a design may
 * make consumers wait for such a slot); the publish-visibility check uses a second thread.
 */
public abstract class QueueContractTest {

    /** Ring slots used by most checks. */
    protected static final int CAPACITY = 8;
    /** Where the queue starts in the test memory: the bytes before it are canaries. */
    private static final long BASE = 128;
    /** Canary bytes after the queue's footprint. */
    private static final long TAIL_CANARY = 128;
    private static final long CANARY = 0x0CA7_CA7C_A7CA_7CA7L;
    /** Bound on any wait in the threaded checks; exceeding it fails the test naming the provider. */
    private static final long DEADLINE_NANOS = StallGuard.EVENT_BOUND.toNanos();
    /** How long consumers keep polling an empty queue after the producers finished before giving up on missing records. */
    private static final long EMPTY_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** The provider's name, as {@link Providers#find} knows it. */
    protected abstract String providerName();

    /** The provider under test; by default found by name on the class path. */
    protected QueueProvider provider() {
        return Providers.find(QueueProvider.class, providerName());
    }

    // ------------------------------------------------------------------ fixture and helpers

    private boolean has(QueueCapability c) { return provider().capabilities().contains(c); }

    private boolean manyProducers() { return has(QueueCapability.MULTI_PRODUCER) || has(QueueCapability.RING_PER_PRODUCER); }

    /** A spec with as many producers/consumers as asked, clamped to what the design accepts. */
    private QueueSpec spec(int capacity, int recordBytes, int producers, int consumers) {
        return new QueueSpec(capacity, recordBytes, manyProducers() ? producers : 1,
                has(QueueCapability.MULTI_CONSUMER) ? consumers : 1);
    }

    /** One queue in fresh memory of one backend, between canaries. Closing checks the canaries. */
    protected final class Fixture implements AutoCloseable {
        final Backend.TestMemory testMemory;
        final WordMemory memory;
        final QueueSpec spec;
        final long footprint;
        SharedQueue queue;
        final MemorySegment scratch;

        Fixture(Backend backend, QueueSpec spec, long minQueueBytes) {
            QueueProvider p = provider();
            this.spec = spec;
            this.footprint = p.footprint(spec);
            // At least minQueueBytes after BASE, so that attaching with a larger spec reads inside the memory.
            this.testMemory = backend.open(BASE + Math.max(footprint + TAIL_CANARY, (minQueueBytes + 7) & -8L));
            this.memory = testMemory.memory();
            for (long o = 0; o < BASE; o += 8) {
                memory.setLong(o, CANARY);
            }
            for (long o = BASE + footprint; o < BASE + footprint + TAIL_CANARY; o += 8) {
                memory.setLong(o, CANARY);
            }
            this.queue = p.create(memory, BASE, spec);
            this.scratch = MemorySegment.ofArray(new long[Math.max(2, spec.capacity() + 1) * spec.recordBytes() / 8]);
        }

        /** Creates a new, empty queue over the same memory (old handles become meaningless). */
        SharedQueue recreate() {
            queue = provider().create(memory, BASE, spec);
            return queue;
        }

        int rb() { return spec.recordBytes(); }

        boolean push(QueueProducer p, long key) {
            TestRecords.write(scratch, 0, rb(), key);
            return p.pushBack(scratch, 0);
        }

        boolean pushFront(QueueProducer p, long key) {
            TestRecords.write(scratch, 0, rb(), key);
            return p.pushFront(scratch, 0);
        }

        /** The key of the popped record (checked intact), or null when the pop found nothing. */
        Long pop(QueueConsumer c) {
            return c.popFront(scratch, 0) ? TestRecords.verify(scratch, 0, rb()) : null;
        }

        Long popBack(QueueConsumer c) {
            return c.popBack(scratch, 0) ? TestRecords.verify(scratch, 0, rb()) : null;
        }

        @Override
        public void close() {
            try {
                for (long o = 0; o < BASE; o += 8) {
                    assertEquals(CANARY, memory.getLong(o), "'" + providerName() + "' wrote below its base offset, at byte " + o);
                }
                for (long o = BASE + footprint; o < BASE + footprint + TAIL_CANARY; o += 8) {
                    assertEquals(CANARY, memory.getLong(o), "'" + providerName() + "' wrote past its footprint of "
                            + footprint + " bytes, at byte " + (o - BASE));
                }
            } finally {
                testMemory.close();
            }
        }
    }

    protected Fixture fixture(Backend backend, QueueSpec spec) {
        return new Fixture(backend, spec, 0);
    }

    static Stream<Arguments> backendsAndRecordSizes() {
        List<Arguments> out = new ArrayList<>();
        for (Backend b : Backend.values()) {
            out.add(Arguments.of(b, 16));
            out.add(Arguments.of(b, 64));
        }
        return out.stream();
    }

    static Stream<Arguments> backendsAndCapacities() {
        List<Arguments> out = new ArrayList<>();
        for (Backend b : Backend.values()) {
            out.add(Arguments.of(b, 2));
            out.add(Arguments.of(b, CAPACITY));
        }
        return out.stream();
    }

    // ------------------------------------------------------------------ identity and capabilities

    @Test
    void providerIsFoundUnderItsNameAndDescribesItself() {
        QueueProvider p = provider();
        assertEquals(providerName(), p.name(), "provider name");
        assertNotNull(p.description(), "description");
        assertFalse(p.description().isBlank(), "description must not be blank");
        assertNotNull(p.capabilities(), "capabilities");
        QueueSpec spec = spec(CAPACITY, 64, 2, 2);
        long fp = p.footprint(spec);
        assertTrue(fp > QueueHeader.BYTES && fp % QueueProvider.ALIGNMENT == 0,
                "footprint " + fp + " must exceed the header and be a multiple of " + QueueProvider.ALIGNMENT);
        int usable = p.usableCapacity(spec);
        assertTrue(usable >= 1 && usable <= CAPACITY, "usable capacity " + usable + " outside [1, " + CAPACITY + "]");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void undeclaredOperationsThrowUnsupportedOperationException(Backend backend) {
        try (Fixture f = fixture(backend, spec(CAPACITY, 16, 1, 1))) {
            QueueProducer p = f.queue.producer(0);
            QueueConsumer c = f.queue.consumer(0);
            List<String> checked = new ArrayList<>();
            if (!has(QueueCapability.DOUBLE_ENDED)) {
                assertThrows(UnsupportedOperationException.class, () -> f.pushFront(p, 1), "pushFront without DOUBLE_ENDED");
                assertThrows(UnsupportedOperationException.class, () -> f.popBack(c), "popBack without DOUBLE_ENDED");
                checked.add("pushFront/popBack");
            }
            if (!has(QueueCapability.PUSH_SLOT)) {
                assertThrows(UnsupportedOperationException.class, p::pushSlotBack, "pushSlotBack without PUSH_SLOT");
                checked.add("pushSlotBack");
            }
            if (!has(QueueCapability.PUSH_SLOT) || !has(QueueCapability.DOUBLE_ENDED)) {
                assertThrows(UnsupportedOperationException.class, p::pushSlotFront, "pushSlotFront without PUSH_SLOT and DOUBLE_ENDED");
                checked.add("pushSlotFront");
            }
            if (!has(QueueCapability.BATCH)) {
                assertThrows(UnsupportedOperationException.class,
                        () -> p.pushMultiple(f.scratch, 0, 1, BatchMode.AS_MANY_AS_FIT), "pushMultiple without BATCH");
                assertThrows(UnsupportedOperationException.class, () -> c.popMultiple(f.scratch, 0, 1), "popMultiple without BATCH");
                checked.add("pushMultiple/popMultiple");
            }
            // The queue is still usable and empty after the refused calls.
            assertNull(f.pop(c), "a refused operation left something in the queue");
            assertTrue(f.push(p, TestRecords.key(0, 0)));
            assertEquals(TestRecords.key(0, 0), f.pop(c));
            System.out.println("[testkit] " + providerName() + " refuses undeclared " + (checked.isEmpty() ? "(none)" : checked));
        }
    }

    @Test
    void validateRejectsPartyCountsTheDesignCannotServe() {
        QueueProvider p = provider();
        QueueSpec twoConsumers = new QueueSpec(CAPACITY, 16, 1, 2);
        if (has(QueueCapability.MULTI_CONSUMER)) {
            p.validate(twoConsumers);
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.validate(twoConsumers),
                    "a single-consumer design must refuse 2 consumers");
            assertTrue(e.getMessage().contains("consumer"), "the message must name the consumers: " + e.getMessage());
        }
        QueueSpec twoProducers = new QueueSpec(CAPACITY, 16, 2, 1);
        if (manyProducers()) {
            p.validate(twoProducers);
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.validate(twoProducers),
                    "a single-producer design must refuse 2 producers");
            assertTrue(e.getMessage().contains("producer"), "the message must name the producers: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ FIFO, capacity, producers

    @ParameterizedTest(name = "{0}, {1}-byte records")
    @MethodSource("backendsAndRecordSizes")
    void fifoOrderAcrossManyWrapArounds(Backend backend, int recordBytes) {
        try (Fixture f = fixture(backend, spec(CAPACITY, recordBytes, 1, 1))) {
            QueueProducer p = f.queue.producer(0);
            QueueConsumer c = f.queue.consumer(0);
            int usable = f.queue.usableCapacity();
            assertEquals(provider().usableCapacity(f.spec), usable, "queue and provider disagree on usable capacity");
            long pushed = 0;
            long popped = 0;
            for (int i = 0; i < usable; i++) {
                assertTrue(f.push(p, TestRecords.key(0, pushed++)), "push " + i + " of " + usable + " into an empty queue");
            }
            for (int i = 0; i < usable; i++) {
                assertEquals(TestRecords.key(0, popped++), f.pop(c), "FIFO order");
            }
            for (int round = 0; round < 6 * CAPACITY; round++) {
                int k = 1 + round % usable;
                for (int i = 0; i < k; i++) {
                    assertTrue(f.push(p, TestRecords.key(0, pushed++)));
                }
                for (int i = 0; i < k; i++) {
                    assertEquals(TestRecords.key(0, popped++), f.pop(c), "FIFO order after " + round + " rounds");
                }
            }
            assertNull(f.pop(c), "a drained queue must pop nothing");
        }
    }

    @ParameterizedTest(name = "{0}, capacity {1}")
    @MethodSource("backendsAndCapacities")
    void capacityFullAndEmpty(Backend backend, int capacity) {
        try (Fixture f = fixture(backend, spec(capacity, 16, 1, 1))) {
            QueueProducer p = f.queue.producer(0);
            QueueConsumer c = f.queue.consumer(0);
            int usable = f.queue.usableCapacity();
            assertTrue(usable >= 1 && usable <= capacity, "usable capacity " + usable + " outside [1, " + capacity + "]");
            assertNull(f.pop(c), "a new queue must be empty");
            assertEquals(0, f.queue.size(), "size of a new queue");
            int accepted = 0;
            while (accepted <= usable && f.push(p, TestRecords.key(0, accepted))) {
                accepted++;
            }
            assertEquals(usable, accepted, "pushes accepted by an empty queue must equal usableCapacity()");
            assertEquals(usable, f.queue.size(), "size of a full queue");
            assertFalse(f.push(p, TestRecords.key(0, 999)), "a full queue must refuse again");
            assertEquals(TestRecords.key(0, 0), f.pop(c));
            assertTrue(f.push(p, TestRecords.key(0, usable)), "one pop must make room for one push");
            assertFalse(f.push(p, TestRecords.key(0, 999)), "and only one");
            for (int i = 1; i <= usable; i++) {
                assertEquals(TestRecords.key(0, i), f.pop(c), "drain in order");
            }
            assertNull(f.pop(c), "drained");
            assertEquals(0, f.queue.size(), "size of a drained queue");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void fifoPerProducerAndRingPerProducer(Backend backend) {
        if (!manyProducers()) {
            assertThrows(IllegalArgumentException.class, () -> provider().validate(new QueueSpec(CAPACITY, 16, 2, 1)),
                    "a design without MULTI_PRODUCER or RING_PER_PRODUCER must refuse a second producer");
            return;
        }
        int producers = 3;
        try (Fixture f = fixture(backend, spec(CAPACITY, 16, producers, 1))) {
            QueueProducer[] ps = new QueueProducer[producers];
            for (int i = 0; i < producers; i++) {
                ps[i] = f.queue.producer(i);
                assertEquals(i, ps[i].id(), "producer id");
            }
            QueueConsumer c = f.queue.consumer(0);
            int usable = f.queue.usableCapacity();
            long[] next = new long[producers];
            int total;
            if (has(QueueCapability.RING_PER_PRODUCER)) {
                // Each producer owns a ring of usableCapacity(): filling one leaves the others free.
                for (int i = 0; i < usable; i++) {
                    assertTrue(f.push(ps[0], TestRecords.key(0, next[0]++)), "producer 0 into its own ring");
                }
                assertFalse(f.push(ps[0], TestRecords.key(0, 999)), "producer 0's ring is full");
                for (int pi = 1; pi < producers; pi++) {
                    for (int i = 0; i < usable; i++) {
                        assertTrue(f.push(ps[pi], TestRecords.key(pi, next[pi]++)),
                                "producer " + pi + " has a ring of its own, unaffected by producer 0's full ring");
                    }
                    assertFalse(f.push(ps[pi], TestRecords.key(pi, 999)), "producer " + pi + "'s ring is full");
                }
                total = producers * usable;
            } else {
                // One shared queue: round-robin until it is full.
                total = 0;
                outer:
                while (true) {
                    for (int pi = 0; pi < producers; pi++) {
                        if (!f.push(ps[pi], TestRecords.key(pi, next[pi]))) {
                            break outer;
                        }
                        next[pi]++;
                        total++;
                    }
                }
                assertEquals(usable, total, "producers together fill usableCapacity()");
            }
            assertEquals(total, f.queue.size(), "size counts every producer's records");
            long[] expect = new long[producers];
            for (int i = 0; i < total; i++) {
                Long key = f.pop(c);
                assertNotNull(key, "record " + i + " of " + total + " missing");
                int pi = TestRecords.producerOf(key);
                assertTrue(pi < producers, "unknown producer " + pi);
                assertEquals(expect[pi]++, TestRecords.seqOf(key), "FIFO order of producer " + pi);
            }
            assertNull(f.pop(c), "nothing beyond what was pushed");
            for (int pi = 0; pi < producers; pi++) {
                assertEquals(next[pi], expect[pi], "records of producer " + pi);
            }
        }
    }

    // ------------------------------------------------------------------ both ends

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void dequeSemanticsAtBothEnds(Backend backend) {
        try (Fixture f = fixture(backend, spec(CAPACITY, 16, 1, 1))) {
            QueueProducer p = f.queue.producer(0);
            QueueConsumer c = f.queue.consumer(0);
            if (!has(QueueCapability.DOUBLE_ENDED)) {
                assertThrows(UnsupportedOperationException.class, () -> f.pushFront(p, 1));
                assertThrows(UnsupportedOperationException.class, () -> f.popBack(c));
                return;
            }
            long a = TestRecords.key(0, 1);
            long b = TestRecords.key(0, 2);
            long d = TestRecords.key(0, 3);
            assertTrue(f.pushFront(p, a));
            assertTrue(f.pushFront(p, b));
            assertTrue(f.push(p, d));
            assertEquals(b, f.pop(c), "popFront takes the last pushFront");
            assertEquals(d, f.popBack(c), "popBack takes the last pushBack");
            assertEquals(a, f.popBack(c));
            assertNull(f.popBack(c), "empty from the back");
            assertNull(f.pop(c), "empty from the front");

            int usable = f.queue.usableCapacity();
            int accepted = 0;
            while (accepted <= usable && f.pushFront(p, TestRecords.key(0, accepted))) {
                accepted++;
            }
            assertEquals(usable, accepted, "pushFront fills usableCapacity()");
            assertFalse(f.push(p, TestRecords.key(0, 999)), "pushBack into a queue filled from the front");
            assertEquals(TestRecords.key(0, 0), f.popBack(c), "the first pushFront is the back");
            assertEquals(TestRecords.key(0, usable - 1), f.pop(c), "the last pushFront is the front");
            while (f.pop(c) != null) {
                // drain
            }

            // Differential test against the bounded-deque model, through full and empty many times.
            BoundedDequeSpec model = new BoundedDequeSpec(usable);
            Random random = new Random(42);
            for (int i = 0; i < 4000; i++) {
                long key = TestRecords.key(0, 1000 + i);
                switch (random.nextInt(4)) {
                    case 0 -> assertEquals(model.pushBack(0, key), f.push(p, key), "pushBack at step " + i);
                    case 1 -> assertEquals(model.pushFront(0, key), f.pushFront(p, key), "pushFront at step " + i);
                    case 2 -> assertEquals(model.popFront(0), f.pop(c), "popFront at step " + i);
                    default -> assertEquals(model.popBack(0), f.popBack(c), "popBack at step " + i);
                }
                assertEquals(model.size(), f.queue.size(), "size at step " + i);
            }
        }
    }

    // ------------------------------------------------------------------ push_slot

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void pushSlotPublishesOnClose(Backend backend) throws Exception {
        try (Fixture f = fixture(backend, spec(CAPACITY, 64, 1, 1))) {
            QueueProducer p = f.queue.producer(0);
            QueueConsumer c = f.queue.consumer(0);
            if (!has(QueueCapability.PUSH_SLOT)) {
                assertThrows(UnsupportedOperationException.class, p::pushSlotBack);
                assertThrows(UnsupportedOperationException.class, p::pushSlotFront);
                return;
            }
            int rb = f.rb();
            SlotHandle h = p.pushSlotBack();
            assertNotNull(h, "claim in an empty queue");
            assertThrows(IllegalStateException.class, p::pushSlotBack, "a second claim while the first handle is open");
            TestRecords.write(h.segment(), h.offset(), rb, TestRecords.key(0, 0));
            h.close();
            assertThrows(IllegalStateException.class, h::close, "closing twice");
            assertEquals(TestRecords.key(0, 0), f.pop(c), "the published slot");

            // Slots and copies from one producer keep their order.
            SlotHandle a = p.pushSlotBack();
            TestRecords.write(a.segment(), a.offset(), rb, TestRecords.key(0, 1));
            a.close();
            assertTrue(f.push(p, TestRecords.key(0, 2)));
            SlotHandle b = p.pushSlotBack();
            TestRecords.write(b.segment(), b.offset(), rb, TestRecords.key(0, 3));
            b.close();
            for (int i = 1; i <= 3; i++) {
                assertEquals(TestRecords.key(0, i), f.pop(c), "slot and copy pushes in order");
            }

            // A full queue refuses a claim.
            int usable = f.queue.usableCapacity();
            for (int i = 0; i < usable; i++) {
                assertTrue(f.push(p, TestRecords.key(0, 10 + i)));
            }
            assertNull(p.pushSlotBack(), "pushSlotBack on a full queue returns null");
            for (int i = 0; i < usable; i++) {
                assertEquals(TestRecords.key(0, 10 + i), f.pop(c));
            }

            if (has(QueueCapability.DOUBLE_ENDED)) {
                assertTrue(f.push(p, TestRecords.key(0, 100)));
                SlotHandle front = p.pushSlotFront();
                assertNotNull(front, "front claim");
                TestRecords.write(front.segment(), front.offset(), rb, TestRecords.key(0, 101));
                front.close();
                assertEquals(TestRecords.key(0, 101), f.pop(c), "a front slot is popped first");
                assertEquals(TestRecords.key(0, 100), f.pop(c));
            }
            assertNull(f.pop(c));

            publishedOnlyAfterClose(f, p, c);
        }
    }

    /**
     * A consumer thread polls while the producer holds a claimed slot; the record must reach it
     * only after close, and intact. The producer flags "closing" just before close(), so a pop that
     * returns earlier is caught without any timing assertion. Designs may make the consumer wait
     * inside popFront or return false meanwhile: both pass.
     */
    private void publishedOnlyAfterClose(Fixture f, QueueProducer p, QueueConsumer c) throws Exception {
        int rb = f.rb();
        long key = TestRecords.key(0, 7777);
        MemorySegment dst = MemorySegment.ofArray(new long[rb / 8]);
        AtomicBoolean closing = new AtomicBoolean();
        AtomicReference<String> problem = new AtomicReference<>();
        CountDownLatch polling = new CountDownLatch(1);
        SlotHandle h = p.pushSlotBack();
        assertNotNull(h);
        Thread consumer = new Thread(() -> {
            polling.countDown();
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (System.nanoTime() < deadline) {
                if (c.popFront(dst, 0)) {
                    if (!closing.get()) {
                        problem.set("a claimed slot was delivered before its handle was closed");
                    } else if (!TestRecords.intact(dst, 0, rb) || dst.get(ValueLayout.JAVA_LONG_UNALIGNED, 0) != key) {
                        problem.set("the published record arrived torn or wrong");
                    }
                    return;
                }
                Thread.onSpinWait();
            }
            problem.set("the published record never arrived within " + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS) + " s");
        }, "testkit-consumer");
        consumer.setDaemon(true);
        consumer.start();
        assertTrue(polling.await(StallGuard.EVENT_BOUND.toSeconds(), TimeUnit.SECONDS));
        Thread.sleep(30); // let the consumer poll the claimed slot for a while (not a timing assertion)
        // Fill in place, key first and checksum last, as a producer building an SQE would.
        TestRecords.write(h.segment(), h.offset(), rb, key);
        closing.set(true);
        h.close();
        consumer.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS) + 5000);
        assertFalse(consumer.isAlive(), "'" + providerName() + "': consumer still polling after the deadline");
        assertNull(problem.get(), "'" + providerName() + "': " + problem.get());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void pushSlotAbortNeverDeliversAndFreesTheSlot(Backend backend) {
        try (Fixture f = fixture(backend, spec(CAPACITY, 64, 2, 1))) {
            QueueProducer p = f.queue.producer(0);
            QueueConsumer c = f.queue.consumer(0);
            if (!has(QueueCapability.PUSH_SLOT)) {
                assertThrows(UnsupportedOperationException.class, p::pushSlotBack);
                return;
            }
            int rb = f.rb();
            long seq = 0;
            for (int round = 0; round < 3 * CAPACITY; round++) {
                SlotHandle h = p.pushSlotBack();
                assertNotNull(h, "claim in round " + round);
                TestRecords.writeGarbage(h.segment(), h.offset(), rb);
                h.abort();
                assertThrows(IllegalStateException.class, h::close, "closing an aborted handle");
                assertTrue(f.push(p, TestRecords.key(0, seq)), "push after an abort in round " + round);
                assertEquals(TestRecords.key(0, seq++), f.pop(c), "the aborted slot is skipped, the next record delivered");
                assertNull(f.pop(c), "an aborted slot is never delivered (round " + round + ")");
            }
            int usable = f.queue.usableCapacity();
            for (int i = 0; i < usable; i++) {
                assertTrue(f.push(p, TestRecords.key(0, seq + i)), "after aborts the queue holds usableCapacity() again");
            }
            for (int i = 0; i < usable; i++) {
                assertEquals(TestRecords.key(0, seq + i), f.pop(c));
            }
            assertNull(f.pop(c));

            if (manyProducers()) {
                // Another producer's record pushed while a claim is open survives the abort.
                QueueProducer other = f.queue.producer(1);
                SlotHandle h = p.pushSlotBack();
                assertNotNull(h);
                TestRecords.writeGarbage(h.segment(), h.offset(), rb);
                assertTrue(f.push(other, TestRecords.key(1, 0)));
                h.abort();
                assertEquals(TestRecords.key(1, 0), f.pop(c), "the other producer's record");
                assertNull(f.pop(c), "and nothing from the aborted slot");
            }
            if (has(QueueCapability.DOUBLE_ENDED)) {
                assertTrue(f.push(p, TestRecords.key(0, 500)));
                SlotHandle front = p.pushSlotFront();
                assertNotNull(front);
                TestRecords.writeGarbage(front.segment(), front.offset(), rb);
                front.abort();
                assertEquals(TestRecords.key(0, 500), f.pop(c), "an aborted front slot is skipped");
                assertNull(f.pop(c));
            }
        }
    }

    // ------------------------------------------------------------------ batches

    @ParameterizedTest(name = "{0}, {1}-byte records")
    @MethodSource("backendsAndRecordSizes")
    void batchesOfEverySizeWithPartialSuccess(Backend backend, int recordBytes) {
        try (Fixture f = fixture(backend, spec(CAPACITY, recordBytes, 1, 1))) {
            if (!has(QueueCapability.BATCH)) {
                QueueProducer p = f.queue.producer(0);
                QueueConsumer c = f.queue.consumer(0);
                assertThrows(UnsupportedOperationException.class, () -> p.pushMultiple(f.scratch, 0, 1, BatchMode.ALL_OR_NOTHING));
                assertThrows(UnsupportedOperationException.class, () -> c.popMultiple(f.scratch, 0, 1));
                return;
            }
            int usable = f.queue.usableCapacity();
            TreeSet<Integer> fills = new TreeSet<>(List.of(0, 1, usable / 2, usable - 1, usable));
            MemorySegment batch = MemorySegment.ofArray(new long[(CAPACITY + 1) * recordBytes / 8]);
            for (BatchMode mode : BatchMode.values()) {
                for (int n = 1; n <= CAPACITY; n++) {
                    for (int fill : fills) {
                        SharedQueue q = f.recreate();
                        QueueProducer p = q.producer(0);
                        QueueConsumer c = q.consumer(0);
                        String where = mode + " batch of " + n + " into a queue holding " + fill + " of " + usable;
                        assertEquals(0, p.pushMultiple(batch, 0, 0, mode), "a batch of 0 pushes nothing");
                        for (int i = 0; i < fill; i++) {
                            assertTrue(f.push(p, TestRecords.key(0, i)), where);
                        }
                        for (int i = 0; i < n; i++) {
                            TestRecords.write(batch, (long) i * recordBytes, recordBytes, TestRecords.key(0, fill + i));
                        }
                        int room = usable - fill;
                        int expected = mode == BatchMode.ALL_OR_NOTHING ? (n <= room ? n : 0) : Math.min(n, room);
                        assertEquals(expected, p.pushMultiple(batch, 0, n, mode), where);
                        int total = fill + expected;
                        assertEquals(total, q.size(), "size after " + where);
                        assertEquals(0, c.popMultiple(batch, 0, 0), "popMultiple of 0 pops nothing");
                        int popped = 0;
                        while (popped < total) {
                            int want = Math.min(n, total - popped);
                            int got = c.popMultiple(batch, 0, n);
                            assertEquals(want, got, "popMultiple(" + n + ") with " + (total - popped) + " queued, after " + where);
                            for (int i = 0; i < got; i++) {
                                assertEquals(TestRecords.key(0, popped + i), TestRecords.verify(batch, (long) i * recordBytes, recordBytes),
                                        "batch pop order after " + where);
                            }
                            popped += got;
                        }
                        assertEquals(0, c.popMultiple(batch, 0, n), "popMultiple on an empty queue");
                        assertNull(f.pop(c), "drained after " + where);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ attach and ids

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void attachSeesTheSameQueueAndRefusesAnotherShape(Backend backend) {
        QueueProvider provider = provider();
        QueueSpec spec = spec(CAPACITY, 16, 2, 2);
        long largest = Math.max(provider.footprint(new QueueSpec(CAPACITY * 2, 16, spec.producers(), spec.consumers())),
                provider.footprint(new QueueSpec(CAPACITY, 64, spec.producers(), spec.consumers())));
        try (Fixture f = new Fixture(backend, spec, largest)) {
            SharedQueue second = provider.attach(f.memory, BASE, spec);
            assertEquals(provider.name(), second.providerName());
            assertEquals(spec, second.spec());
            assertEquals(f.queue.usableCapacity(), second.usableCapacity());
            assertTrue(f.push(f.queue.producer(0), TestRecords.key(0, 1)));
            assertEquals(1, second.size(), "the attached handle sees the record");
            assertEquals(TestRecords.key(0, 1), f.pop(second.consumer(0)), "pushed through one handle, popped through the other");
            assertTrue(f.push(second.producer(0), TestRecords.key(0, 2)));
            assertEquals(TestRecords.key(0, 2), f.pop(f.queue.consumer(0)));

            expectMismatch(() -> provider.attach(f.memory, BASE, new QueueSpec(CAPACITY * 2, 16, spec.producers(), spec.consumers())), "capacity");
            expectMismatch(() -> provider.attach(f.memory, BASE, new QueueSpec(CAPACITY, 64, spec.producers(), spec.consumers())), "recordBytes");
            if (spec.producers() > 1) {
                expectMismatch(() -> provider.attach(f.memory, BASE, new QueueSpec(CAPACITY, 16, 1, spec.consumers())), "producers");
            }
            if (spec.consumers() > 1) {
                expectMismatch(() -> provider.attach(f.memory, BASE, new QueueSpec(CAPACITY, 16, spec.producers(), 1)), "consumers");
            }
            // Another design's queue at the same place.
            QueueHeader.write(f.memory, BASE, "kit-another-design", spec, f.footprint);
            expectMismatch(() -> provider.attach(f.memory, BASE, spec), "magic");
            // Nothing there at all.
            f.memory.zero(BASE, f.footprint);
            expectMismatch(() -> provider.attach(f.memory, BASE, spec), "zero");
        }
    }

    private void expectMismatch(org.junit.jupiter.api.function.Executable attach, String field) {
        IllegalStateException e = assertThrows(IllegalStateException.class, attach,
                "'" + providerName() + "': attach with a different " + field + " must fail");
        assertTrue(e.getMessage().contains(field), "the message must name '" + field + "': " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void producerAndConsumerIdsOutsideTheSpecAreRefused(Backend backend) {
        try (Fixture f = fixture(backend, spec(CAPACITY, 16, 2, 2))) {
            int producers = f.spec.producers();
            int consumers = f.spec.consumers();
            for (int id = 0; id < producers; id++) {
                assertEquals(id, f.queue.producer(id).id());
            }
            for (int id = 0; id < consumers; id++) {
                assertEquals(id, f.queue.consumer(id).id());
            }
            assertThrows(IllegalArgumentException.class, () -> f.queue.producer(-1), "producer -1");
            assertThrows(IllegalArgumentException.class, () -> f.queue.producer(producers), "producer " + producers);
            assertThrows(IllegalArgumentException.class, () -> f.queue.consumer(-1), "consumer -1");
            assertThrows(IllegalArgumentException.class, () -> f.queue.consumer(consumers), "consumer " + consumers);
        }
    }

    // ------------------------------------------------------------------ exactly once, threads

    /** Records each producer pushes in the threaded exactly-once check. */
    protected int exactlyOnceRecordsPerProducer() {
        return 20_000;
    }

    @TestFactory
    @Tag("slow")
    Stream<DynamicTest> exactlyOnceUnderThreads() {
        if (!has(QueueCapability.EXACTLY_ONCE)) {
            return Stream.empty();
        }
        return Stream.of(Backend.values()).map(b -> DynamicTest.dynamicTest(
                "exactly once with threads over " + b, () -> exactlyOnce(b)));
    }

    private void exactlyOnce(Backend backend) throws InterruptedException {
        QueueSpec spec = spec(64, 64, 2, 2);
        int producers = spec.producers();
        int consumers = spec.consumers();
        int perProducer = exactlyOnceRecordsPerProducer();
        long total = (long) producers * perProducer;
        boolean slots = has(QueueCapability.PUSH_SLOT);
        boolean batch = has(QueueCapability.BATCH);
        try (Fixture f = fixture(backend, spec)) {
            int rb = spec.recordBytes();
            AtomicLong received = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean producersDone = new AtomicBoolean();
            AtomicReference<Throwable> error = new AtomicReference<>();
            BitSet[][] seen = new BitSet[consumers][producers];
            long[] torn = new long[consumers];
            long[] outOfOrder = new long[consumers];
            long[] duplicatesWithin = new long[consumers];
            List<Thread> threads = new ArrayList<>();
            for (int pi = 0; pi < producers; pi++) {
                QueueProducer p = f.queue.producer(pi);
                int id = pi;
                threads.add(new Thread(() -> {
                    MemorySegment src = MemorySegment.ofArray(new long[4 * rb / 8]);
                    long seq = 0;
                    long abortedAt = -1;
                    while (seq < perProducer && !stop.get()) {
                        boolean done;
                        if (slots && seq % 5 == 0) {
                            SlotHandle h = p.pushSlotBack();
                            done = h != null;
                            if (done) {
                                if (seq % 15 == 0 && abortedAt != seq) {
                                    // Abort one claim per 15 records, then push the same sequence number again.
                                    TestRecords.writeGarbage(h.segment(), h.offset(), rb);
                                    h.abort();
                                    abortedAt = seq;
                                    continue;
                                }
                                TestRecords.write(h.segment(), h.offset(), rb, TestRecords.key(id, seq));
                                h.close();
                                seq++;
                            }
                        } else if (batch && seq % 3 == 0) {
                            int n = (int) Math.min(4, perProducer - seq);
                            for (int i = 0; i < n; i++) {
                                TestRecords.write(src, (long) i * rb, rb, TestRecords.key(id, seq + i));
                            }
                            int pushed = p.pushMultiple(src, 0, n, BatchMode.AS_MANY_AS_FIT);
                            done = pushed > 0;
                            seq += pushed;
                        } else {
                            TestRecords.write(src, 0, rb, TestRecords.key(id, seq));
                            done = p.pushBack(src, 0);
                            if (done) {
                                seq++;
                            }
                        }
                        if (!done) {
                            Thread.yield();
                        }
                    }
                }, "testkit-producer-" + pi));
            }
            for (int ci = 0; ci < consumers; ci++) {
                QueueConsumer c = f.queue.consumer(ci);
                int id = ci;
                for (int pi = 0; pi < producers; pi++) {
                    seen[ci][pi] = new BitSet(perProducer);
                }
                threads.add(new Thread(() -> {
                    MemorySegment dst = MemorySegment.ofArray(new long[8 * rb / 8]);
                    long[] last = new long[producers];
                    Arrays.fill(last, -1);
                    long round = 0;
                    long idleSince = 0;
                    while (received.get() < total && !stop.get()) {
                        int n = batch && (round++ & 1) == 0 ? c.popMultiple(dst, 0, 8) : (c.popFront(dst, 0) ? 1 : 0);
                        if (n == 0) {
                            // Records lost: stop once the producers are done and the queue stays empty a while.
                            if (!producersDone.get()) {
                                idleSince = 0;
                            } else if (idleSince == 0) {
                                idleSince = System.nanoTime();
                            } else if (System.nanoTime() - idleSince > EMPTY_GRACE_NANOS) {
                                return;
                            }
                            Thread.yield();
                            continue;
                        }
                        idleSince = 0;
                        for (int i = 0; i < n; i++) {
                            long off = (long) i * rb;
                            if (!TestRecords.intact(dst, off, rb)) {
                                torn[id]++;
                                continue;
                            }
                            long key = dst.get(ValueLayout.JAVA_LONG_UNALIGNED, off);
                            int pi = TestRecords.producerOf(key);
                            long s = TestRecords.seqOf(key);
                            if (pi >= producers || s >= perProducer) {
                                torn[id]++;
                                continue;
                            }
                            if (seen[id][pi].get((int) s)) {
                                duplicatesWithin[id]++;
                            }
                            seen[id][pi].set((int) s);
                            if (s <= last[pi]) {
                                outOfOrder[id]++;
                            }
                            last[pi] = s;
                        }
                        received.addAndGet(n);
                    }
                }, "testkit-consumer-" + ci));
            }
            List<Thread> producerThreads = threads.subList(0, producers);
            for (Thread t : threads) {
                t.setDaemon(true);
                t.setUncaughtExceptionHandler((t1, e) -> error.compareAndSet(null, e));
                t.start();
            }
            // Slow under load is fine; records that stop arriving are a hang (or a livelock).
            AssertionError hung = null;
            try {
                StallGuard.joinAll(producerThreads, received::get);
                producersDone.set(true);
                StallGuard.joinAll(threads, received::get);
            } catch (AssertionError e) {
                hung = e;
            }
            stop.set(true);
            for (Thread t : threads) {
                StallGuard.join(t);
            }
            if (error.get() != null) {
                fail("'" + providerName() + "': a producer or consumer thread failed", error.get());
            }
            long dup = 0;
            long lost = 0;
            long tornTotal = 0;
            long disorder = 0;
            for (int ci = 0; ci < consumers; ci++) {
                dup += duplicatesWithin[ci];
                tornTotal += torn[ci];
                disorder += outOfOrder[ci];
            }
            for (int pi = 0; pi < producers; pi++) {
                BitSet union = new BitSet(perProducer);
                for (int ci = 0; ci < consumers; ci++) {
                    BitSet overlap = (BitSet) union.clone();
                    overlap.and(seen[ci][pi]);
                    dup += overlap.cardinality();
                    union.or(seen[ci][pi]);
                }
                lost += perProducer - union.cardinality();
            }
            String counts = String.format("'%s' %dP%dC over %s: received %d of %d, lost %d, duplicated %d, torn %d, out of order %d",
                    providerName(), producers, consumers, backend, received.get(), total, lost, dup, tornTotal, disorder);
            System.out.println("[testkit] " + counts);
            if (hung != null) {
                throw new AssertionError("stopped making progress (livelock?): " + counts, hung);
            }
            assertEquals(0, lost, counts);
            assertEquals(0, dup, counts);
            assertEquals(0, tornTotal, counts);
            assertEquals(0, disorder, counts);
            assertEquals(total, received.get(), counts);
        }
    }
}
