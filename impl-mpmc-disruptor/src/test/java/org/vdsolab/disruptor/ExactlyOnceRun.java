package org.vdsolab.disruptor;

import org.vdsolab.api.testing.StallGuard;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Producers and consumers as threads over one queue (possibly reached through different handles,
 * e.g. two mappings of one file), every operation family mixed: pushBack, pushSlotBack with
 * close or abort, pushMultiple in both modes; popFront and popMultiple. Checks exactly once:
 * nothing lost, nothing duplicated, nothing torn, no aborted record delivered, and per-producer
 * FIFO in every consumer's stream.
 */
final class ExactlyOnceRun {

    private static final long ABORTED = 0x7FFF_FFFF_FFFFL;

    private final SharedQueue producerSide;
    private final SharedQueue consumerSide;
    private final int recordBytes;
    private final int producers;
    private final int consumers;
    private final int perProducer;

    ExactlyOnceRun(SharedQueue producerSide, SharedQueue consumerSide, int perProducer) {
        this.producerSide = producerSide;
        this.consumerSide = consumerSide;
        this.recordBytes = producerSide.spec().recordBytes();
        this.producers = producerSide.spec().producers();
        this.consumers = consumerSide.spec().consumers();
        this.perProducer = perProducer;
    }

    void run() throws InterruptedException {
        long total = (long) producers * perProducer;
        AtomicLong received = new AtomicLong();
        AtomicLong moved = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<BitSet[]> seen = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            QueueProducer producer = producerSide.producer(p);
            int id = p;
            threads.add(thread("producer-" + p, failures, () -> produce(producer, id, moved, failures)));
        }
        for (int c = 0; c < consumers; c++) {
            QueueConsumer consumer = consumerSide.consumer(c);
            BitSet[] bits = new BitSet[producers];
            for (int p = 0; p < producers; p++) {
                bits[p] = new BitSet(perProducer);
            }
            seen.add(bits);
            threads.add(thread("consumer-" + c, failures, () -> consume(consumer, bits, received, total, failures)));
        }
        threads.forEach(Thread::start);
        try {
            // Slow is fine (a busy-spinning party on a loaded 2-core machine moves a few thousand
            // records a second); only a run whose counts stop moving is a hang.
            StallGuard.joinAll(threads, () -> moved.get() + received.get());
        } catch (AssertionError hang) {
            failures.add(hang);   // the parties stop at their next check
            throw hang;
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("exactly-once run failed: " + failures.peek());
            failures.forEach(e::addSuppressed);
            throw e;
        }
        assertEquals(total, received.get(), "records received");
        for (int p = 0; p < producers; p++) {
            BitSet union = new BitSet(perProducer);
            for (BitSet[] bits : seen) {
                if (union.intersects(bits[p])) {
                    BitSet dup = (BitSet) union.clone();
                    dup.and(bits[p]);
                    fail("producer " + p + ": records delivered twice, e.g. sequence " + dup.nextSetBit(0));
                }
                union.or(bits[p]);
            }
            assertEquals(perProducer, union.cardinality(), "producer " + p + ": lost " + (perProducer - union.cardinality()));
        }
        assertEquals(0, consumerSide.size(), "queue drained");
    }

    private static Thread thread(String name, ConcurrentLinkedQueue<Throwable> failures, Runnable body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
    }

    private void produce(QueueProducer producer, int id, AtomicLong moved, ConcurrentLinkedQueue<Throwable> failures) {
        MemorySegment src = Arena.ofAuto().allocate((long) recordBytes * 8, 8);
        SplittableRandom random = new SplittableRandom(42 + id);
        int next = 0;
        int reported = 0;
        while (next < perProducer && failures.isEmpty()) {
            if (next != reported) {   // every push loops back here, so the hang guard sees each one
                moved.addAndGet(next - reported);
                reported = next;
            }
            int kind = random.nextInt(8);
            if (kind < 3) {
                Records.write(src, 0, recordBytes, Records.pack(id, next));
                if (producer.pushBack(src, 0)) {
                    next++;
                    continue;
                }
            } else if (kind < 5) {
                SlotHandle h = producer.pushSlotBack();
                if (h != null) {
                    if (kind == 4 && random.nextInt(4) == 0) {
                        Records.write(h.segment(), h.offset(), recordBytes, Records.pack(id, ABORTED));
                        h.abort();
                    } else {
                        Records.write(h.segment(), h.offset(), recordBytes, Records.pack(id, next));
                        h.close();
                        next++;
                    }
                    continue;
                }
            } else {
                int n = Math.min(1 + random.nextInt(8), perProducer - next);
                for (int k = 0; k < n; k++) {
                    Records.write(src, (long) k * recordBytes, recordBytes, Records.pack(id, next + k));
                }
                BatchMode mode = kind == 5 ? BatchMode.ALL_OR_NOTHING : BatchMode.AS_MANY_AS_FIT;
                int pushed = producer.pushMultiple(src, 0, n, mode);
                assertTrue(pushed == 0 || mode == BatchMode.AS_MANY_AS_FIT || pushed == n, "all or nothing pushed " + pushed);
                if (pushed > 0) {
                    next += pushed;
                    continue;
                }
            }
            Thread.yield(); // full: let a consumer run (2 cores, several threads)
        }
    }

    private void consume(QueueConsumer consumer, BitSet[] bits, AtomicLong received, long total,
                         ConcurrentLinkedQueue<Throwable> failures) {
        MemorySegment dst = Arena.ofAuto().allocate((long) recordBytes * 8, 8);
        SplittableRandom random = new SplittableRandom(7 + consumer.id());
        long[] last = new long[producers];
        java.util.Arrays.fill(last, -1);
        while (received.get() < total && failures.isEmpty()) {
            int n;
            if (random.nextBoolean()) {
                n = consumer.popFront(dst, 0) ? 1 : 0;
            } else {
                n = consumer.popMultiple(dst, 0, 1 + random.nextInt(8));
            }
            if (n == 0) {
                Thread.yield();
                continue;
            }
            for (int k = 0; k < n; k++) {
                long value = Records.check(dst, (long) k * recordBytes, recordBytes);
                int p = Records.producerOf(value);
                long seq = Records.sequenceOf(value);
                if (seq == ABORTED) {
                    throw new AssertionError("an aborted slot of producer " + p + " was delivered");
                }
                if (p >= producers || seq >= perProducer) {
                    throw new AssertionError("garbage record " + Long.toHexString(value));
                }
                if (seq <= last[p]) {
                    throw new AssertionError("consumer " + consumer.id() + ": producer " + p + " sequence " + seq
                            + " after " + last[p] + " (FIFO per producer broken)");
                }
                last[p] = seq;
                bits[p].set((int) seq);
            }
            received.addAndGet(n);
        }
    }
}
