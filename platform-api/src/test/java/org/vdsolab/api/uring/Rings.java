package org.vdsolab.api.uring;

import org.vdsolab.api.idle.YieldingIdleStrategy;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.queue.testkit.selftest.LockedDequeProvider;
import org.vdsolab.api.record.Cqe;

import org.vdsolab.api.testing.StallGuard;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers: a kernel over private shared memory with the test kit's locked deque and one {@link TestDevice}. */
final class Rings {
    private Rings() { }

    static final LockedDequeProvider QUEUE = new LockedDequeProvider();
    static final long SECOND = 1_000_000_000L;
    /** The bound of a wait for a few completions that the kernel will produce: generous under load. */
    static final long BOUND = StallGuard.EVENT_BOUND.toNanos();

    static UringSpec spec(int sq, int cq) {
        return UringSpec.simple(LockedDequeProvider.NAME, sq, cq);
    }

    /** A kernel (pollers not started) with {@code device} registered as fd 0 for every domain. */
    static UringKernel kernel(UringSpec spec, TestDevice device, KernelPoller.Tuning tuning) {
        UringLayout layout = UringLayout.of(spec, QUEUE);
        UringKernel.Builder b = UringKernel.builder(spec).provider(QUEUE)
                .memory(new SegmentWordMemory(Arena.ofShared().allocate(layout.layout().totalSize(), 4096)))
                .idle(YieldingIdleStrategy::new).tuning(tuning);
        if (device != null) {
            b.device("test", device);
        }
        return b.build();
    }

    static KernelPoller.Tuning tuning() {
        return new KernelPoller.Tuning(16, 50_000_000, 100_000, 8);
    }

    /** Drives {@code poller} by hand (its thread not started) until {@code user} has reaped {@code n} completions (bounded: no completion for the hang guard's bound fails). */
    static List<Cqe> reapWith(KernelPoller poller, UringUser user, int n) {
        List<Cqe> got = new ArrayList<>();
        StallGuard guard = new StallGuard(() -> "completions: got " + got.size() + " of " + n, got::size, StallGuard.DEFAULT_STALL);
        while (got.size() < n) {
            Cqe c = new Cqe();
            if (user.poll(c)) {
                got.add(c);
                continue;
            }
            guard.check();
            if (!poller.pollOnce()) {
                Thread.onSpinWait();
            }
        }
        return got;
    }

    /** Waits (bounded) for exactly {@code n} completions of {@code user}. */
    static List<Cqe> reap(UringUser user, int n) {
        List<Cqe> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Cqe c = new Cqe();
            assertTrue(user.await(c, BOUND), "completion " + i + " of " + n + " did not arrive");
            got.add(c);
        }
        return got;
    }
}
