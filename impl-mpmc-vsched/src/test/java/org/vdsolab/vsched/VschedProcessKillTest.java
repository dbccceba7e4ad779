package org.vdsolab.vsched;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.liveness.QueueRecoverySweeper;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real process kill: a child JVM attaches the vvar region, registers in the liveness table in
 * it, pushes {@value #CHILD_RECORDS} records into a shared {@code vsched} queue and halts
 * (Runtime.halt: no shutdown hooks, no finally blocks, as abrupt as a SIGKILL for the region) in
 * the middle of its next push, at a chosen step. Meanwhile two producer threads of this process
 * push and two consumer threads pop, and a {@link QueueRecoverySweeper} runs with the table as its
 * liveness. The consumers must receive every record the live producers pushed and every record
 * the child published before it died, each exactly once, nothing of the dead push, and must
 * never stay stuck: every wait is bounded and fails with the counts so far.
 */
@Tag("slow")
class VschedProcessKillTest {

    static final int CAPACITY = 64;
    static final int RECORD = 16;
    static final int CHILD_RECORDS = 100;
    static final int PARENT_RECORDS = 5_000; // per producer thread
    static final long CHILD_TAG = 3L << 40;
    static final QueueSpec SPEC = new QueueSpec(CAPACITY, RECORD, 3, 2);
    static final Duration BOUND = StallGuard.EVENT_BOUND;

    // control words
    static final long CHILD_READY = 0;
    static final long GO = 8;

    static VvarLayout layout() {
        return VvarLayout.builder("vsched-process-kill-test")
                .global("liveness", LivenessTable.footprint(8))
                .global("queue", new VschedQueueProvider().footprint(SPEC), QueueProvider.ALIGNMENT)
                .global("control", 64)
                .build(1);
    }

    /** The child: args = region file, step to die at. Pushes CHILD_RECORDS records, dies in the next push. */
    public static final class DoomedProducer {
        public static void main(String[] args) {
            StepHook.Step dieAt = StepHook.Step.valueOf(args[1]);
            SharedRegion region = SharedRegion.attach(Path.of(args[0]), layout());
            WordMemory memory = region.memory();
            LivenessTable table = LivenessTable.attach(memory, region.offset("liveness"), 8);
            int owner = table.register();
            long[] pushed = {0};
            StepHook hook = (step, op) -> {
                if (step == dieAt && op == StepHook.Op.PUSH_BACK && pushed[0] == CHILD_RECORDS) {
                    Runtime.getRuntime().halt(0); // dies holding the slot it just claimed
                }
            };
            SharedQueue queue = new VschedQueueProvider().attach(memory, region.offset("queue"), SPEC, hook);
            QueueProducer producer = queue.producer(2, owner);
            RecordIo io = new RecordIo(RECORD, 1);
            long control = region.offset("control");
            memory.setLongRelease(control + CHILD_READY, 1);
            while (memory.getLongAcquire(control + GO) == 0) {
                Thread.onSpinWait();
            }
            while (true) { // the last push never returns
                if (io.pushBack(producer, CHILD_TAG | pushed[0])) {
                    pushed[0]++;
                } else {
                    Thread.onSpinWait(); // full: the consumers are behind
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = StepHook.Step.class, names = {"AFTER_SLOT_CLAIM", "AFTER_INDEX_MOVE"})
    void childKilledMidPushIsRecoveredAndNothingElseIsLostOrDuplicated(StepHook.Step dieAt) throws Exception {
        Path file = Files.createTempFile(SharedRegion.defaultDirectory(), "vdsolab-vsched-kill-", ".vvar");
        try (SharedRegion region = SharedRegion.create(file, layout(), true)) {
            WordMemory memory = region.memory();
            LivenessTable table = LivenessTable.create(memory, region.offset("liveness"), 8);
            VschedSharedQueue queue = new VschedQueueProvider().create(memory, region.offset("queue"), SPEC, StepHook.NONE);
            long control = region.offset("control");
            ConcurrentHashMap<Long, Integer> received = new ConcurrentHashMap<>();
            AtomicLong duplicates = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long expected = 2L * PARENT_RECORDS + CHILD_RECORDS;

            try (ChildJvm child = ChildJvm.builder(DoomedProducer.class.getName())
                    .args(file.toString(), dieAt.name())
                    .jvmFlags("--enable-native-access=ALL-UNNAMED")
                    .start();
                 QueueRecoverySweeper sweeper = new QueueRecoverySweeper(List.of(queue), table)) {
                awaitFlag(memory, control + CHILD_READY, child);
                sweeper.start(2);
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < 2; p++) {
                    int id = p;
                    QueueProducer producer = queue.producer(id, table.register());
                    threads.add(Thread.ofPlatform().name("producer-" + id).start(() -> {
                        RecordIo io = new RecordIo(RECORD, 1);
                        long deadline = System.nanoTime() + BOUND.toNanos();
                        for (long i = 0; i < PARENT_RECORDS && failure.get() == null; ) {
                            if (io.pushBack(producer, ((long) id << 40) | i)) {
                                i++;
                                deadline = System.nanoTime() + BOUND.toNanos();   // bounds one full spell, not the run
                            } else if (System.nanoTime() > deadline) {
                                failure.compareAndSet(null, new AssertionError("producer " + id + " found the queue full for "
                                        + BOUND + " at record " + i + " (consumers stuck?)"));
                            } else {
                                Thread.onSpinWait();
                            }
                        }
                    }));
                }
                for (int c = 0; c < 2; c++) {
                    QueueConsumer consumer = queue.consumer(c, table.register());
                    threads.add(Thread.ofPlatform().name("consumer-" + c).start(() -> {
                        RecordIo io = new RecordIo(RECORD, 1);
                        try {
                            while (received.size() < expected && failure.get() == null) {
                                Long v = io.popFront(consumer);
                                if (v == null) {
                                    Thread.onSpinWait();
                                } else if (received.merge(v, 1, Integer::sum) > 1) {
                                    duplicates.incrementAndGet();
                                }
                            }
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    }));
                }
                memory.setLongRelease(control + GO, 1);

                assertEquals(0, child.awaitExit(BOUND), "the child halts itself with status 0 at " + dieAt);
                try {
                    StallGuard.joinAll(threads, received::size);
                } catch (AssertionError stuck) {
                    failure.compareAndSet(null, new AssertionError("received " + received.size() + " of " + expected
                            + ", sweeper recovered " + sweeper.recovered() + " in " + sweeper.sweeps()
                            + " sweeps, queue size " + queue.size(), stuck));
                    threads.forEach(Thread::interrupt); // Spin.retry gives up on interrupt
                }
                for (Thread t : threads) {
                    StallGuard.join(t);
                }
                if (failure.get() != null) {
                    fail("with the child killed at " + dieAt + ": " + failure.get(), failure.get());
                }
                // The child is certainly dead now (awaitExit), but its doomed push may have been the
                // last push of all, which no consumer had to pass: one more sweep, deterministic,
                // so that the count does not depend on whether the background sweeper ran since.
                sweeper.sweepOnce();
                assertEquals(1, sweeper.recovered(), "exactly the dead child's slot is recovered");
            }

            assertEquals(0, duplicates.get(), "no record is delivered twice");
            assertEquals(expected, received.size(), "every live record and every record the child published");
            for (int p = 0; p < 2; p++) {
                for (long i = 0; i < PARENT_RECORDS; i++) {
                    assertEquals(1, received.get(((long) p << 40) | i), "producer " + p + " record " + i);
                }
            }
            for (long i = 0; i < CHILD_RECORDS; i++) {
                assertEquals(1, received.get(CHILD_TAG | i), "child record " + i);
            }
            assertFalse(received.containsKey(CHILD_TAG | CHILD_RECORDS), "the dead push delivers nothing");
            assertNull(new RecordIo(RECORD, 1).popFront(queue.consumer(0)), "nothing left behind");
            assertEquals(0, queue.size());
            assertEquals(0, queue.deque().skipped());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void awaitFlag(WordMemory memory, long offset, ChildJvm child) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (memory.getLongAcquire(offset) == 0) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.awaitExit(Duration.ofSeconds(1));
                fail("the child never attached; it exited with stderr:\n" + child.stderrTail(ChildJvm.TAIL_LINES));
            }
            Thread.sleep(1);   // polling an event: the child's flag
        }
        assertTrue(memory.getLongAcquire(offset) != 0);
    }
}
