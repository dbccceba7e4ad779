package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.uring.UringControl.Counter;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CQ overflow (nothing lost, flag raised and cleared) and the NEED_WAKEUP protocol. */
class OverflowAndWakeupTest {

    @Test
    void aFloodIntoATinyCqLosesNothing() {
        int n = 2_000;
        try (UringKernel k = Rings.kernel(Rings.spec(64, 2), null, Rings.tuning()).startPollers()) {
            UringUser u = k.user(0);
            Sqe s = new Sqe();
            for (int i = 0; i < n; i++) {
                s.clear();
                s.opcode = UringOp.NOP;
                s.userData = i;
                while (!u.sq().push(s)) {
                    Thread.yield(); // the poller drains the SQ into its overflow list; we do not reap yet
                }
            }
            long deadline = System.nanoTime() + Rings.BOUND;
            while (k.total(Counter.SQES) < n && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertEquals(n, k.total(Counter.SQES));
            assertTrue(u.control().cqOverflow(), "CQ_OVERFLOW must be set while completions wait in kernel memory");
            assertTrue(u.control().backlog() > 0);
            BitSet seen = new BitSet(n);
            Cqe c = new Cqe();
            for (int i = 0; i < n; i++) {
                assertTrue(u.await(c, Rings.BOUND), "lost after " + i);
                assertFalse(seen.get((int) c.userData), "duplicate " + c.userData);
                seen.set((int) c.userData);
            }
            assertEquals(n, seen.cardinality());
            assertTrue(k.total(Counter.OVERFLOWED) > 0);
            deadline = System.nanoTime() + Rings.BOUND;
            while (u.control().cqOverflow() && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertFalse(u.control().cqOverflow(), "flag clears once the backlog is delivered");
            assertEquals(0, u.control().backlog());
        }
    }

    @Test
    void anIdlePollerSetsNeedWakeupAndASubmitWakesIt() {
        KernelPoller.Tuning t = new KernelPoller.Tuning(16, 2_000_000, 50_000_000, 8); // 50 ms park slices
        try (UringKernel k = Rings.kernel(Rings.spec(16, 16), null, t).startPollers()) {
            UringUser u = k.user(0);
            long deadline = System.nanoTime() + Rings.BOUND;
            while (!u.control().needWakeup() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(u.control().needWakeup(), "the poller should have gone to sleep after its idle timeout");
            long seq = u.control().wakeSequence();
            Sqe s = new Sqe();
            s.opcode = UringOp.NOP;
            s.userData = 123;
            assertTrue(u.sq().push(s));
            assertTrue(u.control().wakeSequence() > seq, "the submitter saw NEED_WAKEUP and bumped the wake word");
            Cqe c = Rings.reap(u, 1).get(0);
            assertEquals(123, c.userData);
            assertTrue(k.total(Counter.SLEEPS) >= 1);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
