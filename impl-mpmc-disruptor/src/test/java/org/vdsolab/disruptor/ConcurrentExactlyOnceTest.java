package org.vdsolab.disruptor;

import org.junit.jupiter.api.Tag;
import org.vdsolab.api.testing.StallGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.idle.BackoffIdleStrategy;
import org.vdsolab.api.idle.BusySpinIdleStrategy;
import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.idle.YieldingIdleStrategy;
import org.vdsolab.api.queue.QueueSpec;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Several producers and consumers as threads, every operation mixed, small rings (so claims
 * overshoot and both sides wait), both claim strategies and every idle strategy: exactly once,
 * intact, per-producer FIFO.
 */
@Tag("slow")
class ConcurrentExactlyOnceTest {

    static Stream<Arguments> runs() {
        Supplier<IdleStrategy> backoff = BackoffIdleStrategy::new;
        Supplier<IdleStrategy> yielding = YieldingIdleStrategy::new;
        Supplier<IdleStrategy> spin = BusySpinIdleStrategy::new;
        ClaimStrategy gaa = ClaimStrategy.GET_AND_ADD;
        ClaimStrategy cas = ClaimStrategy.COMPARE_AND_SET;
        return Stream.of(
                // 5·10^4 per producer: 10^5 records through a 4-slot ring (2.5·10^4 laps), and the parked
                // back-off no longer makes this case the suite's longest on a loaded machine
                arguments(Backend.SEGMENT, new QueueSpec(4, 16, 2, 2), gaa, backoff, "backoff", 50_000),
                arguments(Backend.SEGMENT, new QueueSpec(16, 64, 3, 2), gaa, yielding, "yield", 100_000),
                arguments(Backend.SEGMENT, new QueueSpec(2, 16, 2, 2), gaa, spin, "busy-spin", 10_000),   // 4 spinners on 2 cores: slow under load, still 10^4 laps
                arguments(Backend.SEGMENT, new QueueSpec(4, 16, 2, 2), cas, backoff, "backoff", 50_000),
                arguments(Backend.SEGMENT, new QueueSpec(8, 32, 3, 3), cas, yielding, "yield", 60_000),
                arguments(Backend.HEAP, new QueueSpec(4, 16, 2, 2), gaa, backoff, "backoff", 20_000),
                arguments(Backend.HEAP, new QueueSpec(8, 24, 2, 3), cas, yielding, "yield", 15_000));
    }

    @ParameterizedTest(name = "{0} {1} {2} {4}")
    @MethodSource("runs")
    void exactlyOnce(Backend backend, QueueSpec spec, ClaimStrategy claim, Supplier<IdleStrategy> idle, String idleName,
                     int perProducer) throws InterruptedException {
        DisruptorQueueProvider provider = new DisruptorQueueProvider(idle, claim);
        var queue = provider.create(backend.memory(Ring.BASE + provider.footprint(spec)), Ring.BASE, spec);
        new ExactlyOnceRun(queue, queue, perProducer).run();
    }

    /**
     * COMPARE_AND_SET never claims beyond the consumers: sampled (producer cursor first, so the
     * sample can only under-estimate) while 3 producers race on a 4-slot ring.
     */
    @Test
    void compareAndSetClaimsNeverPassTheConsumerCursor() throws InterruptedException {
        QueueSpec spec = new QueueSpec(4, 16, 3, 2);
        DisruptorQueueProvider provider = DisruptorQueueProvider.withClaimStrategy(ClaimStrategy.COMPARE_AND_SET);
        DisruptorQueue queue = (DisruptorQueue) provider.create(Backend.SEGMENT.memory(provider.footprint(spec)), 0, spec);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong samples = new AtomicLong();
        AtomicLong worst = new AtomicLong(Long.MIN_VALUE);
        Thread monitor = new Thread(() -> {
            while (!done.get()) {
                long claimed = queue.producerCursor();
                long consumed = queue.consumerCursor();
                worst.accumulateAndGet(claimed - consumed, Math::max);
                samples.incrementAndGet();
                Thread.yield(); // 2 cores: sample without starving the parties
            }
        }, "monitor");
        monitor.start();
        try {
            new ExactlyOnceRun(queue, queue, 30_000).run();
        } finally {
            done.set(true);
            StallGuard.join(monitor);
        }
        assertTrue(samples.get() > 0);
        assertTrue(worst.get() <= spec.capacity(), "claims ran " + worst.get() + " ahead of consumers on a ring of "
                + spec.capacity());
    }
}
