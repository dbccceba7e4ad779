package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.UringControl.Counter;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests through running pollers: NOP, WRITE then READ with data checked, FSYNC, TIMEOUT. */
class KernelRoundTripTest {

    @Test
    void nopsComeBackWithTheirUserDataExactlyOnce() {
        TestDevice dev = new TestDevice(1 << 16, 0);
        try (UringKernel k = Rings.kernel(Rings.spec(64, 64), dev, Rings.tuning()).startPollers()) {
            UringUser u = k.user(0);
            Sqe s = new Sqe();
            Set<Long> seen = new HashSet<>();
            Cqe c = new Cqe();
            for (long i = 0; i < 5_000; i++) {
                s.clear();
                s.opcode = UringOp.NOP;
                s.userData = i * 31 + 7;
                while (!u.sq().push(s)) {
                    while (u.poll(c)) {
                        assertEquals(0, c.res);
                        assertTrue(seen.add(c.userData), "duplicate " + c.userData);
                    }
                }
            }
            while (seen.size() < 5_000) {
                assertTrue(u.await(c, Rings.BOUND), "lost completions: " + seen.size());
                assertTrue(seen.add(c.userData), "duplicate " + c.userData);
                assertEquals(0, CqeFlags.owner(c.flags));
            }
            for (long i = 0; i < 5_000; i++) {
                assertTrue(seen.contains(i * 31 + 7));
            }
            assertEquals(5_000, k.total(Counter.CQES));
        }
    }

    @Test
    void writeThenReadThroughTheBufferAreaMovesTheBytes() {
        TestDevice dev = new TestDevice(1 << 16, 20_000);
        try (UringKernel k = Rings.kernel(Rings.spec(16, 16), dev, Rings.tuning()).startPollers()) {
            UringUser u = k.user(0);
            MemorySegment buf = u.buffers();
            for (int i = 0; i < 4096; i++) {
                buf.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7));
            }
            SqBuffer sb = u.newSqBuffer(4);
            sb.getSqe().opcode(UringOp.WRITE).fd(0).off(8192).addr(0).len(4096).userData(1);
            sb.getSqe().opcode(UringOp.FSYNC).fd(0).userData(2);
            assertEquals(2, sb.submit());
            List<Cqe> done = Rings.reap(u, 2);
            assertEquals(4096, byUserData(done, 1).res);
            assertEquals(0, byUserData(done, 2).res);
            assertEquals(1, dev.fsyncs.get());
            for (int i = 0; i < 4096; i++) {
                assertEquals((byte) (i * 7), dev.store.get(ValueLayout.JAVA_BYTE, 8192 + i));
            }
            sb.getSqe().opcode(UringOp.READ).fd(0).off(8192 + 100).addr(10_000).len(1000).userData(3);
            assertEquals(1, sb.submit());
            Cqe r = Rings.reap(u, 1).get(0);
            assertEquals(3, r.userData);
            assertEquals(1000, r.res);
            for (int i = 0; i < 1000; i++) {
                assertEquals((byte) ((i + 100) * 7), buf.get(ValueLayout.JAVA_BYTE, 10_000 + i));
            }
            assertEquals(0, dev.outOfBounds.get());
        }
    }

    @Test
    void timeoutCompletesWithEtimeNotBeforeItsDeadline() {
        try (UringKernel k = Rings.kernel(Rings.spec(16, 16), null, Rings.tuning()).startPollers()) {
            UringUser u = k.user(0);
            u.buffers().set(ValueLayout.JAVA_LONG_UNALIGNED, 24, 0L);
            u.buffers().set(ValueLayout.JAVA_LONG_UNALIGNED, 32, 30_000_000L); // 30 ms
            SqBuffer sb = u.newSqBuffer(2);
            SqeView t = sb.getSqe().opcode(UringOp.TIMEOUT).addr(24).len(1).userData(9);
            assertEquals(UringOp.TIMEOUT, t.opcode());
            long before = System.nanoTime();
            assertEquals(1, sb.submit());
            Cqe c = Rings.reap(u, 1).get(0);
            long after = System.nanoTime();
            assertEquals(9, c.userData);
            assertEquals(-Errno.ETIME, c.res);
            assertTrue(after - before >= 30_000_000L, "a timeout never fires early");
        }
    }

    static Cqe byUserData(List<Cqe> cqes, long userData) {
        for (Cqe c : cqes) {
            if (c.userData == userData) {
                return c;
            }
        }
        throw new AssertionError("no CQE with user_data " + userData + " in " + cqes);
    }
}
