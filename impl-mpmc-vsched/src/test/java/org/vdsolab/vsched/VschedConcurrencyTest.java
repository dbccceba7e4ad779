package org.vdsolab.vsched;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.queue.SlotHandle;
import org.vdsolab.api.testing.StallGuard;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.vdsolab.vsched.StepHook.Op;
import static org.vdsolab.vsched.StepHook.Step;

/**
 * Real threads on the corrected deque over a mapped file: exactly-once delivery with several
 * producers and consumers, per-producer FIFO at the FIFO ends, push_slot publish and abort at
 * both ends with consumers waiting on the claimed slots. Sizes are moderate (2 shared cores).
 */
class VschedConcurrencyTest {

    private static final int RECORD = 16;

    private static long value(int producer, long sequence) {
        return ((long) producer << 32) | sequence;
    }

    private static int producerOf(long value) {
        return (int) (value >>> 32);
    }

    private static int sequenceOf(long value) {
        return (int) value;
    }

    /**
     * Runs the workers; when {@code progress} (records delivered) stands still for the hang guard's
     * bound, interrupts them (the deque's way out of a spin) and fails. Slow is not stuck.
     */
    private static void runAll(List<Runnable> workers, LongSupplier progress) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Runnable worker = workers.get(i);
            Thread t = new Thread(() -> {
                try {
                    worker.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "worker-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        AssertionError stuck = null;
        try {
            StallGuard.joinAll(threads, progress);
        } catch (AssertionError e) {
            stuck = e;
        }
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            StallGuard.join(t);
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("a worker failed: " + failures.peek(), failures.peek());
            failures.forEach(error::addSuppressed);
            throw error;
        }
        if (stuck != null) {
            throw new AssertionError("workers stopped making progress: livelock or lost records", stuck);
        }
    }

    /** Per-consumer record of what it received. */
    private static final class Received {
        final BitSet[] seen;
        final long[] lastSequence;
        long duplicates;
        long outOfOrder;
        long count;

        Received(int producers) {
            seen = new BitSet[producers];
            lastSequence = new long[producers];
            for (int p = 0; p < producers; p++) {
                seen[p] = new BitSet();
                lastSequence[p] = -1;
            }
        }

        void add(long value, boolean checkOrder) {
            int p = producerOf(value);
            int s = sequenceOf(value);
            if (seen[p].get(s)) {
                duplicates++;
            }
            seen[p].set(s);
            if (checkOrder && s <= lastSequence[p]) {
                outOfOrder++;
            }
            lastSequence[p] = s;
            count++;
        }
    }

    private static void assertExactlyOnce(List<Received> consumers, long[] expectedPerProducer, List<BitSet> excluded) {
        for (int p = 0; p < expectedPerProducer.length; p++) {
            BitSet union = new BitSet();
            long total = 0;
            for (Received r : consumers) {
                BitSet overlap = (BitSet) union.clone();
                overlap.and(r.seen[p]);
                assertTrue(overlap.isEmpty(), "producer " + p + ": records delivered to two consumers: " + overlap);
                union.or(r.seen[p]);
                total += r.seen[p].cardinality();
            }
            BitSet expected = new BitSet();
            expected.set(0, (int) expectedPerProducer[p]);
            if (excluded != null) {
                BitSet aborted = (BitSet) union.clone();
                aborted.and(excluded.get(p));
                assertTrue(aborted.isEmpty(), "producer " + p + ": aborted records delivered: " + aborted);
                expected.andNot(excluded.get(p));
            }
            assertEquals(expected.cardinality(), total, "producer " + p + ": records delivered");
            assertEquals(expected, union, "producer " + p + ": lost records");
        }
        for (Received r : consumers) {
            assertEquals(0, r.duplicates, "duplicated records");
        }
    }

    private static SharedQueue mappedQueue(QueueSpec spec) {
        VschedQueueProvider provider = new VschedQueueProvider();
        WordMemory memory = Memories.mapped(provider.footprint(spec) + 64);
        provider.create(memory, 64, spec);
        return provider.attach(memory, 64, spec); // the workers use a second domain's view
    }

    @Test
    void twoProducersTwoConsumersExactlyOnceInProducerOrder() throws Exception {
        final int producers = 2;
        final int consumers = 2;
        final int perProducer = 60_000;
        SharedQueue queue = mappedQueue(new QueueSpec(64, RECORD, producers, consumers));
        AtomicLong delivered = new AtomicLong();
        List<Received> results = new ArrayList<>();
        List<Runnable> workers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            QueueProducer producer = queue.producer(p);
            int id = p;
            workers.add(() -> {
                MemorySegment batch = Records.scratch(8, RECORD);
                long sequence = 0;
                int turn = 0;
                while (sequence < perProducer) {
                    switch (turn++ % 3) {
                        case 0 -> {
                            Records.write(batch, 0, value(id, sequence), RECORD);
                            if (producer.pushBack(batch, 0)) {
                                sequence++;
                            }
                        }
                        case 1 -> {
                            SlotHandle slot = producer.pushSlotBack();
                            if (slot != null) {
                                Records.write(slot.segment(), slot.offset(), value(id, sequence++), RECORD);
                                slot.close();
                            }
                        }
                        default -> {
                            int n = (int) Math.min(1 + turn % 8, perProducer - sequence);
                            for (int k = 0; k < n; k++) {
                                Records.write(batch, (long) k * RECORD, value(id, sequence + k), RECORD);
                            }
                            sequence += producer.pushMultiple(batch, 0, n, BatchMode.AS_MANY_AS_FIT);
                        }
                    }
                    if (queue.size() > 48) {
                        Thread.yield();
                    }
                }
            });
        }
        for (int c = 0; c < consumers; c++) {
            QueueConsumer consumer = queue.consumer(c);
            Received received = new Received(producers);
            results.add(received);
            workers.add(() -> {
                MemorySegment batch = Records.scratch(8, RECORD);
                int turn = 0;
                while (delivered.get() < (long) producers * perProducer) {
                    int n = (turn++ & 1) == 0 ? (consumer.popFront(batch, 0) ? 1 : 0) : consumer.popMultiple(batch, 0, 8);
                    for (int k = 0; k < n; k++) {
                        received.add(Records.read(batch, (long) k * RECORD, RECORD), true);
                    }
                    if (n == 0) {
                        Thread.yield();
                    } else {
                        delivered.addAndGet(n);
                    }
                }
            });
        }

        runAll(workers, delivered::get);

        assertExactlyOnce(results, new long[] {perProducer, perProducer}, null);
        for (Received r : results) {
            assertEquals(0, r.outOfOrder, "a consumer saw a producer's records out of order");
        }
        assertEquals(0, queue.size());
    }

