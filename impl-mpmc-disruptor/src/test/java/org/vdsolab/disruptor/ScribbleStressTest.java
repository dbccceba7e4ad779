package org.vdsolab.disruptor;

import org.junit.jupiter.api.Tag;
import org.vdsolab.api.testing.StallGuard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random scribbles on cursors, availability words and claim records, mixed with pushes, pops and
 * sweeps: no exception, no hang, no record twice, none invented, and a working ring at the end.
 * Scribbled words are garbage (random 64-bit values, or INVALID states): a word forged to exactly
 * PUBLISHED for the lap a consumer expects would hand out the slot's stale record, which no
 * design without per-record checksums can tell from a real one (see the README).
 */
@Tag("slow")
class ScribbleStressTest {

    static final int CAPACITY = 8;
    static final int RECORD_BYTES = 16;

    static Stream<Arguments> rings() {
        List<Arguments> all = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (ClaimStrategy c : ClaimStrategy.values()) {
                all.add(Arguments.of(b, c));
            }
        }
        return all.stream();
    }

    /**
     * Single-thread stand-in for the other parties: a party that waits runs a sweep (the kernel's
     * sweeper) and, if it is a producer, one pop (a consumer: a producer whose private gating cache
     * was made too high by a scribble overshoots and waits for one, as after a raced room check).
     * The stand-in is a consumer of its own whose idle strategy is {@link GiveUp}: where it would
     * wait (perhaps for the very producer it runs inside) it gives up before claiming anything. A
     * wait that never ends fails the test.
     */
    static final class SweepingIdle implements IdleStrategy {
        private final DisruptorQueue[] queue;
        private final Runnable[] consumerStandIn;
        private int idles;

        SweepingIdle(DisruptorQueue[] queue, Runnable[] consumerStandIn) {
            this.queue = queue;
            this.consumerStandIn = consumerStandIn;
        }

        @Override
        public void idle() {
            if (++idles > 10_000) {
                throw new AssertionError("hang: a party waited through 10^4 sweeps; " + describe(queue[0]));
            }
            queue[0].recover(OwnerLiveness.NONE_DEAD);
            if (consumerStandIn != null) {
                consumerStandIn[0].run();
            }
        }

        @Override
        public void reset() {
            idles = 0;
        }
    }

    /** The ring's cursors, words and records, for a failure message. */
    static String describe(DisruptorQueue q) {
        RingLayout ring = q.ring();
        StringBuilder sb = new StringBuilder("C=" + q.consumerCursor() + " P=" + q.producerCursor() + " words:");
        for (int i = 0; i < ring.capacity; i++) {
            sb.append(' ').append(SlotState.describe(q.availabilityWord(i)));
        }
        for (int i = 0; i < ring.producers + ring.consumers; i++) {
            long at = i < ring.producers ? ring.producerRecord(i) : ring.consumerRecord(i - ring.producers);
            sb.append(i < ring.producers ? " P" : " C").append(i).append('=').append(ClaimRecord.describe(q.memory().getLongVolatile(at)))
                    .append('[').append(q.memory().getLongVolatile(at + 8)).append(',').append(q.memory().getLongVolatile(at + 16))
                    .append(" slot ").append(q.memory().getLongVolatile(at + 24)).append(']');
        }
        return sb.toString();
    }

    /** The stand-in consumer's idle strategy: abandons the scan (nothing is claimed before a consumer's CAS). */
    static final class GiveUp implements IdleStrategy {
        static final RuntimeException WOULD_WAIT = new RuntimeException("would wait", null, false, false) { };

        @Override
        public void idle() {
            throw WOULD_WAIT;
        }

        @Override
        public void reset() { }
    }

    /** Pushed and delivered values; fails on a record delivered twice or never pushed. */
    static final class Ledger {
        final Set<Long> pushed = ConcurrentHashMap.newKeySet();
        final Set<Long> delivered = ConcurrentHashMap.newKeySet();

        void delivered(MemorySegment out, int n) {
            for (int k = 0; k < n; k++) {
                long v = Records.check(out, (long) k * RECORD_BYTES, RECORD_BYTES); // a torn record fails here
                if (!pushed.contains(v)) {
                    throw new AssertionError("invented record " + v + ": never pushed successfully");
                }
                if (!delivered.add(v)) {
                    throw new AssertionError("record " + v + " delivered twice");
                }
            }
        }
    }

    private static long scribbleValue(SplittableRandom rnd, long current, int capacity) {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextLong();
            case 1 -> current + 1 + rnd.nextInt(2 * capacity);
            case 2 -> current - 1 - rnd.nextInt(2 * capacity);
            default -> -1 - rnd.nextInt(1000);
        };
    }

    private static long garbageWord(SplittableRandom rnd, long current) {
        return rnd.nextBoolean() ? rnd.nextLong() : (current & ~3L) + ((long) rnd.nextInt(-2, 3) << 2) | 3;
    }

    @ParameterizedTest
    @MethodSource("rings")
    void seededRandomScribblesBetweenPushesPopsAndSweeps(Backend backend, ClaimStrategy claim) {
        QueueSpec spec = new QueueSpec(CAPACITY, RECORD_BYTES, 2, 3);
        DisruptorQueue[] holder = new DisruptorQueue[1];
        Runnable[] popOne = new Runnable[1];
        int[] created = new int[1];
        // Handles are made in this order below: 2 producers (with the stand-in), 2 consumers, the stand-in.
        DisruptorQueueProvider provider = new DisruptorQueueProvider(() -> switch (created[0]++) {
            case 0, 1 -> new SweepingIdle(holder, popOne);
            case 2, 3 -> new SweepingIdle(holder, null);
            default -> new GiveUp();
        }, claim);
        var memory = backend.memory(Ring.BASE + provider.footprint(spec));
        DisruptorQueue q = (DisruptorQueue) provider.create(memory, Ring.BASE, spec);
        holder[0] = q;
        RingLayout ring = q.ring();
        DisruptorProducer[] producers = {(DisruptorProducer) q.producer(0), (DisruptorProducer) q.producer(1)};
        DisruptorConsumer[] consumers = {(DisruptorConsumer) q.consumer(0), (DisruptorConsumer) q.consumer(1)};
        MemorySegment in = Arena.ofAuto().allocate(RECORD_BYTES * 4L, 8);
        MemorySegment out = Arena.ofAuto().allocate(RECORD_BYTES * 4L, 8);
        Ledger ledger = new Ledger();
        MemorySegment helperOut = Arena.ofAuto().allocate(RECORD_BYTES, 8);
        DisruptorConsumer standIn = (DisruptorConsumer) q.consumer(2);
        popOne[0] = () -> {
            try {
                ledger.delivered(helperOut, standIn.popMultiple(helperOut, 0, 1));
            } catch (RuntimeException e) {
                if (e != GiveUp.WOULD_WAIT) {
                    throw e;
                }
            }
        };
        SplittableRandom rnd = new SplittableRandom(0x5EED + backend.ordinal() * 31L + claim.ordinal());
        long next = 1;
        for (int round = 0; round < 10_000; round++) {
            int op = rnd.nextInt(100);
            if (op < 35) {
                int n = 1 + rnd.nextInt(3);
                for (int k = 0; k < n; k++) {
                    Records.write(in, (long) k * RECORD_BYTES, RECORD_BYTES, next + k);
                }
                DisruptorProducer p = producers[rnd.nextInt(2)];
                for (int k = 0; k < n; k++) {
                    ledger.pushed.add(next + k); // before the push: the consumer stand-in may take it meanwhile
                }
                int pushed = n == 1 ? (p.pushBack(in, 0) ? 1 : 0)
                        : p.pushMultiple(in, 0, n, rnd.nextBoolean() ? BatchMode.ALL_OR_NOTHING : BatchMode.AS_MANY_AS_FIT);
                for (int k = pushed; k < n; k++) {
                    ledger.pushed.remove(next + k); // never published: must never arrive
                }
                next += n;
            } else if (op < 65) {
                ledger.delivered(out, consumers[rnd.nextInt(2)].popMultiple(out, 0, 1 + rnd.nextInt(4)));
            } else if (op < 80) {
                q.recover(OwnerLiveness.NONE_DEAD);
            } else {
                int target = rnd.nextInt(10);
                if (target == 0) {
                    memory.setLongVolatile(ring.consumerCursor, scribbleValue(rnd, q.consumerCursor(), CAPACITY));
                } else if (target == 1) {
                    memory.setLongVolatile(ring.producerCursor, scribbleValue(rnd, q.producerCursor(), CAPACITY));
                } else if (target < 8) {
                    long at = ring.availabilityOf(rnd.nextInt(CAPACITY));
                    memory.setLongVolatile(at, garbageWord(rnd, memory.getLongVolatile(at)));
                } else {
                    long at = target == 8 ? ring.producerRecord(rnd.nextInt(2)) : ring.consumerRecord(rnd.nextInt(2));
                    memory.setLongVolatile(at + 8L * rnd.nextInt(4), rnd.nextLong());
                }
            }
        }
        assertTrue(q.cursorFaults() > 0, "the damage was counted");
        settleAndCheckTheRingWorks(q, producers[0], consumers[0], in, out, ledger);
    }

    /** Sweeps and drains until the ring is empty and consistent, then pushes and pops a few laps exactly. */
    private static void settleAndCheckTheRingWorks(DisruptorQueue q, DisruptorProducer p, DisruptorConsumer c,
                                                   MemorySegment in, MemorySegment out, Ledger ledger) {
        for (int i = 0; i < 8; i++) {
            q.recover(OwnerLiveness.NONE_DEAD);
            int n;
            while ((n = c.popMultiple(out, 0, 4)) > 0) {
                ledger.delivered(out, n);
            }
        }
        assertEquals(q.producerCursor(), q.consumerCursor(), "the ring drained: no orphan left unresolved");
        long faults = q.cursorFaults();
        long base = 1L << 40;
        for (int lap = 0; lap < 5; lap++) {
            for (int k = 0; k < CAPACITY; k++) {
                Records.write(in, 0, RECORD_BYTES, base + k);
                assertTrue(p.pushBack(in, 0), "push " + k + " of lap " + lap + " after the scribbles");
                ledger.pushed.add(base + k);
            }
            List<Long> got = new ArrayList<>();
            int n;
            while ((n = c.popMultiple(out, 0, 4)) > 0) {
                ledger.delivered(out, n);
                for (int k = 0; k < n; k++) {
                    got.add(Records.check(out, (long) k * RECORD_BYTES, RECORD_BYTES));
                }
            }
            assertEquals(CAPACITY, got.size(), "lap " + lap + " delivered whole");
            base += CAPACITY;
        }
        q.recover(OwnerLiveness.NONE_DEAD);
        q.recover(OwnerLiveness.NONE_DEAD);
        assertEquals(faults, q.cursorFaults(), "no repair fires on the honest ring that follows");
    }

    @ParameterizedTest
    @MethodSource("rings")
    void twoProducersTwoConsumersASweeperAndAScribbler(Backend backend, ClaimStrategy claim) throws InterruptedException {
        QueueSpec spec = new QueueSpec(CAPACITY, RECORD_BYTES, 2, 2);
        DisruptorQueueProvider provider = DisruptorQueueProvider.withClaimStrategy(claim);
        var memory = backend.memory(Ring.BASE + provider.footprint(spec));
        DisruptorQueue q = (DisruptorQueue) provider.create(memory, Ring.BASE, spec);
        RingLayout ring = q.ring();
        Ledger ledger = new Ledger();
        AtomicBoolean scribbling = new AtomicBoolean(true);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicBoolean sweeping = new AtomicBoolean(true);
        AtomicBoolean producersDone = new AtomicBoolean(false);
        List<Thread> producers = new ArrayList<>();
        List<Thread> others = new ArrayList<>();
        DisruptorConsumer[] consumers = {(DisruptorConsumer) q.consumer(0), (DisruptorConsumer) q.consumer(1)};
        DisruptorProducer[] producerHandles = {(DisruptorProducer) q.producer(0), (DisruptorProducer) q.producer(1)};
        for (int id = 0; id < 2; id++) {
            DisruptorProducer p = producerHandles[id];
            int pid = id;
            producers.add(new Thread(() -> {
                MemorySegment in = Arena.ofAuto().allocate(RECORD_BYTES * 4L, 8);
                long seq = 0;
                while (producing.get()) {
                    int n = 1 + (int) (seq % 3);
                    for (int k = 0; k < n; k++) {
                        Records.write(in, (long) k * RECORD_BYTES, RECORD_BYTES, Records.pack(pid + 1, seq + k));
                    }
                    // Recorded as pushed before the push: a consumer may take it before we return.
                    for (int k = 0; k < n; k++) {
                        ledger.pushed.add(Records.pack(pid + 1, seq + k));
                    }
                    int pushed = n == 1 ? (p.pushBack(in, 0) ? 1 : 0) : p.pushMultiple(in, 0, n, BatchMode.AS_MANY_AS_FIT);
                    for (int k = pushed; k < n; k++) {
                        ledger.pushed.remove(Records.pack(pid + 1, seq + k)); // never published: must never arrive
                    }
                    seq += n;
                }
            }, "producer-" + id));
        }
        for (int id = 0; id < 2; id++) {
            DisruptorConsumer c = consumers[id];
            others.add(new Thread(() -> {
                MemorySegment out = Arena.ofAuto().allocate(RECORD_BYTES * 4L, 8);
                int empties = 0;
                while (empties < 2_000) {
                    int n = c.popMultiple(out, 0, 4);
                    ledger.delivered(out, n);
                    empties = n == 0 && producersDone.get() ? empties + 1 : 0;
                    if (n == 0) {
                        Thread.yield();
                    }
                }
            }, "consumer-" + id));
        }
        Thread sweeper = new Thread(() -> {
            while (sweeping.get()) {
                q.recover(OwnerLiveness.NONE_DEAD);
                LockSupport.parkNanos(200_000);
            }
        }, "sweeper");
        Thread scribbler = new Thread(() -> {
            SplittableRandom rnd = new SplittableRandom(42);
            while (scribbling.get()) {
                int target = rnd.nextInt(10);
                if (target == 0) {
                    long c = memory.getLongVolatile(ring.consumerCursor);
                    memory.setLongVolatile(ring.consumerCursor, rnd.nextBoolean() ? rnd.nextLong() : c + ring.maxHonestLead() + 1 + rnd.nextInt(100));
                } else if (target == 1) {
                    long c = memory.getLongVolatile(ring.consumerCursor);
                    memory.setLongVolatile(ring.producerCursor, rnd.nextBoolean() ? c - 1 - rnd.nextInt(100) : c + ring.maxHonestLead() + 1 + rnd.nextInt(100));
                } else {
                    long at = ring.availabilityOf(rnd.nextInt(CAPACITY));
                    memory.setLongVolatile(at, garbageWord(rnd, memory.getLongVolatile(at)));
                }
                LockSupport.parkNanos(500_000);
            }
        }, "scribbler");
        List<Thread> all = new ArrayList<>(producers);
        all.addAll(others);
        all.add(sweeper);
        all.add(scribbler);
        all.forEach(Thread::start);
        // Scribble for a while, and at least until the damage has been seen: under load the scribbler
        // may get little of the 1.5 s.
        Thread.sleep(1_500);
        StallGuard.awaitEvent("the ring to count a cursor fault", () -> q.cursorFaults() > 0);
        scribbling.set(false);
        StallGuard.join(scribbler);
        // The honest parties keep going after the scribbler stops; under load they may not have
        // moved much yet, so wait for them to serve a hundred records (asserted below).
        StallGuard.awaitEvent("the ring to serve 100 records", () -> ledger.delivered.size() > 100);
        producing.set(false);
        for (Thread t : producers) {
            StallGuard.join(t);
        }
        producersDone.set(true);
        for (Thread t : others) {
            StallGuard.join(t);
        }
        sweeping.set(false);
        StallGuard.join(sweeper);
        assertTrue(q.cursorFaults() > 0, "the damage was counted");
        assertTrue(ledger.delivered.size() > 100, "the ring served the honest parties: " + ledger.delivered.size());
        settleAndCheckTheRingWorks(q, producerHandles[0], consumers[0], Arena.ofAuto().allocate(RECORD_BYTES * 4L, 8),
                Arena.ofAuto().allocate(RECORD_BYTES * 4L, 8), ledger);
        if (q.producerCursor() != q.consumerCursor()) {
            fail("the ring did not drain");
        }
    }
}
