package org.vdsolab.disruptor;

import org.junit.jupiter.api.Tag;
import org.vdsolab.api.testing.StallGuard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.liveness.QueueRecoverySweeper;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real kill: a child JVM maps the region, registers in the region's liveness table, pushes its
 * records while the parent consumes, then claims and halts ({@code Runtime.halt}) at a chosen
 * step. The parent's {@link QueueRecoverySweeper} sees the child's process gone and skips what it
 * held; the parent's consumer receives every record of the child and of the parent's own live
 * producer exactly once, and the sweeper reports exactly the slots the child held.
 */
@Tag("slow")
class ProcessKillRecoveryTest {

    static final QueueSpec SPEC = new QueueSpec(32, 16, 2, 1);
    static final int CHILD_RECORDS = 300;
    static final int PARENT_RECORDS = 300;
    static final int CHILD_ID = 1;
    static final int PARENT_ID = 0;
    static final long GUARD_NANOS = StallGuard.EVENT_BOUND.toNanos();

    /** Where the child halts, how it claims, and how many slots the sweep must recover. */
    enum KillStep {
        /** After a single claim, before writing the record (getAndAdd claim). */
        AFTER_CLAIM(ClaimStrategy.GET_AND_ADD, 1, 0),
        /** After the atomic, before recording the claim: the record still says INTENT (CAS claim). */
        IN_INTENT(ClaimStrategy.COMPARE_AND_SET, 1, 0),
        /** Holding an open push_slot handle, half the record written. */
        SLOT_OPEN(ClaimStrategy.GET_AND_ADD, 1, 0),
        /** A batch of 3 claimed, the first published (CAS claim). */
        MID_BATCH(ClaimStrategy.COMPARE_AND_SET, 2, 1);

        final ClaimStrategy claim;
        final int recovered;
        final int publishedBeforeDeath;

        KillStep(ClaimStrategy claim, int recovered, int publishedBeforeDeath) {
            this.claim = claim;
            this.recovered = recovered;
            this.publishedBeforeDeath = publishedBeforeDeath;
        }
    }

    static VvarLayout layout() {
        return VvarLayout.builder("disruptor-kill-test")
                .global("liveness", LivenessTable.footprint(8))
                .global("queue", new DisruptorQueueProvider().footprint(SPEC))
                .build(1);
    }

    /** The child domain: args = region file, kill step. Exits 0 only by halting at the step; 2 if stuck. */
    public static final class DyingProducer {
        public static void main(String[] args) {
            KillStep step = KillStep.valueOf(args[1]);
            try (SharedRegion region = SharedRegion.attach(Path.of(args[0]), layout())) {
                LivenessTable table = LivenessTable.attach(region.memory(), region.offset("liveness"), 8);
                int owner = table.register();
                DisruptorQueue queue = (DisruptorQueue) DisruptorQueueProvider.withClaimStrategy(step.claim)
                        .attach(region.memory(), region.offset("queue"), SPEC);
                DisruptorProducer p = (DisruptorProducer) queue.producer(CHILD_ID, owner);
                MemorySegment src = Arena.ofAuto().allocate(16L * 3, 8);
                long deadline = System.nanoTime() + GUARD_NANOS;
                for (int k = 0; k < CHILD_RECORDS; k++) {
                    Records.write(src, 0, 16, Records.pack(CHILD_ID, k));
                    while (!p.pushBack(src, 0)) {
                        if (System.nanoTime() > deadline) {
                            System.err.println("child: the parent never made room for record " + k);
                            System.exit(2);
                        }
                        Thread.onSpinWait();
                    }
                }
                long dying = Records.pack(CHILD_ID, CHILD_RECORDS);
                switch (step) {
                    case AFTER_CLAIM -> awaitClaim(p, 1, deadline);
                    case IN_INTENT -> {
                        awaitRoom(queue, 1, deadline); // the CAS claim never overshoots; keep the death honest
                        p.intent();
                        p.claimUnchecked(1);
                    }
                    case SLOT_OPEN -> {
                        SlotHandle h;
                        while ((h = p.pushSlotBack()) == null) {
                            checkDeadline(deadline);
                        }
                        h.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, h.offset(), dying); // half a record
                    }
                    case MID_BATCH -> {
                        awaitClaim(p, 3, deadline);
                        Records.write(src, 0, 16, dying);
                        // The claim's first sequence, as the child's own record says.
                        long claimedFirst = region.memory().getLongVolatile(queue.ring().producerRecord(CHILD_ID)
                                + ClaimRecord.FIRST);
                        p.awaitFree(claimedFirst);
                        region.memory().copyIn(queue.ring().recordOf(claimedFirst), src, 0, 16);
                        p.publish(claimedFirst, SlotState.published(queue.ring().lapOf(claimedFirst)));
                    }
                }
                System.out.println("child: halting at " + step);
                System.out.flush();
                Runtime.getRuntime().halt(0); // no shutdown hooks, no unmapping: as abrupt as SIGKILL for the ring
            }
        }

        private static void awaitClaim(DisruptorProducer p, int n, long deadline) {
            while (p.claim(n, true) == 0) {
                checkDeadline(deadline);
            }
        }