    @Test
    void bothEndsWithSlotsAndAbortsDeliverEveryPublishedRecordOnce() throws Exception {
        final int producers = 2;
        final int consumers = 2;
        final int perProducer = 30_000;
        SharedQueue queue = mappedQueue(new QueueSpec(32, RECORD, producers, consumers));
        List<BitSet> aborted = new ArrayList<>();
        AtomicLong published = new AtomicLong();
        AtomicLong producersDone = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        List<Received> results = new ArrayList<>();
        List<Runnable> workers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            QueueProducer producer = queue.producer(p);
            BitSet mine = new BitSet();
            aborted.add(mine);
            int id = p;
            workers.add(() -> {
                MemorySegment one = Records.scratch(1, RECORD);
                long sequence = 0;
                while (sequence < perProducer) {
                    long v = value(id, sequence);
                    int kind = (int) (sequence % 6);
                    boolean done;
                    if (kind < 2) {
                        Records.write(one, 0, v, RECORD);
                        done = kind == 0 ? producer.pushBack(one, 0) : producer.pushFront(one, 0);
                        if (done) {
                            published.incrementAndGet();
                        }
                    } else {
                        SlotHandle slot = (kind & 1) == 0 ? producer.pushSlotBack() : producer.pushSlotFront();
                        done = slot != null;
                        if (done) {
                            Records.write(slot.segment(), slot.offset(), v, RECORD);
                            if (sequence % 5 == 0) {
                                mine.set((int) sequence);
                                slot.abort();
                            } else {
                                published.incrementAndGet();
                                slot.close();
                            }
                        }
                    }
                    if (done) {
                        sequence++;
                    } else {
                        Thread.yield();
                    }
                }
                producersDone.incrementAndGet();
            });
        }
        for (int c = 0; c < consumers; c++) {
            QueueConsumer consumer = queue.consumer(c);
            Received received = new Received(producers);
            results.add(received);
            workers.add(() -> {
                MemorySegment batch = Records.scratch(4, RECORD);
                int turn = 0;
                while (producersDone.get() < producers || delivered.get() < published.get()) {
                    int n = switch (turn++ % 3) {
                        case 0 -> consumer.popFront(batch, 0) ? 1 : 0;
                        case 1 -> consumer.popBack(batch, 0) ? 1 : 0;
                        default -> consumer.popMultiple(batch, 0, 4);
                    };
                    for (int k = 0; k < n; k++) {
                        received.add(Records.read(batch, (long) k * RECORD, RECORD), false);
                    }
                    if (n == 0) {
                        Thread.yield();
                    } else {
                        delivered.addAndGet(n);
                    }
                }
            });
        }

