package org.vdsolab.api.uring;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeView;

import org.vdsolab.api.testing.StallGuard;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Three user domains (threads) share one SQ; under every routing policy each gets exactly its own completions. */
class RoutingTest {

    @ParameterizedTest
    @EnumSource(RoutingPolicy.class)
    void everyCompletionReachesItsSubmitterExactlyOnce(RoutingPolicy policy) throws Exception {
        int domains = 3;
        int perDomain = 3_000;
        UringSpec spec = Rings.spec(64, 8).withDomains(domains).withPollers(2).withRouting(policy, 2);
        try (UringKernel k = Rings.kernel(spec, null, Rings.tuning()).startPollers()) {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int d = 0; d < domains; d++) {
                UringUser u = k.user(d);
                threads.add(new Thread(() -> {
                    try {
                        runDomain(u, perDomain);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "domain-" + d));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                StallGuard.join(t);
            }
            assertNull(failure.get(), () -> "domain failed: " + failure.get());
        }
    }

    private static void runDomain(UringUser u, int n) {
        int d = u.domain();
        SqBuffer sb = u.newSqBuffer(8);
        BitSet seen = new BitSet(n);
        Cqe c = new Cqe();
        int sent = 0;
        int received = 0;
        long deadline = System.nanoTime() + Rings.BOUND;
        while (received < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("domain " + d + " received " + received + " of " + n
                        + " (pending hand-offs " + u.router().pendingHandOffs() + ")");
            }
            while (sent < n && sb.staged() < sb.capacity()) {
                SqeView v = sb.getSqe();
                v.opcode(UringOp.NOP).userData(((long) d << 32) | sent++);
            }
            sb.submit();
            while (u.poll(c)) {
                assertEquals(d, (int) (c.userData >>> 32), "domain " + d + " got another domain's completion");
                int i = (int) c.userData;
                assertEquals(false, seen.get(i), "duplicate " + i);
                seen.set(i);
                received++;
            }
            Thread.yield();
        }
        // keep handing on what we hold for others until they are done
        u.router().flushHandOffs(Rings.BOUND);
        assertEquals(n, seen.cardinality());
    }
}
