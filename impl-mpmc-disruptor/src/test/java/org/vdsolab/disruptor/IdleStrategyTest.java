package org.vdsolab.disruptor;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.idle.BusySpinIdleStrategy;
import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.idle.YieldingIdleStrategy;
import org.vdsolab.api.queue.QueueSpec;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idle strategies: back-off escalation by call count, no allocation per wait, one per handle. */
class IdleStrategyTest {

    @Test
    void backoffEscalatesFromSpinToYieldToGrowingParks() {
        BackoffIdleStrategy b = new BackoffIdleStrategy(3, 2, 1_000, 8_000);
        List<BackoffIdleStrategy.Phase> phases = new ArrayList<>();
        List<Long> parks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            phases.add(b.phase());
            parks.add(b.nextParkNanos());
            b.idle();
        }
        assertEquals(List.of(BackoffIdleStrategy.Phase.SPINNING, BackoffIdleStrategy.Phase.SPINNING,
                BackoffIdleStrategy.Phase.SPINNING, BackoffIdleStrategy.Phase.YIELDING,
                BackoffIdleStrategy.Phase.YIELDING, BackoffIdleStrategy.Phase.PARKING,
                BackoffIdleStrategy.Phase.PARKING, BackoffIdleStrategy.Phase.PARKING,
                BackoffIdleStrategy.Phase.PARKING, BackoffIdleStrategy.Phase.PARKING), phases);
        // The park timeout doubles on every park and stops at the cap.
        assertEquals(List.of(1_000L, 1_000L, 1_000L, 1_000L, 1_000L, 1_000L, 2_000L, 4_000L, 8_000L, 8_000L), parks);
        b.reset();
        assertEquals(BackoffIdleStrategy.Phase.SPINNING, b.phase());
        assertEquals(1_000L, b.nextParkNanos());
    }

    @Test
    void backoffWithoutSpinsOrYieldsParksAtOnce() {
        BackoffIdleStrategy b = new BackoffIdleStrategy(0, 0, 10, 10);
        assertEquals(BackoffIdleStrategy.Phase.PARKING, b.phase());
        b.idle();
        assertEquals(10, b.nextParkNanos());
    }

    @Test
    void backoffRejectsNonsenseLimitsNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(-1, 0, 1, 1));
        assertTrue(e.getMessage().contains("maxSpins"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(0, -1, 1, 1));
        assertTrue(e.getMessage().contains("maxYields"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(0, 0, 10, 5));
        assertTrue(e.getMessage().contains("minParkNanos"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(0, 0, 0, 5));
    }

    @Test
    void noStrategyAllocatesPerWait() {
        IdleStrategy[] strategies = {
            new BusySpinIdleStrategy(),
            new YieldingIdleStrategy(),
            // Reaches the parking phase quickly and parks for 1 ns so the loop stays short.
            new BackoffIdleStrategy(4, 4, 1, 1),
            new BackoffIdleStrategy(),
        };
        for (IdleStrategy s : strategies) {
            Allocations.assertAllocationFree(s + " idle()", 2_000, 5_000, 1_024, () -> {
                s.idle();
                if (s instanceof BackoffIdleStrategy b && b.phase() == BackoffIdleStrategy.Phase.PARKING
                        && b.nextParkNanos() > 1_000) {
                    b.reset(); // keep the default back-off's parks short in this count
                }
            });
            Allocations.assertAllocationFree(s + " reset()", 1_000, 10_000, 1_024, s::reset);
        }
    }

    @Test
    void eachProducerHandleGetsItsOwnStrategyFromTheFactory() {
        List<IdleStrategy> made = new ArrayList<>();
        DisruptorQueueProvider provider = DisruptorQueueProvider.withIdleStrategy(() -> {
            IdleStrategy s = new BackoffIdleStrategy();
            made.add(s);
            return s;
        });
        QueueSpec spec = new QueueSpec(4, 16, 3, 2);
        var queue = provider.create(Backend.HEAP.memory(provider.footprint(spec)), 0, spec);
        queue.producer(0);
        queue.producer(1);
        queue.producer(2);
        queue.consumer(0);
        assertEquals(4, made.size(), "one strategy per producer and consumer handle");
        assertNotSame(made.get(0), made.get(1));
        DisruptorQueueProvider broken = DisruptorQueueProvider.withIdleStrategy(() -> null);
        var q2 = broken.create(Backend.HEAP.memory(broken.footprint(spec)), 0, spec);
        var e = assertThrows(NullPointerException.class, () -> q2.producer(0));
        assertTrue(e.getMessage().contains("idle strategy"), e.getMessage());
        e = assertThrows(NullPointerException.class, () -> q2.consumer(0));
        assertTrue(e.getMessage().contains("idle strategy"), e.getMessage());
    }

    @Test
    void theServiceLoaderInstanceUsesTheDefaultBackoff() {
        QueueSpec spec = QueueSpec.of(2, 8);
        DisruptorQueueProvider provider = new DisruptorQueueProvider();
        var queue = provider.create(Backend.HEAP.memory(provider.footprint(spec)), 0, spec);
        assertTrue(queue.producer(0).toString().contains("backoff"), queue.producer(0).toString());
    }
}
