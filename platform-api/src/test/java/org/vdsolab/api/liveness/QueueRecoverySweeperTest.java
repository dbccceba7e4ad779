package org.vdsolab.api.liveness;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweeper's count: a sweep that returns has every earlier sweep of the same sweeper counted. */
class QueueRecoverySweeperTest {

    private static final OwnerLiveness NOBODY_DIES = token -> false;

    /**
     * A queue whose first recovery (the background thread's) holds the two slots it recovered
     * until the test lets it go, standing in for a sweep that is pre-empted after its CASes and
     * before its count is added; every later recovery finds nothing left.
     */
    private static final class SlowFirstRecovery implements SharedQueue {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override public long recover(OwnerLiveness liveness) {
            if (calls.getAndIncrement() > 0) {
                return 0;
            }
            entered.countDown();
            try {
                assertTrue(release.await(60, TimeUnit.SECONDS), "the test releases the first sweep");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 2;
        }
        @Override public String providerName() { return "slow-first-recovery"; }
        @Override public QueueSpec spec() { return new QueueSpec(4, 16, 1, 1); }
        @Override public int usableCapacity() { return 4; }
        @Override public long size() { return 0; }
        @Override public QueueProducer producer(int id) { throw new UnsupportedOperationException("no handles"); }
        @Override public QueueConsumer consumer(int id) { throw new UnsupportedOperationException("no handles"); }
    }

    @Test
    void aSweepThatReturnsHasTheBackgroundSweepsCountIncluded() throws Exception {
        SlowFirstRecovery queue = new SlowFirstRecovery();
        try (QueueRecoverySweeper sweeper = new QueueRecoverySweeper(List.of(queue), NOBODY_DIES).start(1)) {
            assertTrue(queue.entered.await(60, TimeUnit.SECONDS), "the background sweep starts");
            AtomicLong seenAfterSweep = new AtomicLong(-1);
            Thread caller = Thread.ofPlatform().name("sweep-caller").start(() -> {
                sweeper.sweepOnce();
                seenAfterSweep.set(sweeper.recovered());
            });
            // Event, not time: the caller either returned (the bug) or waits for the background sweep.
            long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (caller.isAlive() && caller.getState() != Thread.State.BLOCKED && System.nanoTime() < guard) {
                Thread.onSpinWait();
            }
            queue.release.countDown();
            caller.join(TimeUnit.SECONDS.toMillis(60));
            assertEquals(2, seenAfterSweep.get(), "recovered() after sweepOnce counts the sweep that was in flight");
        }
    }
}
