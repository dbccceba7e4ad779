package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.uring.UringControl.Counter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** IO_LINK chains with a failing link, and CQE_SKIP_SUCCESS. */
class LinkAndSkipTest {

    @Test
    void aFailingLinkCancelsTheRestOfItsChainOnly() {
        TestDevice dev = new TestDevice(1 << 16, 50_000);
        try (UringKernel k = Rings.kernel(Rings.spec(32, 32), dev, Rings.tuning()).startPollers()) {
            UringUser u = k.user(0);
            SqBuffer sb = u.newSqBuffer(16);
            sb.getSqe().opcode(UringOp.WRITE).fd(0).off(0).len(64).flags(SqeFlags.IO_LINK).userData(1);   // ok
            sb.getSqe().opcode(UringOp.READ).fd(0).off(1 << 20).len(64).flags(SqeFlags.IO_LINK).userData(2); // invalid
            sb.getSqe().opcode(UringOp.NOP).flags(SqeFlags.IO_LINK).userData(3);                        // cancelled
            sb.getSqe().opcode(UringOp.WRITE).fd(0).off(64).len(64).userData(4);                         // cancelled, chain end
            sb.getSqe().opcode(UringOp.NOP).userData(5);                                                 // unaffected
            dev.failOffset = 4096;
            sb.getSqe().opcode(UringOp.READ).fd(0).off(0).len(64).flags(SqeFlags.IO_LINK).userData(6);   // ok
            sb.getSqe().opcode(UringOp.READ).fd(0).off(4096).len(64).flags(SqeFlags.IO_LINK).userData(7); // device -EIO
            sb.getSqe().opcode(UringOp.NOP).userData(8);                                                 // cancelled
            assertEquals(8, sb.submit());
            List<Cqe> got = Rings.reap(u, 8);
            int[] expected = {0, 64, -Errno.EINVAL, -Errno.ECANCELED, -Errno.ECANCELED, 0, 64, -Errno.EIO, -Errno.ECANCELED};
            for (int ud = 1; ud <= 8; ud++) {
                assertEquals(expected[ud], KernelRoundTripTest.byUserData(got, ud).res, "user_data " + ud);
            }
            assertEquals(3, k.total(Counter.CANCELLED));
            assertEquals(3, dev.requests.get(), "cancelled members never reach the device");
            // chain CQEs come in chain order
            int p1 = got.indexOf(KernelRoundTripTest.byUserData(got, 1));
            int p2 = got.indexOf(KernelRoundTripTest.byUserData(got, 2));
            int p4 = got.indexOf(KernelRoundTripTest.byUserData(got, 4));
            assertEquals(true, p1 < p2 && p2 < p4, "chain order " + got);
        }
    }

    @Test
    void skipSuccessPostsOnlyFailures() {
        TestDevice dev = new TestDevice(1 << 16, 0);
        try (UringKernel k = Rings.kernel(Rings.spec(32, 32), dev, Rings.tuning()).startPollers()) {
            UringUser u = k.user(0);
            SqBuffer sb = u.newSqBuffer(8);
            sb.getSqe().opcode(UringOp.NOP).flags(SqeFlags.CQE_SKIP_SUCCESS).userData(1);
            sb.getSqe().opcode(UringOp.WRITE).fd(0).len(8).flags(SqeFlags.CQE_SKIP_SUCCESS).userData(2);
            sb.getSqe().opcode(UringOp.READ).fd(9).len(8).flags(SqeFlags.CQE_SKIP_SUCCESS).userData(3); // fails: posted
            sb.getSqe().opcode(UringOp.NOP).userData(4);
            assertEquals(4, sb.submit());
            List<Cqe> got = Rings.reap(u, 2);
            assertEquals(-Errno.EBADF, KernelRoundTripTest.byUserData(got, 3).res);
            assertEquals(0, KernelRoundTripTest.byUserData(got, 4).res);
            assertEquals(2, k.total(Counter.SKIPPED));
            Cqe extra = new Cqe();
            assertFalse(u.await(extra, 50_000_000L), "a skipped success must not post: got " + extra);
        }
    }
}