        runAll(workers, delivered::get);

        assertExactlyOnce(results, new long[] {perProducer, perProducer}, aborted);
        assertEquals(published.get(), delivered.get());
        assertEquals(0, queue.size());
        assertTrue(aborted.get(0).cardinality() > 0 && aborted.get(1).cardinality() > 0, "aborts happened");
    }

    /**
     * A consumer reaching a claimed slot waits for it (observed through its retries, not through
     * time) and gets the record once the handle is closed; at the front and at the back.
     */
    @Test
    void consumersWaitForAnOpenSlotUntilItIsPublished() throws Exception {
        for (boolean front : new boolean[] {false, true}) {
            AtomicLong retries = new AtomicLong();
            StepHook hook = (step, op) -> {
                if (step == Step.RETRY && (op == Op.POP_FRONT || op == Op.POP_BACK)) {
                    retries.incrementAndGet();
                }
            };
            QueueSpec spec = new QueueSpec(8, RECORD, 1, 1);
            VschedQueueProvider provider = new VschedQueueProvider();
            VschedSharedQueue queue = provider.create(Memories.mapped(provider.footprint(spec)), 0, spec, hook);
            QueueProducer producer = queue.producer(0);
            SlotHandle slot = front ? producer.pushSlotFront() : producer.pushSlotBack();
            assertNotNull(slot);
            AtomicReference<Long> popped = new AtomicReference<>();
            Thread consumer = new Thread(() -> popped.set(new RecordIo(RECORD, 1).popFront(queue.consumer(0))), "consumer");
            consumer.setDaemon(true);
            consumer.start();
            StallGuard.awaitEvent("the consumer to wait on the claimed slot", () -> retries.get() >= 1_000);
            assertTrue(consumer.isAlive(), "the record is not visible before close");
            assertNull(popped.get());

            Records.write(slot.segment(), slot.offset(), 77, RECORD);
            slot.close();
            StallGuard.join(consumer);
            assertEquals(77L, popped.get(), front ? "front" : "back");
        }
    }

    /** A consumer waiting on a claimed slot that is aborted passes over it to the record behind it. */
    @Test
    void aConsumerWaitingOnAnAbortedSlotTakesTheNextRecord() throws Exception {
        AtomicLong retries = new AtomicLong();
        StepHook hook = (step, op) -> {
            if (step == Step.RETRY && op == Op.POP_FRONT) {
                retries.incrementAndGet();
            }
        };
        QueueSpec spec = new QueueSpec(8, RECORD, 2, 1);
        VschedQueueProvider provider = new VschedQueueProvider();
        VschedSharedQueue queue = provider.create(Memories.mapped(provider.footprint(spec)), 0, spec, hook);
        SlotHandle slot = queue.producer(0).pushSlotBack();
        assertTrue(new RecordIo(RECORD, 1).pushBack(queue.producer(1), 5));
        AtomicReference<Long> popped = new AtomicReference<>();
        Thread consumer = new Thread(() -> popped.set(new RecordIo(RECORD, 1).popFront(queue.consumer(0))), "consumer");
        consumer.setDaemon(true);
        consumer.start();
        StallGuard.awaitEvent("the consumer to wait on the claimed slot", () -> retries.get() >= 1_000);
        assertTrue(consumer.isAlive(), "waiting on the claimed slot");
        slot.abort();
        StallGuard.join(consumer);
        assertEquals(5L, popped.get());
        assertEquals(0, queue.size());
        assertEquals(0, queue.deque().skipped());
    }
}