        private static void awaitRoom(DisruptorQueue q, int n, long deadline) {
            while (q.spec().capacity() - q.size() < n) {
                checkDeadline(deadline);
            }
        }

        private static void checkDeadline(long deadline) {
            if (System.nanoTime() > deadline) {
                System.err.println("child: no room to claim within the hang guard");
                System.exit(2);
            }
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @EnumSource(KillStep.class)
    void aProducerKilledMidPushStopsNobodyAndLosesNobodyElsesRecords(KillStep step) throws Exception {
        Path file = Files.createTempFile(SharedRegion.defaultDirectory(), "vdsolab-disruptor-kill-", ".vvar");
        try (SharedRegion region = SharedRegion.create(file, layout(), true)) {
            LivenessTable table = LivenessTable.create(region.memory(), region.offset("liveness"), 8);
            DisruptorQueue queue = (DisruptorQueue) DisruptorQueueProvider.withClaimStrategy(step.claim)
                    .create(region.memory(), region.offset("queue"), SPEC);
            int parentOwner = table.register();
            DisruptorProducer producer = (DisruptorProducer) queue.producer(PARENT_ID, parentOwner);
            DisruptorConsumer consumer = (DisruptorConsumer) queue.consumer(0, parentOwner);

            try (ChildJvm child = ChildJvm.builder(DyingProducer.class.getName())
                         .args(file.toString(), step.name())
                         .jvmFlags("--enable-native-access=ALL-UNNAMED")
                         .start();
                 QueueRecoverySweeper sweeper = new QueueRecoverySweeper(List.of(queue), table).start(2)) {
                Set<Long> received = new HashSet<>();
                int expected = CHILD_RECORDS + PARENT_RECORDS + step.publishedBeforeDeath;
                // The parent's live producer runs on its own thread: a getAndAdd claim that overshoots
                // waits for the consumer, which must therefore not be the same thread.
                Thread parentProducer = Thread.ofPlatform().name("parent-producer").start(() -> {
                    MemorySegment src = Arena.ofAuto().allocate(16, 8);
                    long deadline = System.nanoTime() + GUARD_NANOS;
                    for (int k = 0; k < PARENT_RECORDS && System.nanoTime() < deadline; ) {
                        Records.write(src, 0, 16, Records.pack(PARENT_ID, k));
                        if (producer.pushBack(src, 0)) {
                            k++;
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                });
                MemorySegment dst = Arena.ofAuto().allocate(16L * 8, 8);
                StallGuard guard = new StallGuard(() -> "the parent to receive " + expected + " records, has " + received.size()
                        + " (step " + step + ", child alive: " + child.isAlive() + ", sweeps: " + sweeper.sweeps()
                        + ", recovered: " + sweeper.recovered() + "); child stderr:\n" + child.stderrTail(ChildJvm.TAIL_LINES),
                        received::size, StallGuard.DEFAULT_STALL);
                while (received.size() < expected) {
                    guard.check();
                    int n = popWithoutHanging(consumer, queue, dst);
                    for (int k = 0; k < n; k++) {
                        long value = Records.check(dst, 16L * k, 16);
                        assertTrue(received.add(value), () -> "record " + Long.toHexString(value) + " delivered twice");
                    }
                    if (n == 0) {
                        Thread.onSpinWait();
                    }
                }
                StallGuard.join(parentProducer);
                assertEquals(0, child.awaitExit(StallGuard.EVENT_BOUND), () -> "the child must halt at " + step
                        + "; stderr:\n" + child.stderrTail(ChildJvm.TAIL_LINES));
                for (int k = 0; k < PARENT_RECORDS; k++) {
                    assertTrue(received.contains(Records.pack(PARENT_ID, k)), "parent record " + k + " lost");
                }
                for (int k = 0; k < CHILD_RECORDS + step.publishedBeforeDeath; k++) {
                    assertTrue(received.contains(Records.pack(CHILD_ID, k)), "child record " + k + " lost");
                }
                // Every pop has answered; the sweeper may still be between sweeps: one more settles it.
                sweeper.sweepOnce();
                assertEquals(step.recovered, sweeper.recovered(), "slots the dead child held, recovered exactly once");
                assertFalse(consumer.popFront(dst, 0), "nothing else is in the queue");
                assertEquals(ClaimRecord.IDLE, ClaimRecord.phaseOf(queue.producerRecordState(CHILD_ID)), "the dead child's record is retired");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Pops only what is deliverable now: a popMultiple that reached the dead child's claim would
     * wait (correctly) until the sweeper skips it, so ask for no more than the published prefix.
     */
    private static int popWithoutHanging(DisruptorConsumer consumer, DisruptorQueue queue, MemorySegment dst) {
        long cursor = queue.consumerCursor();
        long claimed = queue.producerCursor();
        int published = 0;
        for (long seq = cursor; seq < claimed && seq - cursor < SPEC.capacity() && published < 8; seq++) {
            long word = queue.availabilityWord(seq);
            long lap = queue.ring().lapOf(seq);
            if (word == SlotState.published(lap)) {
                published++;
            } else if (word != SlotState.skipped(lap)) {
                break; // claimed, not published (or not yet ours to read): stop before it
            }
        }
        return published == 0 ? 0 : consumer.popMultiple(dst, 0, published);
    }
}
